"""Wagtail's own default workflow and groups, in Venster's words.

Wagtail creates the groups Editors and Moderators and the workflow "Moderators
approval" on the root page, which still applied to every page outside the story and
reflection indexes (the home page, experiments, monthly overviews) and showed its
English name on the editors' buttons. That workflow becomes "Redactionele
goedkeuring", approved by Redactie; the two groups go, unless someone was put in one,
in which case it is renamed so that nobody loses a right unseen.
"""

from django.db import migrations

WAGTAIL_WORKFLOW = "Moderators approval"
APPROVAL = "Redactionele goedkeuring"
WAGTAIL_GROUPS = {"Editors": "Wagtail-redacteuren", "Moderators": "Wagtail-moderatoren"}


def venster_words(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    redactie = Group.objects.filter(name="Redactie").first()

    for task in GroupApprovalTask.objects.filter(name=WAGTAIL_WORKFLOW):
        task.name = APPROVAL
        task.save(update_fields=["name"])
        if redactie is not None:
            task.groups.set([redactie])
    Workflow.objects.filter(name=WAGTAIL_WORKFLOW).update(name=APPROVAL)

    for name, dutch in WAGTAIL_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if group.user_set.exists():
            group.name = dutch
            group.save(update_fields=["name"])
        else:
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verhalen", "0012_story_generalisation"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(venster_words, migrations.RunPython.noop)]
