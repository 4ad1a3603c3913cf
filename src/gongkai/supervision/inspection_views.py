"""The supervisor's inspection dashboard and the evidence page of one agency's indicator."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can, require
from gongkai.inspection.results import INCOMPLETE, QUALIFIED, UNQUALIFIED
from gongkai.supervision.inspection import (
    EVIDENCE_KIND_LABELS,
    instant,
    verdicts,
    vetoes_first,
)

VERDICTS = (UNQUALIFIED, INCOMPLETE, QUALIFIED)


def dashboard(request):
    """The group's verdicts, vetoes first; every veto and every number links to its evidence."""
    require(request.user, Capability.SUPERVISE)
    results = vetoes_first(verdicts(request))
    counts = [(label, sum(1 for r in results if r.verdict == label)) for label in VERDICTS]
    verdict_filter = request.GET.get("verdict", "")
    if verdict_filter in VERDICTS:
        results = [r for r in results if r.verdict == verdict_filter]
    at = instant(request)
    return TemplateResponse(
        request,
        "supervision/inspection.html",
        {
            "page_title": _("网站检查"),
            "at": at,
            "at_query": f"?at={request.GET['at']}" if request.GET.get("at") else "",
            "results": results,
            "counts": counts,
            "verdict_filter": verdict_filter,
            "at_param": request.GET.get("at", ""),
        },
    )


def evidence(request, agency_id: int, indicator_id: str):
    """Every evidence entry of one indicator of one agency, each linking to the thing."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can(request.user, Capability.SUPERVISE):
        # an agency's staff may see their own agency's evidence (自查)
        require(request.user, Capability.EVALUATION_SELF_CHECK, agency)
    (verdict,) = verdicts(request, [agency])
    indicator = next((i for i in verdict.indicators if i.id == indicator_id), None)
    if indicator is None:
        raise Http404("No such indicator")
    return TemplateResponse(
        request,
        "supervision/inspection_evidence.html",
        {
            "page_title": f"{agency.name}：{indicator.name}",
            "agency": agency,
            "verdict": verdict,
            "indicator": indicator,
            "entries": [
                (EVIDENCE_KIND_LABELS.get(entry.get("kind"), entry.get("kind")), entry)
                for entry in indicator.evidence
            ],
            "at": instant(request),
            "at_query": f"?at={request.GET['at']}" if request.GET.get("at") else "",
            "supervisor": can(request.user, Capability.SUPERVISE),
        },
    )
