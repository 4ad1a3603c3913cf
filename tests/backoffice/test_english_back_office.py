"""The staff pages of applications and messages read in English for a staff member whose
interface is English: no Chinese characters in the visible text but the data itself (names
of agencies, departments and holidays, what the applicant and the officer wrote)."""

import json
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from gongkai.agencies.models import Agency, Department
from gongkai.applications.actions import (
    do_assign,
    do_extend,
    do_record_payment,
    do_register,
    do_reply,
    do_send_fee_notice,
    do_start_consultation,
)
from gongkai.interaction import actions as messages
from gongkai.rules.calendar import CHINA_TZ
from gongkai.workdays.models import current_calendar
from tests.backoffice.test_chinese_back_office import VisibleText

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def user(username):
    return get_user_model().objects.get(username=username)


def in_english(username):
    profile = UserProfile.get_for_user(user(username))
    profile.preferred_language = "en"
    profile.save()
    return user(username)


def data_values() -> list[str]:
    """Chinese that is data: the site group's names, the holidays' names, the 文号 of the
    notices sent and the bodies named in the register of remedies."""
    from gongkai.applications.models import Notice
    from gongkai.disputes.models import Remedy

    names = [*Agency.objects.values_list("name", flat=True)]
    names += Notice.objects.values_list("number", flat=True)
    names += Remedy.objects.exclude(body="").values_list("body", flat=True)
    names += Department.objects.values_list("name", flat=True)
    calendar = current_calendar()
    names += [p.name for year in calendar.years for p in calendar.schedule(year).holidays]
    return sorted(set(names), key=len, reverse=True)


def chinese_left(html: str, data: list[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in data:
        text = text.replace(value, " ")
    return sorted(set(HAN.findall(text)))


@pytest.fixture
def cases():
    """An open case (every form offered), a replied one with its structured content and a
    remedy, and a message in each state the page shows forms for."""
    import datetime as dt

    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=CHINA_TZ), tick=False):
        officer, agency = user("officer_a"), Agency.objects.get(slug="agency-a")

        def register(**extra):
            return do_register(
                agency=agency,
                acting_user=officer,
                channel="in_person",
                arrived_at=dt.datetime(2026, 9, 21, 10, tzinfo=CHINA_TZ),
                applicant_kind="natural_person",
                applicant_name="Zhang San",
                id_document_type="id_card",
                id_document_number="11010519491231002X",
                phone="13812345678",
                description="Bus routes 2026",
                provision_form="paper",
                delivery_route="post",
                postal_address="1 Road",
                **extra,
            ).application

        fresh = register()
        open_case = register()
        do_start_consultation(
            open_case,
            on=dt.date(2026, 9, 22),
            acting_user=officer,
            party_name="A company",
            matter="Consent?",
        )
        do_assign(
            open_case,
            department=Department.objects.get(agency=agency, slug="transport"),
            question="Opinion?",
            acting_user=officer,
        )
        replied = register()
        do_extend(
            replied,
            working_days=5,
            reason="Many files",
            approved_by=user("head_a"),
            notice_sent_on=dt.date(2026, 10, 9),
            acting_user=officer,
        )
        do_send_fee_notice(
            replied,
            method="per_volume",
            pages=120,
            sent_on=dt.date(2026, 10, 12),
            acting_user=officer,
            how_to_pay="At the office's counter",
        )
        do_record_payment(replied, paid_on=dt.date(2026, 10, 13), acting_user=officer)
        do_reply(
            replied,
            outcome="art37_partial",
            text="Part disclosed.",
            replied_on=dt.date(2026, 10, 19),
            acting_user=officer,
            withheld_ground="art16_2_process_info",
            refusal_reason="Internal notes",
            obtain_how="By post",
        )
        from gongkai.disputes.actions import do_record_remedy

        do_record_remedy(
            replied, kind="review", filed_on=dt.date(2026, 10, 20), acting_user=officer
        )
        message = messages.do_submit(
            agency,
            kind="inquiry",
            subject="Bus",
            body="When?",
            name="Wu",
            phone="13612345678",
            public_allowed=True,
        )[0]
        drafted = messages.do_submit(
            agency,
            kind="complaint",
            subject="Noise",
            body="Too loud",
            name="Qian",
            phone="13612345679",
            public_allowed=False,
        )[0]
        messages.do_draft_reply(drafted, "We will check.", acting_user=officer)
    return fresh, open_case, replied, message, drafted


def test_staff_pages_of_applications_and_messages_are_english(client, cases):
    fresh, open_case, replied, message, drafted = cases
    client.force_login(in_english("officer_a"))
    pages = [
        "/admin/applications/",
        "/admin/applications/new/",
        "/admin/applications/remedies/",
        f"/admin/applications/{fresh.pk}/",
        f"/admin/applications/{open_case.pk}/",
        f"/admin/applications/{replied.pk}/",
        "/admin/interaction/",
        f"/admin/interaction/{message.pk}/",
        f"/admin/interaction/{drafted.pk}/",
        "/admin/interaction/settings/",
    ]
    data = data_values()
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count('lang="en') >= 1, url
        if left := chinese_left(response.content.decode(), data):
            found[url] = left
    # Refused forms come back in English too.
    response = client.post(
        f"/admin/applications/{fresh.pk}/do/reply/", {"outcome": "art37_partial"}
    )
    found_post = chinese_left(response.content.decode(), data)
    response = client.post(
        f"/admin/interaction/{message.pk}/do/convert/", {"applicant_kind": "legal_person"}
    )
    found_convert = chinese_left(response.content.decode(), data)
    found.update({"refused reply": found_post, "refused conversion": found_convert})
    if any(found.values()):
        pytest.fail(f"Chinese left in English pages: {json.dumps(found, ensure_ascii=False)}")


def test_a_department_editors_assigned_pages_are_english(client, cases):
    _fresh, open_case, *_rest = cases
    client.force_login(in_english("clerk_a"))
    data = data_values()
    assignment = open_case.assignments.get()
    found = {}
    for url in ("/admin/applications/assigned/", f"/admin/applications/assigned/{assignment.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        if left := chinese_left(response.content.decode(), data):
            found[url] = left
    if found:
        pytest.fail(f"Chinese left in English pages: {json.dumps(found, ensure_ascii=False)}")
