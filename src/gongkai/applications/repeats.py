"""Earlier applications that look like a new one, for the officer to judge (never automatic).

Similarity is the Jaccard index of character bigrams of the descriptions (after dropping
punctuation and spaces): simple, language-neutral for Chinese, and explainable — the shared
bigrams can be shown. The three findings and their articles:

- the same applicant asked the same before → Art. 36(6) 重复申请, may be 不予处理;
- several applicants ask for the same information → Art. 44, consider proactive disclosure;
- one applicant's number of applications in a month is excessive → Art. 35.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.applications.models import Application

SIMILARITY_THRESHOLD = 0.5
# Art. 35 sets no number; the fee measures' free allowance (10 a month, 国办函〔2020〕109号
# Art. 4) is the nearest official yardstick of a "reasonable range".
EXCESSIVE_PER_MONTH = 10


def bigrams(text: str) -> set[str]:
    chars = [ch for ch in text.lower() if ch.isalnum()]
    if len(chars) == 1:
        return {chars[0]}
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Match:
    application: Application
    score: float
    same_applicant: bool

    @property
    def article(self) -> str:
        return _("第三十六条第（六）项") if self.same_applicant else _("第四十四条")


@dataclass(frozen=True)
class RepeatReport:
    repeats: list[Match] = field(default_factory=list)  # same applicant, Art. 36(6)
    same_information: list[Match] = field(default_factory=list)  # others, Art. 44
    applications_this_month: int = 0

    @property
    def excessive(self) -> bool:
        return self.applications_this_month > EXCESSIVE_PER_MONTH

    def explanations(self) -> list[str]:
        """The findings as the officer reads them, in the interface's language."""
        lines = [
            _(
                "同一申请人曾于 %(on)s 提出相似申请（%(code)s，相似度 %(score)s），"
                "可依%(article)s不予重复处理"
            )
            % {
                "on": m.application.counted_from,
                "code": m.application.tracking_code,
                "score": f"{m.score:.0%}",
                "article": m.article,
            }
            for m in self.repeats
        ]
        if self.same_information:
            lines.append(
                _("另有 %(count)d 件其他申请人的相似申请，可考虑依第四十四条纳入主动公开")
                % {"count": len(self.same_information)}
            )
        if self.excessive:
            lines.append(
                _(
                    "该申请人本月已提出 %(count)d 件申请，"
                    "数量、频次可能明显超过合理范围（第三十五条）"
                )
                % {"count": self.applications_this_month}
            )
        return lines


def _same_applicant(a: Application, b: Application) -> bool:
    return (a.id_document_type, a.id_document_number) == (b.id_document_type, b.id_document_number)


def find_repeats(app: Application, threshold: float = SIMILARITY_THRESHOLD) -> RepeatReport:
    earlier = Application.objects.filter(agency_id=app.agency_id, pk__lt=app.pk).order_by("-pk")
    repeats, same_information = [], []
    month = (app.counted_from.year, app.counted_from.month)
    this_month = 1
    for other in earlier:
        same = _same_applicant(app, other)
        if same and (other.counted_from.year, other.counted_from.month) == month:
            this_month += 1
        score = similarity(
            app.description + app.document_number, other.description + other.document_number
        )
        if score >= threshold:
            (repeats if same else same_information).append(Match(other, score, same))
    return RepeatReport(repeats, same_information, this_month)
