"""Patterns are addressed by their tags, which survive a recompute; numbers do not."""

from django.db import migrations, models


def addresses_fill(apps, schema_editor):
    Patroon = apps.get_model("venster_search", "Patroon")
    Tag = apps.get_model("taggit", "Tag")
    slugs = dict(Tag.objects.values_list("name", "slug"))
    for pattern in Patroon.objects.all():
        if all(tag in slugs for tag in pattern.tags):
            pattern.address = "+".join(sorted(slugs[tag] for tag in pattern.tags))
        else:
            # A tag renamed since the last recompute; the next recompute fixes it.
            pattern.address = f"patroon-{pattern.pk}"
        pattern.save(update_fields=["address"])


class Migration(migrations.Migration):
    dependencies = [
        ("venster_search", "0005_pattern_trend"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="patroon",
            name="address",
            field=models.CharField(max_length=255, null=True, verbose_name="address"),
        ),
        migrations.RunPython(addresses_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patroon",
            name="address",
            field=models.CharField(max_length=255, unique=True, verbose_name="address"),
        ),
    ]
