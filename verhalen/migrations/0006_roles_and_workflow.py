"""Venster's roles as Wagtail groups, and the workflow for stories and reflections.

- Medewerker writes stories, reflections and experiments as drafts and raises system
  flaws; the workflow stands between them and publication.
- Redactie moderates submissions, publishes, curates tags and manages experiments and
  system flaws; it takes both steps of the workflow.
- Onderzoeker reads what is published and uses search, patterns, API and exports,
  which are public; it has no admin rights, so no submission is visible to it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Medewerker": {
        "model": [
            "wagtailadmin.access_admin",
            "leren.add_systeemfout",
            "leren.view_systeemfout",
        ],
        "page": ["add_page", "change_page"],
    },
    "Redactie": {
        "model": [
            "wagtailadmin.access_admin",
            "verhalen.view_inzending",
            "verhalen.moderate_inzending",
            "leren.add_systeemfout",
            "leren.change_systeemfout",
            "leren.delete_systeemfout",
            "leren.view_systeemfout",
            "leren.add_tagsynonym",
            "leren.change_tagsynonym",
            "leren.delete_tagsynonym",
            "leren.view_tagsynonym",
            "taggit.add_tag",
            "taggit.change_tag",
            "taggit.delete_tag",
            "taggit.view_tag",
        ],
        "page": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    "Onderzoeker": {"model": [], "page": []},
}
WORKFLOW = "Verhalen en reflecties"


def create_roles_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()

    groups = {}
    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for dotted in rights["model"]:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        for codename in rights["page"]:
            if root is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    if Workflow.objects.filter(name=WORKFLOW).exists():
        return
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    steps = [
        ("verhalen", "AnonymisationCheckTask", "Anonimisering controleren"),
        ("wagtailcore", "GroupApprovalTask", "Redactionele goedkeuring"),
    ]
    for order, (app_label, model_name, title) in enumerate(steps):
        model = apps.get_model(app_label, model_name)
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name.lower()
        )
        task = model.objects.create(name=title, active=True, content_type=content_type)
        task.groups.add(groups["Redactie"])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verhalen", "0005_anonymisation_check"),
        ("leren", "0002_tag_synonym"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)
    ]
