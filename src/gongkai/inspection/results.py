"""What an inspection returns: one verdict per agency with every indicator and its evidence.

The contract the evaluation (考评), the supervisor's screens and ``gongkai inspect --json``
build on. Indicator ids are stable (``docs/inspection.md``). Every evidence entry is a dict
with at least ``kind`` (one of :data:`EVIDENCE_KINDS`), ``label`` (Chinese), ``url`` (the
public or back-office address of the thing, or None) and ``date`` (ISO text or None), plus
fields of its kind (a column: its class, period, newest item and its date, closed reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASS, DEDUCT, VETO, NOT_MEASURED = "pass", "deduct", "veto", "not_measured"
STATUSES = (PASS, DEDUCT, VETO, NOT_MEASURED)
QUALIFIED, UNQUALIFIED, INCOMPLETE = "合格", "不合格", "未完成"

EVIDENCE_KINDS = frozenset(
    {"column", "item", "message", "probe", "link", "account", "report", "guide", "expression"}
)

# id → Chinese name, in the order of the national list: the single-veto items, then the
# deductions beside them.
VETO_INDICATORS = {
    "homepage_not_updated": "首页不更新",
    "columns_not_updated": "栏目不更新",
    "site_unreachable": "站点无法访问",
    "interaction_poor": "互动回应差",
    "services_impractical": "服务不实用",
    "serious_errors": "严重错误",
}
DEDUCTION_INDICATORS = {
    "broken_links": "链接不可用",
    "late_publication": "信息发布超时（超过20个工作日）",
    "annual_report_late": "年度报告未按时发布",
    "guide_not_updated": "公开指南未及时更新",
    "newmedia_not_updated": "政务新媒体不更新",
}
INDICATOR_NAMES = {**VETO_INDICATORS, **DEDUCTION_INDICATORS}


def evidence(kind: str, label: str, url: str | None = None, date=None, **fields) -> dict:
    """One evidence entry; ``date`` may be a date or datetime (written as ISO text)."""
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"unknown evidence kind {kind!r}")
    shown = date.isoformat() if hasattr(date, "isoformat") else date
    return {"kind": kind, "label": label, "url": url, "date": shown, **fields}


@dataclass
class IndicatorResult:
    id: str
    name: str
    veto: bool
    status: str  # "pass" | "deduct" | "veto" | "not_measured"
    deduction: float = 0.0
    evidence: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @classmethod
    def of(cls, indicator_id: str, status: str, evidence=(), deduction: float = 0.0):
        return cls(
            id=indicator_id,
            name=INDICATOR_NAMES[indicator_id],
            veto=indicator_id in VETO_INDICATORS,
            status=status,
            deduction=float(deduction),
            evidence=list(evidence),
        )

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "deduction": self.deduction,
            "evidence": self.evidence,
        }


@dataclass
class AgencyVerdict:
    agency_id: int
    slug: str
    agency: str
    verdict: str  # "合格" | "不合格" | "未完成"
    score: float | None
    vetoes: list[str]
    indicators: list[IndicatorResult]

    @classmethod
    def from_indicators(cls, agency, indicators: list[IndicatorResult], pass_score: float):
        """The verdict the indicators imply: a fired veto makes the site 不合格 and nothing
        else is scored (score None); otherwise score = 100 − deductions, 不合格 below
        ``pass_score``, 未完成 when a veto indicator could not be measured."""
        vetoes = [i.id for i in indicators if i.status == VETO]
        if vetoes:
            score, verdict = None, UNQUALIFIED
        else:
            score = round(100.0 - sum(i.deduction for i in indicators), 2)
            if score < pass_score:
                verdict = UNQUALIFIED
            elif any(i.veto and i.status == NOT_MEASURED for i in indicators):
                verdict = INCOMPLETE
            else:
                verdict = QUALIFIED
        return cls(
            agency_id=agency.pk,
            slug=agency.slug,
            agency=agency.name,
            verdict=verdict,
            score=score,
            vetoes=vetoes,
            indicators=indicators,
        )

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == indicator_id)

    def as_json(self) -> dict:
        """One agency of ``gongkai inspect --json`` (the issue's shape)."""
        return {
            "slug": self.slug,
            "agency": self.agency,
            "verdict": self.verdict,
            "score": self.score,
            "vetoes": list(self.vetoes),
            "indicators": [i.as_json() for i in self.indicators],
        }
