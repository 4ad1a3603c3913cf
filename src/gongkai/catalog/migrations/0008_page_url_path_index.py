"""An index on Wagtail's ``wagtailcore_page.url_path``, which the public routing of
``catalog/public_cache.py`` (``UrlPathRouting``) looks pages up by: without it each public
request reads the whole page table (0.4 s at a million pages).

On PostgreSQL a hash index: a url_path can be longer than a B-tree entry may be (slugs of
255 characters, several levels), and the lookup is by equality only (``url_path = a OR
url_path = b``, one index probe each). SQLite's B-tree has no such limit.
"""

from django.db import migrations

NAME = "catalog_page_url_path"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page USING hash (url_path)"
        )
    else:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page (url_path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_items_listed_at"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
