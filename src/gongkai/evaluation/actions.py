"""Every change to the evaluation goes through one function here: each is atomic, checks
the policy, and writes an audit entry ``gongkai.evaluation.<action>`` (gongkai.casework)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, AuditNames, audit
from gongkai.evaluation import scheme as schemes
from gongkai.evaluation.evaluate import active_agencies, scheme_for
from gongkai.evaluation.measures import MEASURES
from gongkai.evaluation.models import EvaluationScheme, InspectionSnapshot, ManualScore
from gongkai.evaluation.periods import Period
from gongkai.inspection.engine import inspect

AUDIT = AuditNames(
    "evaluation",
    {
        "install_scheme": _("启用年度考评方案"),
        "edit_scheme": _("修改考评方案"),
        "score": _("考评人工评分"),
    },
)


def _check(user, capability: str, agency=None) -> None:
    if not can(user, capability, agency):
        raise ActionError(
            "无权进行此项考评操作。", "You may not do this in the evaluation.", code="forbidden"
        )


def _parsed(data: dict) -> schemes.Scheme:
    try:
        return schemes.parse(data, MEASURES)
    except schemes.SchemeError as error:
        raise ActionError(
            "考评方案有误。", "The scheme is not valid.", code="invalid", details=error.problems
        ) from None


@transaction.atomic
def do_install_scheme(year: int, *, acting_user, data: dict | None = None) -> EvaluationScheme:
    """Store the scheme of ``year`` (the default file when ``data`` is None)."""
    _check(acting_user, Capability.EVALUATION_SCHEME)
    data = schemes.default_data() if data is None else data
    parsed = _parsed(data)
    if EvaluationScheme.objects.filter(year=year).exists():
        raise ActionError(
            f"{year}年度已有考评方案。", f"{year} already has a scheme.", code="exists"
        )
    row = EvaluationScheme.objects.create(year=year, data=data, updated_by=acting_user)
    audit(row, AUDIT, "install_scheme", user=acting_user, year=year, name=parsed.name)
    return row


@transaction.atomic
def do_edit_scheme(year: int, data: dict, *, acting_user) -> EvaluationScheme:
    """Replace the scheme of ``year``; the audit entry keeps the scheme before the change."""
    _check(acting_user, Capability.EVALUATION_SCHEME)
    parsed = _parsed(data)
    row = EvaluationScheme.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise ActionError(
            f"{year}年度还没有考评方案。", f"{year} has no scheme yet.", code="missing"
        )
    before = row.data
    row.data, row.updated_by = data, acting_user
    row.save(update_fields=["data", "updated_by", "updated_at"])
    audit(row, AUDIT, "edit_scheme", user=acting_user, year=year, name=parsed.name, before=before)
    return row


def _points(value, weight: float) -> Decimal:
    try:
        points = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ActionError("得分须为数字。", "The score must be a number.", code="invalid") from None
    if not Decimal(0) <= points <= Decimal(str(weight)):
        raise ActionError(
            f"得分须在 0 至 {weight:g} 分之间。",
            f"The score must be between 0 and {weight:g}.",
            code="invalid",
        )
    return points


@transaction.atomic
def do_score(
    agency,
    period: Period,
    indicator_id: str,
    points,
    *,
    acting_user,
    reason: str,
    evidence_text: str = "",
    evidence_url: str = "",
    evidence_file=None,
    now: datetime | None = None,
) -> ManualScore:
    """The supervisor's score of a manual indicator, with a reason and evidence (a file, a
    link or a text: at least one). A new score replaces the old one; the audit entry keeps
    both."""
    _check(acting_user, Capability.EVALUATION_SCORE, agency)
    scheme = scheme_for(period.year).scheme
    try:
        indicator = scheme.indicator(indicator_id)
    except KeyError:
        raise ActionError("没有这项指标。", "No such indicator.", code="missing") from None
    if indicator.kind != schemes.MANUAL:
        raise ActionError(
            "这项指标由系统计算，不能人工评分。", "This indicator is measured.", code="measured"
        )
    value = _points(points, indicator.weight)
    if not reason.strip():
        raise ActionError("请填写评分理由。", "Give the reason for the score.", code="reason")
    if not (evidence_text.strip() or evidence_url.strip() or evidence_file):
        raise ActionError("请附佐证材料（文件、链接或说明）。", "Attach evidence.", code="evidence")
    row = (
        ManualScore.objects.select_for_update()
        .filter(agency=agency, period=str(period), indicator=indicator_id)
        .first()
    )
    old = f"{row.points}" if row else ""
    row = row or ManualScore(agency=agency, period=str(period), indicator=indicator_id)
    row.points, row.reason = value, reason.strip()
    row.evidence_text, row.evidence_url = evidence_text.strip(), evidence_url.strip()
    if evidence_file:
        row.evidence_file.save(evidence_file.name, evidence_file, save=False)
        row.evidence_name = evidence_file.name[-200:]
    row.scored_by, row.scored_at = acting_user, now or timezone.now()
    row.save()
    audit(
        row,
        AUDIT,
        "score",
        user=acting_user,
        old_state=old,
        new_state=f"{value}",
        agency=agency.pk,
        period=str(period),
        indicator=indicator_id,
        reason=row.reason,
        evidence_url=row.evidence_url,
        evidence_file=row.evidence_name,
    )
    return row


def take_snapshots(at: datetime | None = None) -> int:
    """Inspect every agency in service at ``at`` (default now) and store each verdict."""
    at = at or timezone.now()
    verdicts = inspect(active_agencies(), at)
    InspectionSnapshot.objects.bulk_create(
        InspectionSnapshot(
            agency_id=v.agency_id,
            taken_at=at,
            verdict=v.verdict,
            score=v.score,
            vetoes=list(v.vetoes),
            result=v.as_json(),
        )
        for v in verdicts
    )
    return len(verdicts)
