"""The evaluation's back office: the scores of a quarter (the supervisor sees every
agency; an agency's staff see their own 自查 view), an agency's indicators with the manual
scoring form, the scheme of a year, the evidence files and the quarterly report."""

from __future__ import annotations

import json

from django.contrib import messages as notices
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, agency_ids_where, can, require
from gongkai.casework import ActionError, form_errors
from gongkai.evaluation import actions, exports
from gongkai.evaluation.evaluate import active_agencies, evaluate, scheme_for, scores_over_time
from gongkai.evaluation.forms import SchemeForm, ScoreForm
from gongkai.evaluation.models import ManualScore
from gongkai.evaluation.periods import Period

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _period(request) -> Period:
    text = request.GET.get("period", "")
    if not text:
        return Period.of(timezone.localdate())
    try:
        return Period.parse(text)
    except ValueError:
        raise Http404("No such period") from None


def _visible_agencies(user) -> list[Agency]:
    ids = agency_ids_where(user, Capability.EVALUATION_SELF_CHECK)
    agencies = active_agencies()
    return agencies if ids is None else [a for a in agencies if a.pk in ids]


def scores(request):
    """The quarter's scores and ranking; an agency's staff see only their agency (自查)."""
    require(request.user, Capability.EVALUATION_SELF_CHECK)
    period = _period(request)
    agencies = _visible_agencies(request.user)
    stored = scheme_for(period.year)
    results = evaluate(agencies, period)
    columns = [i for part in stored.scheme.parts[1:] for i in part.indicators]
    return TemplateResponse(
        request,
        "evaluation/scores.html",
        {
            "page_title": _("考评得分") + f"（{period.label}）",
            "period": period,
            "periods": [p for p in period.year_quarters()],
            "stored": stored,
            "scheme": stored.scheme,
            "columns": columns,
            "rows": [(s, [s.line(i.id) for i in columns]) for s in results],
            "supervisor": can(request.user, Capability.EVALUATION_SCORE),
        },
    )


def agency_detail(request, agency_id: int):
    """One agency's indicators in a quarter, with the evidence and the scoring forms."""
    agency = get_object_or_404(Agency, pk=agency_id)
    require(request.user, Capability.EVALUATION_SELF_CHECK, agency)
    period = _period(request)
    (result,) = evaluate([agency], period)
    manual = result.extra["manual"]
    may_score = can(request.user, Capability.EVALUATION_SCORE, agency)
    now = timezone.now()
    # a quarter that is over: its evidence as the inspection saw it at the quarter's end
    at = timezone.localtime(period.measured_at(now)).replace(tzinfo=None, microsecond=0)
    at_query = "" if period.end > now else f"?at={at.isoformat()}"
    return TemplateResponse(
        request,
        "evaluation/agency.html",
        {
            "page_title": f"{agency.name} {period.label}",
            "agency": agency,
            "period": period,
            "score": result,
            "lines": [(line, manual.get(line.id)) for line in result.lines],
            "may_score": may_score,
            "form": ScoreForm() if may_score else None,
            "at_query": at_query,
        },
    )


def score(request, agency_id: int, indicator_id: str):
    agency = get_object_or_404(Agency, pk=agency_id)
    require(request.user, Capability.EVALUATION_SCORE, agency)
    if request.method != "POST":
        raise Http404("POST only")
    period = _period(request)
    form = ScoreForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            first, *rest = form_errors(form)
            raise ActionError(first, details=rest)
        data = form.cleaned_data
        actions.do_score(
            agency,
            period,
            indicator_id,
            data["points"],
            acting_user=request.user,
            reason=data["reason"],
            evidence_text=data["evidence_text"],
            evidence_url=data["evidence_url"],
            evidence_file=data["evidence_file"],
        )
    except ActionError as error:
        for text in error.messages:
            notices.error(request, text)
    else:
        notices.success(request, _("评分已保存。"))
    url = reverse("evaluation_agency", args=[agency.pk])
    return redirect(f"{url}?period={period}")


def evidence_file(request, pk: int):
    """A manual score's evidence file, to supervisors and the agency's own staff."""
    row = get_object_or_404(ManualScore, pk=pk)
    require(request.user, Capability.EVALUATION_SELF_CHECK, row.agency_id)
    if not row.evidence_file:
        raise Http404("No file")
    return FileResponse(
        row.evidence_file.open("rb"), as_attachment=True, filename=row.evidence_name
    )


def _scheme_page(request, year: int, form=None, status=200):
    stored = scheme_for(year)
    form = form or SchemeForm(
        initial={"text": json.dumps(stored.scheme.data, ensure_ascii=False, indent=2)}
    )
    return TemplateResponse(
        request,
        "evaluation/scheme.html",
        {"page_title": _("考评方案") + f"（{year}）", "year": year, "stored": stored, "form": form},
        status=status,
    )


def scheme(request, year: int):
    """The year's scheme: shown to supervisors and edited by them here (audited); the
    default is installed through ``install_scheme``."""
    require(request.user, Capability.EVALUATION_SCHEME)
    if request.method != "POST":
        return _scheme_page(request, year)
    form = SchemeForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(*form_errors(form)[:1])
        try:
            data = json.loads(form.cleaned_data["text"])
        except json.JSONDecodeError as error:
            raise ActionError(f"不是有效的 JSON：{error}", "Not valid JSON.") from None
        actions.do_edit_scheme(year, data, acting_user=request.user)
    except ActionError as error:
        for text in error.messages:
            notices.error(request, text)
        return _scheme_page(request, year, form, status=400)
    notices.success(request, _("考评方案已保存。"))
    return redirect("evaluation_scheme", year=year)


@require_POST
def install_scheme(request, year: int):
    """Install the year's default scheme, posted from the scheme's page."""
    require(request.user, Capability.EVALUATION_SCHEME)
    try:
        actions.do_install_scheme(year, acting_user=request.user)
    except ActionError as error:
        for text in error.messages:
            notices.error(request, text)
        return _scheme_page(request, year, status=400)
    notices.success(request, _("考评方案已保存。"))
    return redirect("evaluation_scheme", year=year)


def report(request, extension: str):
    """The quarterly inspection report, XLSX or DOCX, of the group or of one agency."""
    require(request.user, Capability.EVALUATION_SELF_CHECK)
    if extension not in CONTENT_TYPES:
        raise Http404("No such format")
    period = _period(request)
    agencies = _visible_agencies(request.user)
    slug = request.GET.get("agency", "")
    if slug:
        agencies = [a for a in agencies if a.slug == slug]
        if not agencies:
            raise Http404("No such agency")
    history = scores_over_time(agencies, period.year, min(timezone.now(), period.end))
    current = next((s for p, s in history if p == period), None) or evaluate(agencies, period)
    name = agencies[0].name if slug else _("网站群")
    title = f"{name}{period.label}政府网站检查与考评报告"
    render = exports.xlsx if extension == "xlsx" else exports.docx
    body = render(title, period, current, history, agencies)
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="evaluation-{period}.{extension}"'
    return response
