"""Redactie curates themes, as it curates tags and synonyms."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_thema", "change_thema", "delete_thema", "view_thema"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Redactie").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="leren", codename__in=CODENAMES
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Redactie").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="leren", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("verhalen", "0007_monthly_overview"),
        ("leren", "0003_care_flaws_themes_matches"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
