"""Forwarding inside the site group (Art. 36(5)): the first agency answers "not this
agency" and, with the applicant's recorded yes, forwards the request, which becomes a new
application of the agency that holds the information."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.applications.access import access_by_tracking
from gongkai.applications.actions import ActionError, do_forward, do_reply
from gongkai.applications.models import Application, Outcome, State, Transfer
from gongkai.applications.reporting import t3_cells
from tests.applications.conftest import SHANGHAI, d
from tests.applications.stated import stated_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    # Tue 2026-10-20
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def answered(register, officer):
    """Received in person on Mon 2026-09-21, answered "not this agency" on 2026-09-28."""
    registration = register()
    do_reply(
        registration.application,
        outcome=Outcome.UNABLE_NOT_THIS_AGENCY,
        **stated_for(Outcome.UNABLE_NOT_THIS_AGENCY),
        text="该信息由乙市农业农村局负责公开。",
        replied_on=d(2026, 9, 28),
        acting_user=officer,
    )
    return registration


def test_forward_creates_the_other_agencys_application(
    answered, officer, agency_b, django_capture_on_commit_callbacks
):
    first = answered.application
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = do_forward(
            first, to_agency=agency_b, consent="2026年10月20日电话确认同意转送", acting_user=officer
        )
    first.refresh_from_db()
    # The first agency's outcome stays: table 三, 无法提供 — 本机关不掌握相关政府信息 (format data).
    assert (first.state, first.outcome) == (State.REPLIED, Outcome.UNABLE_NOT_THIS_AGENCY)
    assert t3_cells(first.agency, 2026)["t3.unable_not_held.natural_person"] == 1
    # A new application of agency B: same applicant and request, received today, own clock.
    assert new.agency == agency_b and new.tracking_code != first.tracking_code
    for name in ("applicant_name", "id_document_number", "phone", "email", "description"):
        assert getattr(new, name) == getattr(first, name)
    assert (new.state, new.received_on) == (State.PROCESSING, date(2026, 10, 20))
    # 20 working days from Tue 2026-10-20 — Tue 2026-11-17.
    assert new.reply_due == date(2026, 11, 17) and new.outcome == ""
    # Links both ways.
    transfer = Transfer.objects.get(application=first)
    assert transfer.forwarded_as == new and new.forwarded_from == transfer
    assert transfer.consent == "2026年10月20日电话确认同意转送"
    # The applicant opens the new case with the secret they already have, and is told the
    # new tracking code by the channels they gave.
    assert access_by_tracking(new.tracking_code, answered.secret) == new
    [sent] = [m for m in mail.outbox if new.tracking_code in m.body]
    assert first.tracking_code in sent.body and answered.secret not in sent.body
    # Audited on both cases.
    forward = ModelLogEntry.objects.for_instance(first).get(action="gongkai.applications.forward")
    assert forward.data["data"]["new_tracking_code"] == new.tracking_code
    assert forward.data["old_state"] == forward.data["new_state"] == "replied"
    registered = ModelLogEntry.objects.for_instance(new).get(action="gongkai.applications.register")
    assert registered.data["data"]["forwarded_from"] == first.tracking_code


def test_forward_needs_consent_the_outcome_and_happens_once(
    register, answered, officer, agency_a, agency_b
):
    first = answered.application
    with pytest.raises(ActionError, match="须经申请人同意"):
        do_forward(first, to_agency=agency_b, consent="  ", acting_user=officer)
    with pytest.raises(ActionError, match="不能转送给本机关"):
        do_forward(first, to_agency=agency_a, consent="同意", acting_user=officer)
    other = register().application
    with pytest.raises(ActionError, match="第三十六条第五项"):
        do_forward(other, to_agency=agency_b, consent="同意", acting_user=officer)
    do_forward(first, to_agency=agency_b, consent="同意", acting_user=officer)
    with pytest.raises(ActionError, match="已经转送过"):
        do_forward(first, to_agency=agency_b, consent="同意", acting_user=officer)
    assert Application.objects.filter(agency=agency_b).count() == 1


def test_only_the_first_agencys_staff_forward(answered, users, agency_b):
    for outsider in (users["officer_b"], users["group_supervisor"], users["clerk_a"]):
        with pytest.raises(PermissionDenied):
            do_forward(
                answered.application, to_agency=agency_b, consent="同意", acting_user=outsider
            )
    assert not Application.objects.filter(agency=agency_b).exists()


def test_forward_over_http_is_scoped_and_the_target_sees_the_new_case(
    client, persona, answered, agency_b
):
    first = answered.application
    url = f"/admin/applications/{first.pk}/do/forward/"
    persona(client, "officer_b")
    assert client.post(url, {"to_agency": agency_b.pk, "consent": "同意"}).status_code == 404
    persona(client, "officer_a")
    page = client.get(f"/admin/applications/{first.pk}/").content.decode()
    assert f'action="/admin/applications/{first.pk}/do/forward/#action-forward"' in page
    refused = client.post(url, {"to_agency": agency_b.pk, "consent": ""})
    assert refused.status_code == 200 and not Transfer.objects.exists()
    response = client.post(url, {"to_agency": agency_b.pk, "consent": "电话同意"})
    assert response.status_code == 302
    new = Transfer.objects.get().forwarded_as
    page = client.get(f"/admin/applications/{first.pk}/").content.decode()
    assert new.tracking_code in page and "do/forward/" not in page
    # agency A's staff cannot open agency B's new case; agency B's can, and see the link back
    assert client.get(f"/admin/applications/{new.pk}/").status_code == 404
    persona(client, "officer_b")
    page = client.get(f"/admin/applications/{new.pk}/").content.decode()
    assert first.tracking_code in page and "甲市交通运输局" in page
    strict = Client(enforce_csrf_checks=True)
    persona(strict, "officer_a")
    assert strict.post(url, {"to_agency": agency_b.pk, "consent": "同意"}).status_code == 403
