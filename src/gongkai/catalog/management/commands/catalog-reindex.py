from django.core.management.base import BaseCommand

from gongkai.catalog.search.indexing import reindex_all


class Command(BaseCommand):
    help = "Rebuild the catalog's full-text search index from the live, public items"

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        count = reindex_all(using=options["database"])
        self.stdout.write(f"已重建检索索引：{count} 条信息。")
