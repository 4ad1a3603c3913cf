"""互动回应差: no working consultation channel, or a valid inquiry (政务咨询, not a 征集
campaign's message) received in the year before T and unanswered for more than 3 months.

A message counts as answered from its reply (or its redirection to another channel). The
message model has no spam or invalid mark: the public form's challenge, rate limit and
duplicate check turn spam away before a message is accepted, so every accepted message
is valid.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from gongkai.inspection.results import PASS, VETO, IndicatorResult, evidence
from gongkai.inspection.scheme import Scheme
from gongkai.inspection.windows import months_before
from gongkai.interaction.models import Message


def retired_by(agency, at: datetime) -> bool:
    return agency.retired_on is not None and agency.retired_on <= timezone.localdate(at)


def consultation_channel_open(agency, at: datetime) -> bool:
    """Whether the agency's message form accepted inquiries at T: it does for every agency
    of the site group not retired by then (the form has no switch of its own)."""
    return not retired_by(agency, at)


def overdue_messages(agency_ids, at: datetime, scheme: Scheme) -> dict[int, list[dict]]:
    """Per agency: the inquiries received in (T − 12 months, T] that had no answer 3 months
    after they arrived (answered late, or still open at T)."""
    cfg = scheme.vetoes["interaction_poor"]
    months = cfg["unanswered_months"]
    rows = (
        Message.objects.filter(
            agency_id__in=agency_ids,
            kind__in=cfg["message_kinds"],
            campaign__isnull=True,
            received_at__gt=months_before(at, cfg["lookback_months"]),
            received_at__lte=months_before(at, months),
        )
        .order_by("received_at", "pk")
        .values_list("pk", "agency_id", "tracking_code", "received_at", "replied_at")
    )
    found: dict[int, list[dict]] = {}
    for pk, agency_id, code, received, replied in rows:
        answered = replied if replied is not None and replied <= at else None
        limit = _months_after(received, months)
        if answered is not None and answered <= limit:
            continue
        unanswered_until = answered or at
        found.setdefault(agency_id, []).append(
            evidence(
                "message",
                f"留言 {code}",
                reverse("interaction_staff_detail", args=[pk]),
                received,
                tracking_code=code,
                replied_at=answered.isoformat() if answered else None,
                days_unanswered=(unanswered_until - received).days,
            )
        )
    return found


def _months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def interaction_poor(agency, overdue: list[dict], channel_open: bool) -> IndicatorResult:
    channel = evidence(
        "message",
        "在线咨询渠道：留言表单" + ("受理中" if channel_open else "未开放"),
        reverse("interaction_new", args=[agency.slug]),
        None,
        channel_open=channel_open,
    )
    fired = not channel_open or bool(overdue)
    return IndicatorResult.of("interaction_poor", VETO if fired else PASS, [channel, *overdue])
