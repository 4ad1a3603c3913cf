"""Every action refuses a value outside its lists, whoever calls it (here: directly, as a
command or another app would), with an ActionError and nothing stored."""

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import (
    ActionError,
    do_register,
    do_reply,
    do_send_fee_notice,
    fee_for,
)
from gongkai.applications.models import Application, FeeNotice, Reply, State
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.models import Remedy

from .conftest import ID_NUMBER, at, d
from .stated import STATED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(at(2026, 10, 20), tick=False):
        yield


def refused(call) -> ActionError:
    with pytest.raises(ActionError) as caught:
        call()
    assert caught.value.code == "invalid_choice" or "不在可选范围内" in str(caught.value)
    return caught.value


REGISTRATION = {
    "channel": "in_person",
    "applicant_kind": "natural_person",
    "organisation_type": "",
    "id_document_type": "id_card",
    "provision_form": "electronic",
    "delivery_route": "email",
}


@pytest.mark.parametrize("field", list(REGISTRATION))
def test_register_refuses_a_value_outside_each_list(agency_a, officer, field):
    fields = {
        **REGISTRATION,
        field: "carrier_pigeon",
        "agency": agency_a,
        "acting_user": officer,
        "arrived_at": at(2026, 10, 19),
        "applicant_name": "张三",
        "id_document_number": ID_NUMBER,
        "phone": "13812345678",
        "description": "公交线路调整的决定",
    }
    error = refused(lambda: do_register(**fields))
    assert "carrier_pigeon" in str(error)
    assert not Application.objects.exists() and not ModelLogEntry.objects.exists()


def test_register_refuses_a_missing_description(agency_a, officer):
    with pytest.raises(ActionError, match="内容描述"):
        do_register(
            agency=agency_a,
            acting_user=officer,
            arrived_at=at(2026, 10, 19),
            applicant_name="张三",
            id_document_number=ID_NUMBER,
            description="  ",
            **REGISTRATION,
        )
    assert not Application.objects.exists()


def test_reply_refuses_an_unknown_outcome_and_an_unknown_ground(register, officer):
    app = register().application
    reply = {"text": "答复。", "replied_on": d(2026, 10, 9), "acting_user": officer}
    refused(lambda: do_reply(app, outcome="art99_made_up", **reply))
    with pytest.raises(ActionError, match="第十四条至第十六条"):
        do_reply(
            app,
            outcome="art37_partial",
            **reply,
            **{**STATED["art37_partial"], "withheld_ground": "art99_made_up"},
        )
    assert not Reply.objects.exists()
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING


def test_fee_notice_refuses_an_unknown_method(register, officer):
    app = register().application
    refused(
        lambda: do_send_fee_notice(
            app, method="per_kilogram", sent_on=d(2026, 10, 9), acting_user=officer
        )
    )
    refused(lambda: fee_for(app, "per_kilogram"))
    assert not FeeNotice.objects.exists()
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING


def test_remedy_refuses_an_unknown_kind_and_result(register, officer):
    app = register().application
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="答复。",
        replied_on=d(2026, 10, 9),
        acting_user=officer,
        **STATED["art36_2_disclose"],
    )
    refused(
        lambda: do_record_remedy(
            app, kind="petition", filed_on=d(2026, 10, 19), acting_user=officer
        )
    )
    assert not Remedy.objects.exists()
    remedy = do_record_remedy(app, kind="review", filed_on=d(2026, 10, 19), acting_user=officer)
    refused(
        lambda: do_conclude_remedy(
            remedy,
            decision="settled_out_of_court",
            concluded_on=d(2026, 10, 20),
            acting_user=officer,
        )
    )
    remedy.refresh_from_db()
    assert remedy.result == "pending" and remedy.concluded_on is None
