"""Reply letters an agency would send, rendered for a sample case and stored nowhere.

An agency admin (and a lawyer) reads every template before it is used: ``gongkai letters
preview AGENCY OUTCOME --date YYYY-MM-DD``. OUTCOME is an outcome code of the applications
or a leaf row id of table 三 of the report format in force on the date; a row that holds
several outcomes gives one letter for each.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from gongkai.agencies.numbering import preview_number
from gongkai.applications.letters import LetterContent, compose_letter, online_channel_for
from gongkai.applications.models import Application, Outcome
from gongkai.applications.particulars import DISCLOSING
from gongkai.rules.calendar import CHINA_TZ
from gongkai.rules.formats import format_for_year

SAMPLE_FILE = "（示例）所申请的政府信息.pdf"
#: What the officer states for an outcome (``particulars.py``); each letter prints only what
#: its outcome requires.
SAMPLE_STATED = {
    "obtain_how": "（示例）获取的方式、途径和时间",
    "withheld_ground": Outcome.DENIED_PROCESS.value,
    "refusal_reason": "（示例）不予公开的具体理由",
    "responsible_agency": "（示例）负责公开该信息的行政机关",
    "responsible_contact": "（示例）该行政机关的联系方式",
    "other_procedure": "（示例）有关法律、行政法规规定的程序",
    "turn_to": "（示例）申请人可以通过的途径",
}


class PreviewError(ValueError):
    """An outcome or date that has no letter; the message is Chinese / English."""


def outcomes_for(key: str, day: date) -> list[Outcome]:
    """The outcomes ``key`` names on ``day``: one outcome code, or every outcome counted in
    a leaf row of table 三 of the format in force in ``day``'s year."""
    if key in Outcome.values:
        return [Outcome(key)]
    fmt = format_for_year(day.year)
    codes = (
        [] if fmt is None else [e["code"] for e in fmt.data["outcome_to_row"] if e["row"] == key]
    )
    if not codes:
        known = f"（{fmt.id}）" if fmt else ""
        raise PreviewError(
            f"未知的办理结果：{key}；请使用办理结果代码或年报表三的行代码{known} / "
            f"unknown outcome {key!r}: use an outcome code or a table 三 row id"
        )
    return [Outcome(code) for code in codes]


def sample_application(agency, day: date) -> Application:
    """A case received ten days before ``day``, never saved."""
    received = day - timedelta(days=10)
    return Application(
        agency=agency,
        tracking_code="示例",
        channel="in_person",
        arrived_at=datetime.combine(received, time(10), tzinfo=CHINA_TZ),
        received_on=received,
        applicant_kind="natural_person",
        applicant_name="张某",
        id_document_type="id_card",
        id_document_number="11010519491231002X",
        phone="13800000000",
        description="（示例）本机关某年度某项工作的决定及其依据",
        provision_form="electronic",
        delivery_route="email",
    )


def preview_letters(agency, key: str, day: date) -> list[tuple[Outcome, LetterContent]]:
    application = sample_application(agency, day)
    letters = []
    for outcome in outcomes_for(key, day):
        letters.append(
            (
                outcome,
                compose_letter(
                    application,
                    outcome=outcome,
                    replied_on=day,
                    text="（此处为答复正文：检索情况、答复内容和理由。）",
                    files=(SAMPLE_FILE,) if outcome in DISCLOSING else (),
                    # The agency's prefix and the year; the serial is issued only by a sent
                    # letter, so a preview stores nothing and prints ×.
                    reference=preview_number(agency, day.year),
                    online_channel=online_channel_for(application),
                    stated=SAMPLE_STATED,
                ),
            )
        )
    return letters
