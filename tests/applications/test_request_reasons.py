"""Art. 35: an agency may refuse to handle evidently excessive requests (无正当理由大量反复
申请) only after asking the applicant for their reasons — through the action and the page."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications.actions import ActionError, do_reply, do_request_reasons
from gongkai.applications.models import Application, Outcome, State
from gongkai.casework import TransitionError
from tests.applications.conftest import at, d, on_day
from tests.applications.test_staff_http import act, audited, page, refused

pytestmark = pytest.mark.django_db

ASKED = "您于2026年9月提交同类申请30件，请说明申请理由"


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


def answer(app, officer):
    return do_reply(
        app,
        outcome=Outcome.NP_EXCESSIVE,
        text="经审查，您提出的理由不合理，本机关不予处理。",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
    )


def test_excessive_requests_are_refused_only_after_the_reasons_were_asked(case, officer):
    with on_day(2026, 9, 30):
        with pytest.raises(ActionError, match="须先要求申请人说明理由（第三十五条）"):
            answer(case, officer)
        assert Application.objects.get(pk=case.pk).state == State.PROCESSING
        do_request_reasons(case, on=d(2026, 9, 23), note=ASKED, acting_user=officer)
        app = Application.objects.get(pk=case.pk)
        assert (app.reasons_requested_on, app.reasons_request) == (d(2026, 9, 23), ASKED)
        assert app.state == State.PROCESSING  # the request for reasons moves nothing
        reply = answer(app, officer)
    assert reply.outcome == Outcome.NP_EXCESSIVE


def test_the_request_is_dated_checked_and_made_once(case, officer):
    with on_day(2026, 9, 25):
        with pytest.raises(ActionError, match="要求说明理由日期不能晚于今天"):
            do_request_reasons(case, on=d(2026, 9, 28), note=ASKED, acting_user=officer)
        with pytest.raises(ActionError, match="要求说明理由日期不能早于收到申请之日"):
            do_request_reasons(case, on=d(2026, 9, 18), note=ASKED, acting_user=officer)
        with pytest.raises(ActionError, match="请写明要求申请人说明理由的事项"):
            do_request_reasons(case, on=d(2026, 9, 23), note="  ", acting_user=officer)
        do_request_reasons(case, on=d(2026, 9, 23), note=ASKED, acting_user=officer)
        with pytest.raises(ActionError, match="已于 2026-09-23 要求申请人说明理由"):
            do_request_reasons(case, on=d(2026, 9, 24), note=ASKED, acting_user=officer)


def test_a_closed_case_is_not_asked_for_reasons(case, officer):
    with on_day(2026, 9, 30):
        do_request_reasons(case, on=d(2026, 9, 23), note=ASKED, acting_user=officer)
        answer(case, officer)
        app = Application.objects.get(pk=case.pk)
        app.reasons_requested_on = None
        app.save()
        with pytest.raises(TransitionError, match="不能要求说明理由"):
            do_request_reasons(app, on=d(2026, 9, 30), note=ASKED, acting_user=officer)


def test_another_agency_cannot_ask(case, users):
    with on_day(2026, 9, 30), pytest.raises(PermissionDenied):
        do_request_reasons(case, on=d(2026, 9, 23), note=ASKED, acting_user=users["officer_b"])
    assert Application.objects.get(pk=case.pk).reasons_requested_on is None


def test_through_the_case_page(client, persona, case):
    persona(client, "officer_a")
    with on_day(2026, 9, 30):
        assert "do/request_reasons/#action-request_reasons" in page(client, case)
        response, app = act(
            client,
            case,
            "reply",
            {
                "outcome": Outcome.NP_EXCESSIVE.value,
                "text": "不予处理。",
                "replied_on": "2026-09-30",
            },
        )
        assert refused(response, "须先要求申请人说明理由（第三十五条）")
        assert app.state == State.PROCESSING
        response, app = act(client, case, "request_reasons", {"on": "2026-09-23", "note": ""})
        assert response.status_code == 200 and app.reasons_requested_on is None
        response, app = act(client, case, "request_reasons", {"on": "2026-09-23", "note": ASKED})
        assert response.status_code == 302 and app.reasons_requested_on == d(2026, 9, 23)
        assert audited(app, "request_reasons")
        assert "do/request_reasons/" not in page(client, app)  # asked once
        response, app = act(
            client,
            app,
            "reply",
            {
                "outcome": Outcome.NP_EXCESSIVE.value,
                "text": "不予处理。",
                "replied_on": "2026-09-30",
            },
        )
        assert response.status_code == 302 and app.outcome == Outcome.NP_EXCESSIVE
    persona(client, "officer_b")
    assert client.post(f"/admin/applications/{case.pk}/do/request_reasons/", {}).status_code == 404
