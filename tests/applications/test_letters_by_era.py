"""Issue 16's first test: for every outcome of table 三 and each legal era (a reply dated
2023-06-01 under the old 行政复议法, one dated 2025-03-20 under the 2023 revision), the
reply letter's remedies paragraph, the 行政复议机关 named for that date, the article cited
and the structured content its outcome requires — in the letter's text and in its PDF.

Expectations are written by hand from the statutes (行政复议法 2023 Art. 20, 23(四); the
Regulations' articles per outcome in ``test_letters.ARTICLES``), not computed by the code
under test.
"""

from datetime import date

import pytest

from gongkai.agencies.models import ReconsiderationEntry
from gongkai.applications.letters import letter_lines, render_letter_pdf
from gongkai.applications.models import Outcome
from gongkai.applications.previews import SAMPLE_STATED, preview_letters
from tests.applications.test_letters import ARTICLES, REGULATIONS, pdf_text

pytestmark = pytest.mark.django_db

OLD_ERA = date(2023, 6, 1)
NEW_ERA = date(2025, 3, 20)
# The agency's dated 行政复议机关 (as an admin records them): two to choose from until the
# 2023 law took effect, the government alone from 1 January 2024 (Art. 24).
OLD_BODIES = "甲市人民政府或者乙省交通运输厅"
NEW_BODY = "甲市人民政府"

#: 行政复议法 (2023) Art. 23(四): a refusal of disclosure goes to reconsideration first —
#: every ground of Art. 14, 15 and 16 of the Regulations, and the refused part of a partial
#: disclosure (Art. 37). Art. 36(7) is not a refusal of disclosure.
REVIEW_FIRST = {
    Outcome.DENIED_STATE_SECRET,
    Outcome.DENIED_LAW_PROHIBITS,
    Outcome.DENIED_SECURITY,
    Outcome.DENIED_THIRD_PARTY,
    Outcome.DENIED_INTERNAL,
    Outcome.DENIED_PROCESS,
    Outcome.DENIED_ENFORCEMENT,
}

# The structured content each outcome must state (the officer's sample values are printed).
OBTAIN = SAMPLE_STATED["obtain_how"]
REASON = SAMPLE_STATED["refusal_reason"]
RESPONSIBLE = SAMPLE_STATED["responsible_agency"]
CONTACT = SAMPLE_STATED["responsible_contact"]
PROCEDURE = SAMPLE_STATED["other_procedure"]
TURN_TO = SAMPLE_STATED["turn_to"]
SAMPLES = {OBTAIN, REASON, RESPONSIBLE, CONTACT, PROCEDURE, TURN_TO}
STATED = {
    Outcome.ALREADY_PUBLIC: {OBTAIN},
    Outcome.DISCLOSED: {OBTAIN},
    # The withheld part's ground (a sample of Art. 16 ¶2) and its reason (Art. 37).
    Outcome.PARTIAL: {OBTAIN, REASON, "过程性信息", "第十六条第二款和第三十七条"},
    **{outcome: {REASON} for outcome in REVIEW_FIRST},
    Outcome.DENIED_ADMIN_QUERY: {PROCEDURE},
    Outcome.UNABLE_NOT_THIS_AGENCY: {RESPONSIBLE, CONTACT},
    Outcome.NP_PETITION: {TURN_TO},
    Outcome.NP_PUBLICATION: {TURN_TO},
}


def choice(body: str) -> str:
    return (
        f"可以自收到本告知书之日起60日内依照《中华人民共和国行政复议法》向{body}申请行政复议，"
        "或者自收到本告知书之日起6个月内依照《中华人民共和国行政诉讼法》向人民法院提起行政诉讼。"
    )


def review_first(body: str) -> str:
    return (
        "依照《中华人民共和国行政复议法》第二十三条第一款第四项的规定，您如对本答复不服，"
        f"应当自收到本告知书之日起60日内先向{body}申请行政复议，对行政复议决定不服的，"
        "可以再依法向人民法院提起行政诉讼。"
    )


def partial_remedies(body: str) -> str:
    return (
        "依照《中华人民共和国行政复议法》第二十三条第一款第四项的规定，您如对本答复中不予公开的"
        f"部分不服，应当自收到本告知书之日起60日内先向{body}申请行政复议，对行政复议决定不服的，"
        f"可以再依法向人民法院提起行政诉讼；如对本答复的其他内容不服，{choice(body)}"
    )


def expected_remedies(outcome: Outcome, day: date) -> str:
    if day == OLD_ERA:
        return f"您如对本答复不服，{choice(OLD_BODIES)}"
    if outcome in REVIEW_FIRST:
        return review_first(NEW_BODY)
    if outcome == Outcome.PARTIAL:
        return partial_remedies(NEW_BODY)
    return f"您如对本答复不服，{choice(NEW_BODY)}"


@pytest.fixture
def agency(agency_a):
    ReconsiderationEntry.objects.create(
        agency=agency_a,
        valid_from=date(2019, 5, 15),
        first_name="甲市人民政府",
        second_name="乙省交通运输厅",
    )
    ReconsiderationEntry.objects.create(
        agency=agency_a, valid_from=date(2024, 1, 1), first_name=NEW_BODY
    )
    return agency_a


@pytest.mark.parametrize("day", [OLD_ERA, NEW_ERA], ids=str)
@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
def test_the_letter_of_each_outcome_in_each_era(agency, outcome, day):
    ((composed, letter),) = preview_letters(agency, outcome.value, day)
    assert composed == outcome
    text = "\n".join(letter_lines(letter))
    # The remedies paragraph, naming the body of the letter's date.
    assert letter.remedies == expected_remedies(outcome, day)
    # The article the outcome rests on, as the statute numbers it.
    article = ARTICLES[outcome]
    if article:
        assert f"本机关依据{REGULATIONS}{article}的规定作出上述答复" in text
    # The structured content of the outcome, and no other outcome's.
    needed = STATED.get(outcome, set())
    for words in needed:
        assert words in text, words
    for sample in SAMPLES - needed:
        assert sample not in text, sample
    # The PDF says the same (lines wrap, so compare without line breaks).
    pdf = pdf_text(render_letter_pdf(letter))
    flat = pdf.replace(" ", "")
    assert expected_remedies(outcome, day) in flat
    if article:
        assert article in flat
    for words in needed:
        assert words.replace(" ", "") in flat, words
