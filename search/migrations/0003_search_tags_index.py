"""On PostgreSQL, a GIN index on each search document's tag list, for tag filters."""

from django.db import migrations


def gin_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX venster_search_zoekdocument_tags "
            "ON venster_search_zoekdocument USING GIN (tags jsonb_path_ops)"
        )


def gin_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS venster_search_zoekdocument_tags")


class Migration(migrations.Migration):
    dependencies = [("venster_search", "0002_search_documents")]

    operations = [migrations.RunPython(gin_index_create, gin_index_drop)]
