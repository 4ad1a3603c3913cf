"""The applicant's view of a case through the HTTP client: tracking code and secret, the same
404 for an unknown code and a wrong secret, session-scoped downloads, withdrawal."""

import re
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client

from gongkai.applications import views
from gongkai.applications.actions import (
    do_extend,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
)
from gongkai.applications.models import FeeMethod, Outcome, ReplyFile, State
from tests.applications.conftest import SHANGHAI, d

pytestmark = pytest.mark.django_db

TRACK, CASE = "/applications/track/", "/applications/track/case/"
RELEASED = "2026年公交线路调整方案：共5条线路。\n".encode()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    field = ReplyFile._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


@pytest.fixture
def case(register):
    """Received in person on Mon 2026-09-21: reply due Mon 2026-10-26."""
    return register()


def open_case(client, registration, **extra):
    app = registration.application
    data = {"tracking_code": app.tracking_code, "secret": registration.secret}
    return client.post(TRACK, data, **extra)


def replied(registration, users, *files):
    reply = do_reply(
        registration.application,
        outcome=Outcome.DISCLOSED,
        text="现予公开，见附件。",
        replied_on=d(2026, 10, 20),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    return [
        ReplyFile.objects.create(reply=reply, name=name, file=ContentFile(content, name="f.txt"))
        for name, content in files
    ]


def html(response) -> str:
    return response.content.decode()


def without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


# --- opening a case ---------------------------------------------------------------------------


def test_right_code_and_secret_show_the_case(client, case):
    response = open_case(client, case)
    assert response.status_code == 302 and response["Location"] == CASE
    page = html(client.get(CASE))
    app = case.application
    assert app.tracking_code in page and "甲市交通运输局" in page
    assert "办理中" in page and "2026-10-26" in page
    assert "收到申请" in page and "国庆节" in page  # the explanation of the deadline
    assert "张*" in page and "张三" not in page  # the name is masked even here
    assert "撤回申请" in page


def test_code_is_accepted_as_people_type_it(client, case):
    code = case.application.tracking_code.replace("-", " ").lower()
    response = client.post(TRACK, {"tracking_code": code, "secret": case.secret})
    assert response.status_code == 302


def test_unknown_code_and_wrong_secret_get_the_same_404(client, case):
    code = case.application.tracking_code
    wrong_secret = client.post(TRACK, {"tracking_code": code, "secret": "x" * 22})
    unknown = client.post(TRACK, {"tracking_code": "2222-2222-2222", "secret": case.secret})
    assert wrong_secret.status_code == unknown.status_code == 404
    wrong_page = without_csrf(html(wrong_secret))
    unknown_page = without_csrf(html(unknown))
    assert wrong_page.replace(code, "2222-2222-2222") == unknown_page
    assert "查询码或查询密码不正确" in wrong_page
    assert "甲市交通运输局" not in wrong_page and case.secret not in unknown_page
    assert client.get(CASE).status_code == 302  # nothing opened


def test_empty_tracking_form_is_reported_in_chinese(client):
    response = client.post(TRACK, {"tracking_code": "", "secret": ""})
    assert response.status_code == 400
    assert "请填写查询码。" in html(response) and "请填写查询密码。" in html(response)


def test_tracking_attempts_are_rate_limited_per_ip(client, case):
    guesses = [
        client.post(
            TRACK, {"tracking_code": "2222-2222-2222", "secret": "guess"}, REMOTE_ADDR="10.1.2.3"
        ).status_code
        for _ in range(views.TRACK_LIMIT + 1)
    ]
    assert guesses == [404] * views.TRACK_LIMIT + [429]
    # Even the right secret is refused from that IP for now; another IP is served.
    refused = open_case(client, case, REMOTE_ADDR="10.1.2.3")
    assert refused.status_code == 429 and "查询过于频繁" in html(refused)
    assert open_case(Client(), case, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_csrf_is_required_to_track(case):
    assert open_case(Client(enforce_csrf_checks=True), case).status_code == 403


def test_case_page_without_an_opened_case_goes_to_the_form(client):
    assert client.get(CASE)["Location"] == TRACK


def test_private_link_fills_the_form_from_the_fragment(client):
    page = html(client.get(TRACK))
    assert "applications/tracking-link.js" in page and 'name="tracking_code"' in page
    # A script file, not inline: the public pages' Content-Security-Policy allows no other.
    script = b"".join(client.get("/static/applications/tracking-link.js").streaming_content)
    assert b"location.hash" in script


def test_leaving_forgets_the_case(client, case):
    open_case(client, case)
    client.post("/applications/track/leave/")
    assert client.get(CASE)["Location"] == TRACK


# --- what the applicant is told ------------------------------------------------------------


def test_correction_request_is_shown_with_its_period(client, case, users):
    do_request_correction(
        case.application,
        on=d(2026, 9, 24),
        correct_by=d(2026, 10, 15),
        note="请写明所需文件的发布年份。",
        acting_user=users["officer_a"],
    )
    open_case(client, case)
    page = html(client.get(CASE))
    assert "待补正" in page and "请于 2026-10-15 前补正申请" in page
    assert "请写明所需文件的发布年份。" in page


def test_extension_and_fee_notices_are_shown(client, case, users):
    do_extend(
        case.application,
        working_days=10,
        reason="需要调取档案",
        approved_by=users["head_a"],
        notice_sent_on=d(2026, 10, 19),
        acting_user=users["officer_a"],
    )
    do_send_fee_notice(
        case.application,
        method=FeeMethod.PER_VOLUME,
        pages=300,
        sent_on=d(2026, 10, 20),
        received_on=d(2026, 10, 20),
        acting_user=users["officer_a"],
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    open_case(client, case)
    page = html(client.get(CASE))
    assert "延期答复告知：答复期限延长 10 个工作日" in page and "需要调取档案" in page
    assert "收费通知" in page and "按量计收" in page and "请于" in page
    assert "approved_by" not in page


# --- reply and downloads -----------------------------------------------------------------------


def test_reply_and_released_file_are_available_to_the_applicant(client, case, users):
    (released,) = replied(case, users, ("公交线路调整方案.txt", RELEASED))
    open_case(client, case)
    page = html(client.get(CASE))
    assert "予以公开" in page and "现予公开，见附件。" in page and "撤回申请" not in page
    assert f"/applications/track/files/{released.pk}/" in page
    assert "/media/" not in page  # no public URL
    # The remedies as the letter states them: a disclosure offers review or a lawsuit.
    assert "您如对本答复不服，可以自收到本告知书之日起60日内" in page
    assert "6个月内依照《中华人民共和国行政诉讼法》向人民法院提起行政诉讼" in page
    download = client.get(f"/applications/track/files/{released.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == RELEASED
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_released_file_needs_an_opened_case(client, case, users):
    (released,) = replied(case, users, ("方案.txt", RELEASED))
    assert client.get(f"/applications/track/files/{released.pk}/").status_code == 404


def test_session_cannot_open_another_cases_files(client, case, register, users):
    other = register(applicant_name="李四")
    (theirs,) = replied(other, users, ("李四的材料.txt", b"private"))
    open_case(client, case)
    assert client.get(f"/applications/track/files/{theirs.pk}/").status_code == 404
    assert client.get("/applications/track/letter.pdf").status_code == 404  # own: no reply


def test_reply_letter_downloads_as_docx_and_pdf(client, case, users):
    pytest.importorskip("gongkai.applications.letters")
    replied(case, users)
    open_case(client, case)
    docx = client.get("/applications/track/letter.docx")
    pdf = client.get("/applications/track/letter.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert b"".join(docx.streaming_content).startswith(b"PK")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert client.get("/applications/track/letter.odt").status_code == 404


# --- withdrawal ---------------------------------------------------------------------------------


def test_withdraw_after_confirmation(client, case):
    open_case(client, case)
    confirm = client.get("/applications/track/withdraw/")
    assert confirm.status_code == 200 and "确认撤回" in html(confirm)
    case.application.refresh_from_db()
    assert case.application.state == State.PROCESSING  # the GET changed nothing
    response = client.post("/applications/track/withdraw/")
    assert response["Location"] == CASE
    app = case.application
    app.refresh_from_db()
    assert (app.state, app.outcome, app.concluded_on) == (
        State.WITHDRAWN,
        Outcome.OTHER,
        d(2026, 10, 20),
    )
    page = html(client.get(CASE))
    assert "已撤回" in page and "撤回申请" not in page


def test_withdraw_needs_the_opened_case_and_csrf(client, case):
    assert client.post("/applications/track/withdraw/").status_code == 404
    open_case(client, case)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post("/applications/track/withdraw/").status_code == 403
    case.application.refresh_from_db()
    assert case.application.state == State.PROCESSING


def test_concluded_case_cannot_be_withdrawn(client, case, users):
    replied(case, users)
    open_case(client, case)
    assert client.post("/applications/track/withdraw/")["Location"] == CASE
    case.application.refresh_from_db()
    assert case.application.state == State.REPLIED
