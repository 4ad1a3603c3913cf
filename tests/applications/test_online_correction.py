"""The applicant's correction online from the tracking page (Art. 30) and the identity
document copy on the public form: HTTP with CSRF and the rate limit, file checks, private
storage, the clock event recorded by the applicant, staff scoping of the files."""

import io
import re
from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from wagtail.models import ModelLogEntry

from gongkai.applications import views
from gongkai.applications.actions import (
    ActionError,
    TransitionError,
    do_request_correction,
    do_submit_correction,
)
from gongkai.applications.models import Application, Correction, CorrectionFile, State
from gongkai.casework.models import PersonalDataAccess
from gongkai.casework.uploads import upload_error
from gongkai.rules.clock import EventKind
from tests.applications.conftest import ID_NUMBER, PHONE, SHANGHAI, d
from tests.applications.test_public_http import NEW, person

pytestmark = pytest.mark.django_db

CORRECT, CASE = "/applications/track/correct/", "/applications/track/case/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    for field in (
        CorrectionFile._meta.get_field("file"),
        Application._meta.get_field("id_document_copy"),
    ):
        monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


@pytest.fixture
def waiting(register, officer):
    """Received in person on Mon 2026-09-21; correction asked on 2026-09-25, by 2026-10-30."""
    registration = register()
    do_request_correction(
        registration.application,
        on=d(2026, 9, 25),
        correct_by=d(2026, 10, 30),
        note="请写明所需文件的年份",
        acting_user=officer,
    )
    return registration


def opened(client, registration):
    session = client.session
    session[views.SESSION_KEY] = registration.application.pk
    session.save()
    return client


def docx_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_applicant_corrects_online_and_the_clock_restarts(client, waiting, private_files):
    opened(client, waiting)
    page = client.get(CASE).content.decode()
    assert 'href="/applications/track/correct/"' in page
    form = client.get(CORRECT)
    assert form.status_code == 200 and "请写明所需文件的年份" in form.content.decode()
    own = SimpleUploadedFile("张三的补正.docx", docx_with(f"申请人身份证号 {ID_NUMBER}"))
    response = client.post(CORRECT, {"text": "所需文件为2025年度的线路调整决定。", "files": [own]})
    assert response.status_code == 302 and response.url == CASE
    app = Application.objects.get(pk=waiting.application.pk)
    assert app.state == State.PROCESSING
    event = app.clock_events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert (event.on, event.recorded_by) == (date(2026, 10, 20), None)
    # Art. 30: 20 working days from the day the correction arrived (Tue 2026-10-20) — Nov 17.
    assert app.reply_due == date(2026, 11, 17)
    correction = Correction.objects.get(application=app)
    assert correction.text == "所需文件为2025年度的线路调整决定。"
    kept = correction.files.get()
    assert kept.name == "张三的补正.docx"
    # The privacy gate ran: its findings are kept masked, never the number itself.
    assert kept.findings and ID_NUMBER not in str(kept.findings)
    stored = [p for p in private_files.rglob("*") if p.is_file()]
    assert len(stored) == 1 and "张三" not in stored[0].name and stored[0].suffix == ".docx"
    entry = ModelLogEntry.objects.for_instance(app).get(
        action="gongkai.applications.receive_correction"
    )
    assert entry.user is None
    assert entry.data["data"]["by"] == "applicant"
    assert entry.data["data"]["files"] == entry.data["data"]["files_with_personal_data"] == 1
    assert ID_NUMBER not in str(entry.data) and "张三" not in str(entry.data)
    # once corrected, the form is gone and the case page says when it was sent
    assert client.get(CORRECT).status_code == 302
    page = client.get(CASE).content.decode()
    assert "2026-10-20 您已在线提交补正" in page and "/applications/track/correct/" not in page


def test_bad_files_and_empty_corrections_are_refused(client, waiting):
    opened(client, waiting)
    cases = [
        ({"text": "", "files": []}, "请填写补正内容或上传补正材料"),
        ({"text": "见附件", "files": [SimpleUploadedFile("a.exe", b"MZ")]}, "只能上传以下格式"),
        (
            {"text": "见附件", "files": [SimpleUploadedFile("a.pdf", b"MZ\x90not a pdf")]},
            "文件内容与扩展名 .pdf 不符",
        ),
        (
            {"text": "见附件", "files": [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)]},
            "最多上传5个文件",
        ),
        ({"text": "字" * 5001}, "5000"),
    ]
    for data, message in cases:
        response = client.post(CORRECT, data)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    app = Application.objects.get(pk=waiting.application.pk)
    assert app.state == State.AWAITING_CORRECTION and not Correction.objects.exists()


def test_correction_needs_csrf_its_own_session_and_is_rate_limited(waiting, monkeypatch):
    strict = opened(Client(enforce_csrf_checks=True), waiting)
    assert strict.post(CORRECT, {"text": "补正"}).status_code == 403
    assert Client().post(CORRECT, {"text": "补正"}).status_code == 404  # no case opened
    monkeypatch.setattr(views, "CORRECT_LIMIT", 2)
    client = opened(Client(), waiting)
    statuses = [
        client.post(CORRECT, {"text": ""}, REMOTE_ADDR="10.1.2.3").status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    assert Application.objects.get(pk=waiting.application.pk).state == State.AWAITING_CORRECTION


def test_upload_check_by_name_content_and_size():
    assert upload_error(SimpleUploadedFile("a.PDF", PDF)) is None
    assert upload_error(SimpleUploadedFile("a.pdf", b"")) == "文件为空"
    assert upload_error(SimpleUploadedFile("a.docx", b"PK\x03\x04rest")) is None
    assert upload_error(SimpleUploadedFile("a.docx", PDF)) == "文件内容与扩展名 .docx 不符"
    assert upload_error(SimpleUploadedFile("a", PDF)).startswith("只能上传以下格式的文件")
    big = SimpleUploadedFile("a.pdf", PDF + b"0" * 100)
    assert upload_error(big, max_bytes=len(PDF)) == "文件不能超过 0 MB"


def test_the_action_refuses_a_case_not_waiting_for_a_correction(register):
    app = register().application
    with pytest.raises(TransitionError, match="未在等待补正"):
        do_submit_correction(app, text="补正")
    with pytest.raises(ActionError, match="最多上传5个文件"):
        do_submit_correction(app, text="", files=[SimpleUploadedFile("a.pdf", PDF)] * 6)


def test_staff_of_the_agency_download_correction_files_others_do_not(client, persona, waiting):
    do_submit_correction(
        waiting.application, text="补正", files=[SimpleUploadedFile("补正.pdf", PDF)]
    )
    kept = CorrectionFile.objects.get()
    url = f"/admin/applications/{waiting.application.pk}/corrections/{kept.pk}/"
    persona(client, "officer_a")
    detail = client.get(f"/admin/applications/{waiting.application.pk}/").content.decode()
    assert url in detail
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    persona(client, "officer_b")
    assert client.get(url).status_code == 404


# --- the identity document copy ----------------------------------------------------------------


def test_the_public_form_takes_an_identity_copy_kept_privately(client, persona, private_files):
    copy = SimpleUploadedFile("张三身份证.png", PNG, content_type="image/png")
    response = client.post(NEW, person(id_document_copy=copy))
    assert response.status_code == 200
    app = Application.objects.get()
    assert app.id_document_copy.name.endswith(".png") and "张三" not in app.id_document_copy.name
    assert not app.id_document_copy.name.startswith("/")
    stored = [p for p in private_files.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [PNG]
    url = f"/admin/applications/{app.pk}/identity/"
    # Staff who may see personal data download it, and the access is recorded.
    officer = persona(client, "officer_a")
    before = PersonalDataAccess.objects.filter(user=officer).count()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert PersonalDataAccess.objects.filter(user=officer).count() == before + 1
    # The supervisor reads the case masked: no copy. Another agency: no case at all.
    persona(client, "group_supervisor")
    assert client.get(f"/admin/applications/{app.pk}/").status_code == 200
    assert client.get(url).status_code == 404
    persona(client, "officer_b")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("id.gif", b"GIF89a"), "只能上传以下格式的文件：JPEG、JPG、PDF、PNG"),
        (SimpleUploadedFile("id.jpg", PNG), "文件内容与扩展名 .jpg 不符"),
        (SimpleUploadedFile("id.png", PNG + b"\x00" * (5 * 1024 * 1024)), "文件不能超过 5 MB"),
    ],
)
def test_a_bad_identity_copy_is_refused_and_nothing_is_registered(client, upload, message):
    response = client.post(NEW, person(id_document_copy=upload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_identity_copy_never_reaches_the_logs_or_the_page(client, caplog):
    response = client.post(NEW, person(id_document_copy=SimpleUploadedFile("张三.png", PNG)))
    page = response.content.decode()
    assert not re.search(r"applications/identity/", page)
    for value in (ID_NUMBER, PHONE):
        assert value not in caplog.text
