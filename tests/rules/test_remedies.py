"""The remedies a reply letter states, chosen by the letter's date and its outcome.

Hand-checked against 行政复议法 (2023) Art. 20 and Art. 23(四) and the old law's choice.
"""

from datetime import date

import pytest

from gongkai.applications.letters import remedies_text
from gongkai.applications.models import Outcome
from gongkai.rules.statute import StatuteError, parse_remedies, remedies_for

D = date.fromisoformat
OLD_ERA = D("2023-06-01")
NEW_ERA = D("2025-03-20")
CITATION = "《中华人民共和国行政复议法》第二十三条第一款第四项"
BODY = "庐山市人民政府"

#: Every refusal ground of Art. 14, 15 and 16 of the Regulations (not Art. 36(7)).
REFUSALS = {
    Outcome.DENIED_STATE_SECRET,
    Outcome.DENIED_LAW_PROHIBITS,
    Outcome.DENIED_SECURITY,
    Outcome.DENIED_THIRD_PARTY,
    Outcome.DENIED_INTERNAL,
    Outcome.DENIED_PROCESS,
    Outcome.DENIED_ENFORCEMENT,
}

CHOICE = (
    f"您如对本答复不服，可以自收到本告知书之日起60日内依照《中华人民共和国行政复议法》向{BODY}"
    "申请行政复议，或者自收到本告知书之日起6个月内依照《中华人民共和国行政诉讼法》"
    "向人民法院提起行政诉讼。"
)
FIRST = (
    f"依照{CITATION}的规定，您如对本答复不服，应当自收到本告知书之日起60日内先向{BODY}"
    "申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。"
)


def test_the_2023_law_takes_effect_on_1_january_2024():
    assert remedies_for(D("2023-12-31")).id == "review-law-2017"
    assert remedies_for(D("2024-01-01")).id == "review-law-2023"
    assert remedies_for(D("2024-01-01")).review_first_citation == CITATION
    with pytest.raises(StatuteError, match="2019-05-15"):
        remedies_for(D("2019-05-14"))


@pytest.mark.parametrize("outcome", sorted(REFUSALS))
def test_a_refusal_after_2023_must_go_to_review_first(outcome):
    assert remedies_text("您", NEW_ERA, outcome, body=BODY) == FIRST


@pytest.mark.parametrize("outcome", sorted(REFUSALS))
def test_a_refusal_before_2024_offers_the_choice(outcome):
    assert remedies_text("您", OLD_ERA, outcome, body=BODY) == CHOICE


@pytest.mark.parametrize("outcome", sorted(set(Outcome) - REFUSALS - {Outcome.PARTIAL}), ids=str)
def test_every_other_outcome_offers_the_choice_in_both_eras(outcome):
    # Art. 36(7) (行政查询) among them: it is not a refusal of disclosure.
    assert remedies_text("您", NEW_ERA, outcome, body=BODY) == CHOICE
    assert remedies_text("您", OLD_ERA, outcome, body=BODY) == CHOICE


def test_a_partial_disclosure_goes_to_review_first_for_its_refused_part_only():
    text = remedies_text("贵单位", NEW_ERA, Outcome.PARTIAL, body=BODY)
    assert text == (
        f"依照{CITATION}的规定，贵单位如对本答复中不予公开的部分不服，应当自收到本告知书之日起"
        f"60日内先向{BODY}申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼；"
        "如对本答复的其他内容不服，可以自收到本告知书之日起60日内依照《中华人民共和国行政复议法》"
        f"向{BODY}申请行政复议，或者自收到本告知书之日起6个月内依照《中华人民共和国行政诉讼法》"
        "向人民法院提起行政诉讼。"
    )
    assert remedies_text("您", OLD_ERA, Outcome.PARTIAL, body=BODY) == CHOICE


def test_a_body_that_was_not_recorded_is_named_generically():
    text = remedies_text("您", OLD_ERA, Outcome.DISCLOSED)
    assert "向行政复议机关申请行政复议" in text


def test_a_letter_served_online_gives_the_online_channel():
    text = remedies_text(
        "您", NEW_ERA, Outcome.DISCLOSED, body=BODY, online_channel="https://fy.example.gov.cn/"
    )
    assert text == CHOICE + "您也可以通过https://fy.example.gov.cn/在线提交行政复议申请。"


def test_a_site_group_may_list_other_outcomes_but_not_before_the_law():
    listed = frozenset({Outcome.DENIED_ADMIN_QUERY})
    assert (
        remedies_text("您", NEW_ERA, Outcome.DENIED_ADMIN_QUERY, body=BODY, review_first=listed)
        == FIRST
    )
    # Its list replaces the data's: a refusal it leaves out offers the choice.
    assert (
        remedies_text("您", NEW_ERA, Outcome.DENIED_PROCESS, body=BODY, review_first=listed)
        == CHOICE
    )
    # Before 2024 no law requires review first, whatever the list says.
    assert (
        remedies_text("您", OLD_ERA, Outcome.DENIED_ADMIN_QUERY, body=BODY, review_first=listed)
        == CHOICE
    )


def _remedy(effective):
    raw = {
        "id": f"r{effective}",
        "effective": effective,
        "review_days": 60,
        "review_law": "l",
        "litigation_months": 6,
        "litigation_law": "m",
        "review_first": [],
        "review_first_citation": "",
    }
    return raw


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"review_days": 0}, "not a positive integer"),
        ({"litigation_months": "6"}, "not a positive integer"),
        ({"review_first": "art14_state_secret"}, "list of outcome codes"),
        ({"review_first": ["art14_state_secret"]}, "needs the article"),
        ({"effective": "2024-13-01"}, "month must be in 1..12"),
    ],
)
def test_malformed_remedies_are_refused(changes, message):
    with pytest.raises(StatuteError, match=message):
        parse_remedies({"remedies": [_remedy("2024-01-01") | changes]})


def test_remedies_need_a_version_and_distinct_dates():
    with pytest.raises(StatuteError, match="no remedies"):
        parse_remedies({})
    with pytest.raises(StatuteError, match="same day"):
        parse_remedies({"remedies": [_remedy("2024-01-01"), _remedy("2024-01-01")]})
    two = parse_remedies({"remedies": [_remedy("2024-01-01"), _remedy("2019-05-15")]})
    assert [version.effective for version in two] == [D("2019-05-15"), D("2024-01-01")]
