"""Notices through the HTTP layer: the officer downloads and records service (送达) on the
case page, the applicant downloads the notices addressed to them after the tracking code and
secret, and neither another agency's staff nor another session reaches them."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from docx import Document
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    do_receive_correction,
    do_record_service,
    do_reply,
    do_request_correction,
    do_start_consultation,
)
from gongkai.applications.models import Application, Notice, NoticeKind, Outcome
from tests.applications.conftest import SHANGHAI, d
from tests.applications.stated import stated_for

pytestmark = pytest.mark.django_db

TRACK, CASE = "/applications/track/", "/applications/track/case/"
CHANNEL = "江西省行政复议网上申请平台（https://fy.example.gov.cn）"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture
def case(register, officer):
    """Received in person on 2026-09-21 (收到申请确认书 No. 1), asked to correct on 09-22
    (补正申请告知书 No. 2), corrected on 09-28: processing again."""
    registration = register(delivery_route="post")
    app = registration.application
    do_request_correction(
        app, on=d(2026, 9, 22), correct_by=d(2026, 10, 9), acting_user=officer, note="线路编号"
    )
    do_receive_correction(app, on=d(2026, 9, 28), acting_user=officer)
    return registration


def notice(app, kind) -> Notice:
    return Notice.objects.get(application=app, kind=kind)


def staff_url(app, n, ext):
    return f"/admin/applications/{app.pk}/notices/{n.pk}.{ext}"


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def open_case(client, registration):
    app = registration.application
    data = {"tracking_code": app.tracking_code, "secret": registration.secret}
    assert client.post(TRACK, data).status_code == 302


# --- staff ------------------------------------------------------------------------------------


def test_the_case_page_lists_the_notices_and_staff_download_them(client, persona, case):
    app = case.application
    persona(client, "officer_a")
    page = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "甲交依申〔2026〕1号" in page and "甲交依申〔2026〕2号" in page
    assert "未登记送达" in page
    correction = notice(app, NoticeKind.CORRECTION)
    response = client.get(staff_url(app, correction, "docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="buzheng-2026-2.docx"')
    text = docx_text(b"".join(response.streaming_content))
    assert "补正申请告知书" in text and "甲交依申〔2026〕2号" in text and "第三十条" in text
    pdf = client.get(staff_url(app, correction, "pdf"))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(staff_url(app, correction, "odt")).status_code == 404


def test_another_agencys_staff_get_404_and_the_supervisor_may_read(client, persona, case):
    app = case.application
    receipt = notice(app, NoticeKind.RECEIPT)
    persona(client, "officer_b")
    assert client.get(staff_url(app, receipt, "docx")).status_code == 404
    assert client.get(staff_url(app, receipt, "pdf")).status_code == 404
    persona(client, "group_supervisor")
    assert client.get(staff_url(app, receipt, "pdf")).status_code == 200


def test_a_notice_of_another_case_is_404_under_this_case(client, persona, case, register):
    other = register().application
    persona(client, "officer_a")
    foreign = notice(other, NoticeKind.RECEIPT)
    assert client.get(staff_url(case.application, foreign, "docx")).status_code == 404


# --- service (送达) -----------------------------------------------------------------------------


def post_service(client, app, n, **data):
    fields = {"notice": n.pk, "method": "post", "served_on": "2026-09-25", "note": ""}
    fields.update(data)
    return client.post(f"/admin/applications/{app.pk}/do/record_service/", fields)


def test_the_officer_records_service_by_post_with_the_signed_date(client, persona, case):
    app = case.application
    correction = notice(app, NoticeKind.CORRECTION)
    persona(client, "officer_a")
    response = post_service(client, app, correction, note="1180000000000")
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.service_method, correction.served_on) == ("post", d(2026, 9, 25))
    assert correction.service_note == "1180000000000"
    entry = ModelLogEntry.objects.for_instance(app).get(action=ACTION_PREFIX + "record_service")
    assert entry.data["data"]["number"] == "甲交依申〔2026〕2号"
    assert entry.data["data"]["method"] == "post"
    assert entry.data["data"]["served_on"] == "2026-09-25"
    page = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "邮寄送达 2026-09-25（1180000000000）" in page


@pytest.mark.parametrize(
    ("served_on", "note", "error"),
    [
        ("2026-10-21", "118", "送达日期不能晚于今天（2026-10-20）"),
        ("2026-09-21", "118", "送达日期不能早于发文日期（2026-09-22）"),
        ("2026-09-25", "", "邮寄送达请填写邮件号码"),
    ],
)
def test_service_dates_are_checked(client, persona, case, served_on, note, error):
    app = case.application
    correction = notice(app, NoticeKind.CORRECTION)
    persona(client, "officer_a")
    response = post_service(client, app, correction, served_on=served_on, note=note)
    assert response.status_code == 200
    assert error in response.content.decode()
    correction.refresh_from_db()
    assert not correction.served
    assert not ModelLogEntry.objects.filter(action=ACTION_PREFIX + "record_service").exists()


def test_service_is_recorded_once(case, officer):
    correction = notice(case.application, NoticeKind.CORRECTION)
    do_record_service(correction, method="in_person", served_on=d(2026, 9, 22), acting_user=officer)
    with pytest.raises(ActionError, match="已于2026-09-22登记送达"):
        do_record_service(correction, method="email", served_on=d(2026, 9, 23), acting_user=officer)


def test_service_needs_the_csrf_token(persona, case):
    client = Client(enforce_csrf_checks=True)
    persona(client, "officer_a")
    app = case.application
    assert post_service(client, app, notice(app, NoticeKind.CORRECTION)).status_code == 403


def test_another_agencys_officer_cannot_record_service(client, persona, case):
    app = case.application
    correction = notice(app, NoticeKind.CORRECTION)
    persona(client, "officer_b")
    assert post_service(client, app, correction, note="118").status_code == 404
    with pytest.raises(Exception, match="本机关"):
        do_record_service(
            correction,
            method="post",
            served_on=d(2026, 9, 25),
            note="118",
            acting_user=persona(client, "officer_b"),
        )
    correction.refresh_from_db()
    assert not correction.served


def test_served_online_the_reply_names_the_online_channel_for_reconsideration(case, officer):
    app = case.application
    Agency.objects.filter(pk=app.agency_id).update(reconsideration_online_channel=CHANNEL)
    do_reply(
        Application.objects.get(pk=app.pk),
        outcome=Outcome.DISCLOSED,
        **stated_for(Outcome.DISCLOSED),
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=officer,
    )
    reply = notice(app, NoticeKind.REPLY)
    sentence = f"您也可以通过{CHANNEL}在线提交行政复议申请。"
    # Chosen delivery by post: the letter as issued does not name it …
    assert sentence not in reply.content["remedies"]
    do_record_service(reply, method="tracking_page", served_on=d(2026, 10, 20), acting_user=officer)
    reply.refresh_from_db()
    # … served on the tracking page, it does (行政复议法 Art. 22 ¶2), once.
    assert reply.content["remedies"].endswith(sentence)
    assert reply.content["remedies"].count(sentence) == 1


def test_a_letter_to_an_applicant_who_chose_e_mail_names_it_from_the_start(register, officer):
    agency = Agency.objects.get(slug="agency-a")
    Agency.objects.filter(pk=agency.pk).update(reconsideration_online_channel=CHANNEL)
    app = register(delivery_route="email").application
    do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        **stated_for(Outcome.DISCLOSED),
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=officer,
    )
    assert (
        f"您也可以通过{CHANNEL}在线提交行政复议申请。"
        in notice(app, NoticeKind.REPLY).content["remedies"]
    )


def test_served_in_person_the_letter_is_unchanged(case, officer):
    app = case.application
    Agency.objects.filter(pk=app.agency_id).update(reconsideration_online_channel=CHANNEL)
    do_reply(
        Application.objects.get(pk=app.pk),
        outcome=Outcome.DISCLOSED,
        **stated_for(Outcome.DISCLOSED),
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=officer,
    )
    reply = notice(app, NoticeKind.REPLY)
    before = reply.content
    do_record_service(reply, method="in_person", served_on=d(2026, 10, 20), acting_user=officer)
    reply.refresh_from_db()
    assert reply.content == before


# --- the applicant ----------------------------------------------------------------------------


def test_the_applicant_lists_and_downloads_the_notices_addressed_to_them(client, case, officer):
    app = case.application
    do_start_consultation(
        app, on=d(2026, 9, 29), acting_user=officer, party_name="某公交公司", matter="是否同意公开"
    )
    letter = notice(app, NoticeKind.CONSULTATION)
    open_case(client, case)
    page = client.get(CASE).content.decode()
    assert "收到申请确认书" in page and "补正申请告知书" in page
    assert "甲交依申〔2026〕2号" in page
    # A letter to the third party is not the applicant's.
    assert "征求意见书" not in page and letter.number not in page
    assert client.get(f"/applications/track/notices/{letter.pk}.pdf").status_code == 404
    for kind in (NoticeKind.RECEIPT, NoticeKind.CORRECTION):
        n = notice(app, kind)
        docx = client.get(f"/applications/track/notices/{n.pk}.docx")
        assert docx.status_code == 200
        assert n.number in docx_text(b"".join(docx.streaming_content))
        pdf = client.get(f"/applications/track/notices/{n.pk}.pdf")
        assert pdf.status_code == 200 and pdf["Cache-Control"].startswith("max-age=0")


def test_without_the_secret_or_for_another_case_there_is_no_download(client, case, register):
    n = notice(case.application, NoticeKind.RECEIPT)
    assert client.get(f"/applications/track/notices/{n.pk}.docx").status_code == 404
    other = register()
    open_case(client, other)
    assert client.get(f"/applications/track/notices/{n.pk}.docx").status_code == 404
    wrong = {"tracking_code": case.application.tracking_code, "secret": other.secret}
    assert Client().post(TRACK, wrong).status_code == 404


# --- no prefix --------------------------------------------------------------------------------


def test_without_a_prefix_the_reply_form_tells_the_officer_to_ask_the_admin(client, persona, case):
    app = case.application
    Agency.objects.filter(pk=app.agency_id).update(document_prefix="")
    persona(client, "officer_a")
    response = client.post(
        f"/admin/applications/{app.pk}/do/reply/",
        {
            "outcome": Outcome.DISCLOSED.value,
            "text": "现予公开。",
            "replied_on": "2026-10-20",
            "obtain_how": "电子邮件发送",
        },
    )
    assert response.status_code == 200
    assert "尚未设置依申请公开文书的发文字号前缀" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == "processing"


def test_the_tracking_page_says_what_the_served_letter_says(client, case, officer):
    app = case.application
    Agency.objects.filter(pk=app.agency_id).update(reconsideration_online_channel=CHANNEL)
    do_reply(
        Application.objects.get(pk=app.pk),
        outcome=Outcome.DISCLOSED,
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=officer,
        **stated_for(Outcome.DISCLOSED),
    )
    reply = notice(app, NoticeKind.REPLY)
    do_record_service(reply, method="email", served_on=d(2026, 10, 20), acting_user=officer)
    open_case(client, case)
    page = client.get(CASE).content.decode()
    assert f"您也可以通过{CHANNEL}在线提交行政复议申请。" in page
    assert "政府信息公开申请答复告知书" in page and "甲交依申〔2026〕3号" in page
    docx = client.get(f"/applications/track/notices/{reply.pk}.docx")
    assert CHANNEL in docx_text(b"".join(docx.streaming_content))


def test_the_officer_tells_a_third_party_of_a_decision_to_disclose(client, persona, case):
    app = case.application
    persona(client, "officer_a")
    url = f"/admin/applications/{app.pk}/do/notify_third_party_decision/"
    data = {"on": "2026-10-12", "party": "某公交公司", "content": "票价条款", "reason": "公共利益"}
    # Offered only once the third party was consulted.
    assert (
        "do/notify_third_party_decision/"
        not in client.get(f"/admin/applications/{app.pk}/").content.decode()
    )
    client.post(
        f"/admin/applications/{app.pk}/do/start_consultation/",
        {
            "on": "2026-10-09",
            "party_name": "某公交公司",
            "party_kind": "third_party",
            "matter": "合同",
        },
    )
    response = client.post(url, {**data, "on": "2026-10-08"})
    assert "告知日期不能早于征求意见日期（2026-10-09）" in response.content.decode()
    assert client.post(url, data).status_code == 302
    decision = notice(app, NoticeKind.THIRD_PARTY_DECISION)
    assert (decision.addressee, decision.issued_on) == ("某公交公司", d(2026, 10, 12))
    assert (
        ModelLogEntry.objects.for_instance(app)
        .filter(action=ACTION_PREFIX + "notify_third_party_decision")
        .exists()
    )
    persona(client, "officer_b")
    assert client.post(url, data).status_code == 404
