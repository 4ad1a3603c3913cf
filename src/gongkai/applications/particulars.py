"""What a reply must tell the applicant for its outcome, as structured fields (Art. 36-39).

The Regulations do not leave the content of a reply to the officer's prose: each outcome
obliges the agency to say particular things —

- 36(1) already public: how and where to obtain it (获取的方式、途径);
- 36(2) disclosed: provide it, or how, where and when to obtain it;
- 37 partial: the ground of the withheld part (an item of Art. 14, 15 or 16), the reason,
  and how to obtain the part disclosed;
- 36(3) refused (不予公开, Art. 14-16): the ground, the article and the reason (说明理由);
- 36(5) not this agency: the responsible agency's name and contact, where it can be
  determined (能够确定……的，告知……名称、联系方式);
- 36(7) special query: which procedure of which law applies (依照有关法律、行政法规的规定办理);
- 39 a petition, complaint or report, or a publication: not handled as a disclosure
  request, and where to turn.

This module names those fields (:data:`FIELDS`), says which an outcome needs
(:func:`problems`), and writes them as the letter's paragraphs (:func:`paragraphs`) and as
rows for the case pages (:func:`rows`). Letters are always Chinese.
"""

from __future__ import annotations

import types
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongkai.applications.states import ApplicantKind, IdDocumentType, Outcome

REGULATIONS = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Ground:
    """An item of Art. 14, 15 or 16 on which information is withheld."""

    label: str  # as the reply form lists it
    phrase: str  # as the letter says it: "属于国家秘密"
    article: str  # as the statute numbers it: "第十四条"


#: The grounds for withholding (Art. 14, 15, 16), keyed by the outcome code of the refusal
#: on that ground, so a partial disclosure's withheld part names the same items as a refusal.
GROUNDS = types.MappingProxyType(
    {
        Outcome.DENIED_STATE_SECRET: Ground(
            _("属于国家秘密（第十四条）"), "属于依法确定为国家秘密的政府信息", "第十四条"
        ),
        Outcome.DENIED_LAW_PROHIBITS: Ground(
            _("法律、行政法规禁止公开（第十四条）"),
            "属于法律、行政法规禁止公开的政府信息",
            "第十四条",
        ),
        Outcome.DENIED_SECURITY: Ground(
            _("公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
            "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
            "第十四条",
        ),
        Outcome.DENIED_THIRD_PARTY: Ground(
            _("涉及商业秘密、个人隐私等，公开会损害第三方合法权益（第十五条）"),
            "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息",
            "第十五条",
        ),
        Outcome.DENIED_INTERNAL: Ground(
            _("行政机关的内部事务信息（第十六条第一款）"),
            "属于行政机关的内部事务信息",
            "第十六条第一款",
        ),
        Outcome.DENIED_PROCESS: Ground(
            _("过程性信息（第十六条第二款）"),
            "属于行政机关在履行行政管理职能过程中形成的过程性信息",
            "第十六条第二款",
        ),
        Outcome.DENIED_ENFORCEMENT: Ground(
            _("行政执法案卷信息（第十六条第二款）"),
            "属于行政执法案卷信息",
            "第十六条第二款",
        ),
    }
)

GROUND_CHOICES = [(code.value, ground.label) for code, ground in GROUNDS.items()]

#: The structured fields of a reply, with their labels (model, forms and pages).
LABELS = types.MappingProxyType(
    {
        "obtain_how": _("获取的方式、途径和时间"),
        "withheld_ground": _("不予公开部分的理由类别"),
        "refusal_reason": _("不予公开的具体理由"),
        "responsible_agency": _("负责公开该信息的行政机关"),
        "responsible_contact": _("该行政机关的联系方式"),
        "responsible_undetermined": _("无法确定负责公开该信息的行政机关"),
        "other_procedure": _("应依照办理的法律、行政法规及程序"),
        "turn_to": _("申请人可以通过的途径"),
    }
)
FIELDS = tuple(LABELS)
TEXT_FIELDS = tuple(name for name in FIELDS if name != "responsible_undetermined")

DISCLOSING = frozenset({Outcome.ALREADY_PUBLIC, Outcome.DISCLOSED, Outcome.PARTIAL})
ART39 = frozenset({Outcome.NP_PETITION, Outcome.NP_PUBLICATION})

# Which fields an outcome needs, and what the form says when one is missing.
_NEEDS = {
    "obtain_how": (
        DISCLOSING,
        _("请填写申请人获取该信息的方式、途径（第三十六条第一项、第二项）。"),
    ),
    "withheld_ground": (
        frozenset({Outcome.PARTIAL}),
        _("部分公开的，请选择不予公开部分的理由类别（第三十七条）。"),
    ),
    "refusal_reason": (
        frozenset({Outcome.PARTIAL, *GROUNDS}),
        _("不予公开的，请说明理由（第三十六条第三项）。"),
    ),
    "other_procedure": (
        frozenset({Outcome.DENIED_ADMIN_QUERY}),
        _("请填写申请人应当依照办理的法律、行政法规及其程序（第三十六条第七项）。"),
    ),
    "turn_to": (ART39, _("请告知申请人可以通过的途径（第三十九条）。")),
}
NEEDS_AGENCY = _(
    "请填写负责公开该信息的行政机关及其联系方式；确实无法确定的，请勾选“无法确定”（第三十六条第五项）。"
)
AGENCY_OR_UNDETERMINED = _("已填写负责公开的行政机关的，不能同时勾选“无法确定”。")


def needed(outcome: Outcome | str) -> tuple[str, ...]:
    """The fields ``outcome`` needs (for 36(5): the agency and contact, or the tick)."""
    outcome = Outcome(outcome)
    names = [name for name, (outcomes, _msg) in _NEEDS.items() if outcome in outcomes]
    if outcome == Outcome.UNABLE_NOT_THIS_AGENCY:
        names += ["responsible_agency", "responsible_contact", "responsible_undetermined"]
    return tuple(name for name in FIELDS if name in names)


def clean(outcome: Outcome | str, values: dict) -> dict:
    """The structured fields kept for ``outcome``: those it needs, stripped; every other one
    emptied, so a reply never stores words that its outcome does not print."""
    keep = needed(outcome)
    cleaned = {}
    for name in FIELDS:
        value = values.get(name)
        if name == "responsible_undetermined":
            cleaned[name] = bool(value) and name in keep
        else:
            cleaned[name] = str(value or "").strip() if name in keep else ""
    return cleaned


def problems(outcome: Outcome | str, values: dict) -> dict[str, str]:
    """Field name → what is wrong, for the structured fields of a reply of ``outcome``."""
    outcome = Outcome(outcome)
    values = clean(outcome, values)
    found = {}
    for name, (outcomes, message) in _NEEDS.items():
        if outcome in outcomes and not values[name]:
            found[name] = str(message)
    ground = values["withheld_ground"]
    if ground and ground not in {code.value for code in GROUNDS}:
        found["withheld_ground"] = str(_("不予公开部分的理由类别不在第十四条至第十六条所列之内。"))
    if outcome == Outcome.UNABLE_NOT_THIS_AGENCY:
        named = values["responsible_agency"] or values["responsible_contact"]
        if values["responsible_undetermined"] and named:
            found["responsible_undetermined"] = str(AGENCY_OR_UNDETERMINED)
        elif not values["responsible_undetermined"]:
            for name in ("responsible_agency", "responsible_contact"):
                if not values[name]:
                    found[name] = str(NEEDS_AGENCY)
    return found


# --- the letter -------------------------------------------------------------------------------

#: Trailing punctuation dropped from text set inside a sentence of the letter, so that a
#: quotation or an inserted clause never ends in two marks ("……。”。", "……；。").
CLOSING_MARKS = "。．.，,、；;：:！!？?…　 \n\r\t"


def inline(text: str) -> str:
    """``text`` as a clause inside a sentence: one line, no closing mark of its own."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip()).rstrip(
        CLOSING_MARKS
    )


def quote_request(description: str, document_number: str = "") -> str:
    """The request as the letter quotes it: “…”（文号）, without a doubled closing mark."""
    quoted = f"“{inline(description)}”"
    if document_number.strip():
        quoted += f"（{inline(document_number)}）"
    return quoted


def identity_number(application) -> str:
    """The applicant's number as a letter addressed to them prints it: an organisation's
    own 统一社会信用代码 is public registration data (国发〔2015〕33号) and is printed in full;
    a person's identity document stays masked."""
    if (
        application.applicant_kind == ApplicantKind.LEGAL_PERSON
        and application.id_document_type == IdDocumentType.CREDIT_CODE
    ):
        return application.id_document_number
    return application.masked_id_number


def _article(article: str) -> str:
    return f"{REGULATIONS}{article}"


def paragraphs(outcome: Outcome | str, values: dict, *, you: str = "您") -> tuple[str, ...]:
    """The paragraphs of a reply letter that state the structured content of ``outcome``."""
    outcome = Outcome(outcome)
    v = {k: inline(x) if isinstance(x, str) else x for k, x in clean(outcome, values).items()}
    reason = f"理由：{v['refusal_reason']}。" if v["refusal_reason"] else ""
    if outcome == Outcome.ALREADY_PUBLIC:
        return (f"{you}申请获取的政府信息已经主动公开，获取的方式和途径：{v['obtain_how']}。",)
    if outcome == Outcome.DISCLOSED:
        return (f"{you}申请获取的政府信息予以公开，获取的方式、途径和时间：{v['obtain_how']}。",)
    if outcome == Outcome.PARTIAL:
        ground = GROUNDS.get(v["withheld_ground"])
        withheld = (
            f"{you}申请获取的政府信息中，部分内容{ground.phrase}，依据{_article(ground.article)}"
            f"和第三十七条的规定不予公开。{reason}"
            if ground
            else ""
        )
        shown = f"其余内容予以公开，获取的方式、途径和时间：{v['obtain_how']}。"
        return tuple(p for p in (withheld, shown) if p)
    if outcome in GROUNDS:
        ground = GROUNDS[outcome]
        return (
            f"{you}申请获取的政府信息{ground.phrase}，依据{_article(ground.article)}的规定，"
            f"不予公开。{reason}",
        )
    if outcome == Outcome.DENIED_ADMIN_QUERY:
        return (
            f"{you}申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的事项，"
            f"依据{_article('第三十六条第七项')}的规定，请依照{v['other_procedure']}办理。",
        )
    if outcome == Outcome.UNABLE_NOT_THIS_AGENCY:
        if v["responsible_undetermined"]:
            where = "本机关无法确定负责公开该政府信息的行政机关。"
        else:
            where = (
                f"负责公开该政府信息的行政机关为{v['responsible_agency']}，"
                f"联系方式：{v['responsible_contact']}。"
            )
        return (f"经查，{you}申请获取的政府信息不属于本机关负责公开。{where}",)
    if outcome == Outcome.NP_PETITION:
        return (
            f"{you}提出的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，"
            f"依据{_article('第三十九条第一款')}的规定，本机关不作为政府信息公开申请处理。"
            f"{you}可以通过以下途径提出：{v['turn_to']}。",
        )
    if outcome == Outcome.NP_PUBLICATION:
        return (
            f"{you}申请获取的是公开出版物，依据{_article('第三十九条第二款')}的规定，"
            f"本机关不作为政府信息公开申请处理。{you}可以通过以下途径获取：{v['turn_to']}。",
        )
    return ()


def values_of(reply) -> dict:
    return {name: getattr(reply, name) for name in FIELDS}


def reply_paragraphs(reply) -> tuple[str, ...]:
    """The paragraphs as the letter to ``reply``'s applicant words them (the tracking page)."""
    natural = reply.application.applicant_kind == ApplicantKind.NATURAL_PERSON
    return paragraphs(reply.outcome, values_of(reply), you="您" if natural else "贵单位")


def rows(reply) -> list[tuple[str, str]]:
    """(label, value) of what ``reply`` stated, for the case page and the tracking page."""
    found = []
    for name in needed(reply.outcome):
        value = getattr(reply, name)
        if name == "withheld_ground":
            value = GROUNDS[value].label if value in GROUNDS else value
        elif name == "responsible_undetermined":
            value = _("是") if value else ""
        if value:
            found.append((LABELS[name], value))
    return found
