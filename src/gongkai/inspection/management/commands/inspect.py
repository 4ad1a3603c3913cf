"""``gongkai inspect [--agency SLUG]... [--at ISO-DATETIME] [--json]``: the national website
inspection of the agencies' sites at an instant. Exit 0 when every agency inspected is 合格,
1 when any is 不合格 or 未完成, 2 on bad arguments."""

import json
import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.agencies.lookup import USAGE_ERROR
from gongkai.agencies.models import Agency
from gongkai.inspection.engine import aware, inspect
from gongkai.inspection.results import QUALIFIED, STATUSES

STATUS_LABELS = dict(zip(STATUSES, ("通过", "扣分", "否决", "未监测"), strict=True))


def _instant(text: str | None) -> datetime:
    if text is None:
        return timezone.now()
    try:
        return aware(datetime.fromisoformat(text))
    except ValueError:
        raise CommandError(
            f"时间格式应为 ISO 8601，如 2021-06-30T12:00：{text} / "
            f"--at must be an ISO date-time, e.g. 2021-06-30T12:00",
            returncode=USAGE_ERROR,
        ) from None


def _agencies(slugs: list[str]) -> list[Agency]:
    if not slugs:
        return list(Agency.objects.filter(retired_on__isnull=True).order_by("sort_order", "name"))
    found = {a.slug: a for a in Agency.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        names = "、".join(unknown)
        raise CommandError(
            f"未找到机关：{names} / unknown agency: {', '.join(unknown)}", returncode=USAGE_ERROR
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


class Command(BaseCommand):
    help = (
        "政府网站检查（国办秘函〔2019〕19号）：逐个机关给出合格、不合格或未完成 / "
        "Inspect the agencies' sites against the national website check list"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar="SLUG",
            help="an agency to inspect (repeatable); none: every agency not retired",
        )
        parser.add_argument(
            "--at", help="the instant, ISO 8601 (without a zone: Asia/Shanghai); default now"
        )
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args, **options):
        at = _instant(options["at"])
        verdicts = inspect(_agencies(options["agency"]), at)
        if options["json"]:
            document = {
                "at": timezone.localtime(at).isoformat(),
                "agencies": [v.as_json() for v in verdicts],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"检查时间 {timezone.localtime(at):%Y-%m-%d %H:%M}")
            for verdict in verdicts:
                self._print(verdict)
        if any(v.verdict != QUALIFIED for v in verdicts):
            sys.exit(1)

    def _print(self, verdict):
        score = "—" if verdict.score is None else f"{verdict.score:g}"
        self.stdout.write(f"{verdict.agency}（{verdict.slug}）：{verdict.verdict}，得分 {score}")
        for indicator in verdict.indicators:
            points = f" −{indicator.deduction:g}" if indicator.deduction else ""
            self.stdout.write(
                f"  {indicator.name}：{STATUS_LABELS[indicator.status]}{points}"
                f"（证据 {len(indicator.evidence)} 项）"
            )
