from django.core.management.base import BaseCommand, CommandError

from gongkai.monitoring.probes import agencies_to_probe, probe_agencies


class Command(BaseCommand):
    help = (
        "探测各机关网站首页能否访问（15秒内完整打开），每个机关一次并记录；"
        "gongkai worker 每30分钟自动运行 / probe every agency's home page once"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency", action="append", metavar="SLUG", help="只探测该机关（可重复）"
        )

    def handle(self, *args, **options):
        try:
            agencies = agencies_to_probe(options["agency"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        probes = probe_agencies(agencies)
        for agency, probe in zip(agencies, probes, strict=True):
            answer = "正常 / ok" if probe.ok else f"失败 / failed: {probe.error}"
            status = probe.status_code or "-"
            self.stdout.write(
                f"{agency.slug}\t{probe.url}\t{status}\t{probe.duration_ms} ms\t{answer}"
            )
        failed = sum(1 for p in probes if not p.ok)
        self.stdout.write(f"已探测 {len(probes)} 个机关，失败 {failed} 个")
