from django.db import migrations, models

from verhalen.small_numbers import PeriodLevel, PlaceLevel, Shown


def stories_as_shown(apps, schema_editor):
    """Story documents hold place and period only as the ladder shows them."""
    Zoekdocument = apps.get_model("venster_search", "Zoekdocument")
    StoryGeneralisation = apps.get_model("verhalen", "StoryGeneralisation")
    shown = {
        row.page_id: Shown(
            place=row.place,
            place_level=PlaceLevel(row.place_level),
            period=row.period,
            period_level=PeriodLevel(row.period_level),
        )
        for row in StoryGeneralisation.objects.all()
    }
    stories = Zoekdocument.objects.filter(kind="verhaal")
    for document in stories.only("page_id", "municipality", "period"):
        story = shown.get(document.page_id)
        document.municipality = story.place if story else ""
        document.period = story.period_start if story else None
        document.save(update_fields=["municipality", "period"])


class Migration(migrations.Migration):
    dependencies = [
        ("venster_search", "0003_search_tags_index"),
        ("verhalen", "0012_story_generalisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="zoekdocument",
            name="period",
            field=models.DateField(db_index=True, null=True, verbose_name="period"),
        ),
        migrations.RunPython(stories_as_shown, migrations.RunPython.noop),
    ]
