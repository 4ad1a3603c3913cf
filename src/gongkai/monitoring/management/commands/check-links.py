from django.core.management.base import BaseCommand, CommandError

from gongkai.monitoring.links import check_agencies
from gongkai.monitoring.probes import agencies_to_probe


class Command(BaseCommand):
    help = (
        "检查各机关已发布内容中的链接（站内链接在本站内解析；站外链接仅在 "
        "GONGKAI_LINKCHECK_EXTERNAL 开启时限量检查）；gongkai worker 每日自动运行"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency", action="append", metavar="SLUG", help="只检查该机关（可重复）"
        )

    def handle(self, *args, **options):
        try:
            agencies = agencies_to_probe(options["agency"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        runs = check_agencies(agencies)
        for agency, run in zip(agencies, runs, strict=True):
            self.stdout.write(
                f"{agency.slug}\t链接 {run.links}\t错误 {run.broken}\t未检查 {run.unchecked}"
            )
            for result in run.results.filter(ok=False).order_by("page_title", "target"):
                answer = result.error or f"HTTP {result.status_code}"
                self.stdout.write(
                    f"  {result.target}\t{answer}\t{result.page_title}\t{result.page_url}"
                )
