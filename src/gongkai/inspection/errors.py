"""严重错误 the records can show: expressions of the site group's list of wrong official
expressions (``WrongExpression``) in a public item's title, body or attachments' extracted
text, and fraudulent dates — an item written here whose shown publication date is earlier
than the day it actually became public, or later than T. A migrated item shows its original
date and is never fraudulent."""

from __future__ import annotations

from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import InfoItem, InfoItemAttachment, Origin
from gongkai.inspection.models import WrongExpression
from gongkai.inspection.results import PASS, VETO, IndicatorResult, evidence
from gongkai.inspection.site import PublicPaths, public_items
from gongkai.reports.models import AnnualReportPage


def _expression_entry(expression, where, pk, title, url, became) -> dict:
    return evidence(
        "expression",
        f"“{expression.wrong}”应为“{expression.right}”",
        url,
        timezone.localdate(became),
        wrong=expression.wrong,
        right=expression.right,
        note=expression.note,
        where=where,
        item_title=title,
        admin_url=reverse("wagtailadmin_pages:edit", args=[pk]),
    )


def wrong_expressions(agency_ids, at: datetime, paths: PublicPaths) -> dict[int, list[dict]]:
    expressions = list(WrongExpression.objects.all())
    found: dict[int, list[dict]] = {}
    if not expressions:
        return found
    in_text = reduce(
        or_, (Q(title__contains=e.wrong) | Q(body__contains=e.wrong) for e in expressions)
    )
    rows = public_items(agency_ids, at).filter(in_text).order_by("path")
    for pk, agency_id, title, body, url_path, became in rows.values_list(
        "pk", "agency_id", "title", "body", "url_path", "became_public_at"
    ):
        for e in expressions:
            for where, text in (("title", title), ("body", body)):
                if e.wrong in text:
                    entry = _expression_entry(e, where, pk, title, paths(url_path), became)
                    found.setdefault(agency_id, []).append(entry)
    in_files = reduce(or_, (Q(extracted_text__contains=e.wrong) for e in expressions))
    items = public_items(agency_ids, at).values("pk")
    attachments = InfoItemAttachment.objects.filter(in_files, item__in=items).order_by("pk")
    for item_id, agency_id, title, url_path, became, text in attachments.values_list(
        "item_id",
        "item__agency_id",
        "item__title",
        "item__url_path",
        "item__became_public_at",
        "extracted_text",
    ):
        for e in expressions:
            if e.wrong in text:
                entry = _expression_entry(e, "attachment", item_id, title, paths(url_path), became)
                found.setdefault(agency_id, []).append(entry)
    return found


def fraudulent_dates(agency_ids, at: datetime, paths: PublicPaths) -> dict[int, list[dict]]:
    zone = timezone.get_current_timezone()
    today = timezone.localdate(at)
    found: dict[int, list[dict]] = {}
    for model in (InfoItem, AnnualReportPage):
        rows = (
            model.objects.filter(
                agency_id__in=agency_ids,
                live=True,
                origin=Origin.HERE,
                became_public_at__lte=at,
            )
            .annotate(
                shown_day=TruncDate("first_published_at", tzinfo=zone),
                real_day=TruncDate("became_public_at", tzinfo=zone),
            )
            .filter(Q(shown_day__lt=F("real_day")) | Q(shown_day__gt=today))
            .order_by("path")
            .values_list(
                "pk", "agency_id", "title", "url_path", "first_published_at", "became_public_at"
            )
        )
        for pk, agency_id, title, url_path, shown, became in rows:
            future = timezone.localdate(shown) > today
            found.setdefault(agency_id, []).append(
                evidence(
                    "item",
                    title,
                    paths(url_path),
                    timezone.localdate(shown),
                    problem="future_date" if future else "backdated",
                    problem_label="发布日期晚于检查时间" if future else "发布日期早于实际公开时间",
                    became_public_on=timezone.localdate(became).isoformat(),
                    admin_url=reverse("wagtailadmin_pages:edit", args=[pk]),
                )
            )
    return found


def serious_errors(expressions: list[dict], dates: list[dict]) -> IndicatorResult:
    entries = [*expressions, *dates]
    return IndicatorResult.of("serious_errors", VETO if entries else PASS, entries)
