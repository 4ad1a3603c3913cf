"""``gongkai nginx-config --output DIR``: the nginx configuration of the published site,
with the app's security headers and the agencies' host names (gongkai.publishing)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.publishing.nginx_config import Options, write_all


class Command(BaseCommand):
    help = "生成 nginx 配置（静态发布）/ write the nginx configuration of the published site"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="folder to write into")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="the app's address")
        parser.add_argument("--listen", default="80", help="nginx's listen directive value")
        parser.add_argument("--root", type=Path, help="publish root (GONGKAI_PUBLISH_ROOT)")

    def handle(self, *args, **options):
        written = write_all(
            Options(
                output=options["output"],
                upstream=options["upstream"],
                listen=options["listen"],
                root=options["root"],
            )
        )
        for path in written:
            self.stdout.write(str(path))
