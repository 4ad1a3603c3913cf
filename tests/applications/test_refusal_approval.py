"""An agency may require its 公开办负责人 to approve refusals (Agency.refusal_needs_head_approval):
then only the head sends a 不予公开 or 部分公开 reply; other outcomes are unaffected."""

import pytest

from gongkai.applications.actions import ActionError, do_reply
from gongkai.applications.models import Outcome, State

from .conftest import at, d
from .stated import stated_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


@pytest.fixture
def strict(case):
    agency = case.agency
    agency.refusal_needs_head_approval = True
    agency.save(update_fields=["refusal_needs_head_approval"])
    return case


def reply(case, outcome, user):
    return do_reply(
        case,
        outcome=outcome,
        text="答复内容。",
        replied_on=d(2026, 9, 30),
        acting_user=user,
        **stated_for(outcome),
    )


@pytest.mark.parametrize("outcome", [Outcome.DENIED_PROCESS, Outcome.PARTIAL])
def test_an_officer_cannot_send_a_refusal_the_agency_reserves_for_its_head(
    strict, officer, outcome
):
    with pytest.raises(ActionError, match="须经公开办负责人审批") as caught:
        reply(strict, outcome, officer)
    assert caught.value.code == "refusal_needs_head_approval"
    strict.refresh_from_db()
    assert strict.state != State.REPLIED and strict.outcome in (None, "")


def test_the_head_sends_it(strict, head):
    reply(strict, Outcome.DENIED_PROCESS, head)
    strict.refresh_from_db()
    assert strict.state == State.REPLIED and strict.outcome == Outcome.DENIED_PROCESS


def test_a_disclosure_needs_no_approval(strict, officer):
    reply(strict, Outcome.DISCLOSED, officer)
    strict.refresh_from_db()
    assert strict.state == State.REPLIED


def test_without_the_setting_the_officer_sends_a_refusal(case, officer):
    assert not case.agency.refusal_needs_head_approval
    reply(case, Outcome.DENIED_PROCESS, officer)
    case.refresh_from_db()
    assert case.state == State.REPLIED
