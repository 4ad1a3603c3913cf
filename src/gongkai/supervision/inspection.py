"""The group's inspection verdicts on the supervisor's landing: run on demand at ``now``
(or at ``?at=``), once per request, vetoes first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.evaluation.evaluate import active_agencies
from gongkai.inspection.engine import inspect
from gongkai.inspection.results import AgencyVerdict

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The kinds of evidence (``gongkai.inspection.results.EVIDENCE_KINDS``) as a reader sees them.
EVIDENCE_KIND_LABELS = {
    "column": _("栏目"),
    "item": _("信息"),
    "message": _("留言"),
    "probe": _("访问监测"),
    "link": _("链接"),
    "account": _("政务新媒体"),
    "report": _("年度报告"),
    "guide": _("公开指南"),
    "expression": _("错误表述"),
}
_CACHE = "_gongkai_inspection"


def instant(request) -> datetime:
    """``?at=`` (ISO; without a zone it is China time), or now."""
    text = request.GET.get("at", "").strip()
    if not text:
        return timezone.now()
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise Http404("Not an instant") from None
    return at if at.tzinfo else at.replace(tzinfo=SHANGHAI)


def verdicts(request, agencies=None) -> list[AgencyVerdict]:
    """The verdicts of ``agencies`` (default: every agency in service), inspected once per
    request whatever asks for them."""
    at = instant(request)
    agencies = active_agencies() if agencies is None else agencies
    key = (at, tuple(a.pk for a in agencies))
    cache = getattr(request, _CACHE, {})
    if key not in cache:
        cache[key] = inspect(agencies, at)
        setattr(request, _CACHE, cache)
    return cache[key]


def vetoes_first(results: list[AgencyVerdict]) -> list[AgencyVerdict]:
    """Agencies with vetoes first (most vetoes first), then 未完成, then the lowest scores."""
    order = {"不合格": 0, "未完成": 1, "合格": 2}

    def key(verdict: AgencyVerdict):
        vetoed = 0 if verdict.vetoes else 1
        score = verdict.score if verdict.score is not None else -1
        return (vetoed, -len(verdict.vetoes), order.get(verdict.verdict, 3), score)

    return sorted(results, key=key)
