"""The whole-case archive (归档, Art. 45): one ZIP with the summary PDF, every original file,
the generated letters and an index with each file's SHA-256; personal data in full, so the
access is recorded and the download audited; scoped to staff who may see personal data."""

import csv
import hashlib
import io
import zipfile
from datetime import datetime

import pdfplumber
import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Department
from gongkai.applications.actions import (
    do_assign,
    do_reply_with_files,
    do_request_correction,
    do_return_opinion,
    do_submit_correction,
)
from gongkai.applications.archive import case_documents
from gongkai.applications.models import (
    Application,
    CorrectionFile,
    NoticeKind,
    OpinionFile,
    ReplyFile,
)
from gongkai.applications.notices import FILE_STEM
from gongkai.casework.models import PersonalDataAccess
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.models import Remedy
from tests.applications.conftest import ID_NUMBER, PHONE, SHANGHAI, at, d
from tests.applications.stated import stated_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32
CLEAN = "2026年公交线路调整方案：共5条线路。\n".encode()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    for field in (
        ReplyFile._meta.get_field("file"),
        CorrectionFile._meta.get_field("file"),
        OpinionFile._meta.get_field("file"),
        Application._meta.get_field("id_document_copy"),
        Remedy._meta.get_field("decision_document"),
    ):
        monkeypatch.setattr(field, "storage", storage)
    return tmp_path


@pytest.fixture
def full_case(register, officer, users):
    """A case with a file of every kind: identity copy, correction, opinion, reply, decision."""
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        app = register(
            arrived=at(2026, 9, 21),
            id_document_copy=SimpleUploadedFile("张三身份证.png", PNG),
        ).application
        do_request_correction(
            app,
            on=d(2026, 9, 22),
            correct_by=d(2026, 10, 9),
            note="请写明年份",
            acting_user=officer,
        )
        do_submit_correction(
            app, text="2026年的", files=[SimpleUploadedFile("补正/说明.pdf", PDF + b"c")]
        )
        assignment = do_assign(
            app,
            department=Department.objects.get(agency__slug="agency-a", slug="transport"),
            question="是否存在该信息？",
            acting_user=officer,
        )
        do_return_opinion(
            assignment,
            opinion="存在，可公开。",
            files=[SimpleUploadedFile("意见.pdf", PDF + b"o")],
            acting_user=users["clerk_a"],
        )
        do_reply_with_files(
            app,
            outcome="art36_2_disclose",
            **stated_for("art36_2_disclose"),
            text="现予公开。",
            replied_on=d(2026, 10, 20),
            files=[SimpleUploadedFile("方案.txt", CLEAN)],
            acting_user=officer,
        )
        remedy = do_record_remedy(
            app, kind="review", filed_on=d(2026, 10, 20), body="甲市人民政府", acting_user=officer
        )
        do_conclude_remedy(
            remedy,
            decision="upheld",
            concluded_on=d(2026, 10, 20),
            document=SimpleUploadedFile("决定书.pdf", PDF + b"r"),
            acting_user=officer,
        )
    return Application.objects.get(pk=app.pk)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "".join(page.extract_text() for page in document.pages).replace("\n", "")


def test_the_archive_holds_every_file_with_its_hash(client, persona, full_case):
    officer = persona(client, "officer_a")
    accesses = PersonalDataAccess.objects.filter(user=officer).count()
    response = client.get(f"/admin/applications/{full_case.pk}/archive.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert full_case.tracking_code in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    correction = CorrectionFile.objects.get()
    opinion = OpinionFile.objects.get()
    released = ReplyFile.objects.get()
    remedy = Remedy.objects.get()
    # Every notice the case sent, as issued, under its kind and its number.
    sent = {
        f"letters/{FILE_STEM[NoticeKind(n.kind)]}-{n.year}-{n.serial}.{ext}": n
        for n in full_case.notices.all()
        for ext in ("pdf", "docx")
    }
    assert {NoticeKind(n.kind) for n in sent.values()} >= {NoticeKind.CORRECTION, NoticeKind.REPLY}
    reply_pdf = next(
        name for name, n in sent.items() if n.kind == NoticeKind.REPLY and name.endswith("pdf")
    )
    assert names == {
        "index.csv",
        "summary.pdf",
        *sent,
        "files/identity/身份证明复印件.png",
        f"files/corrections/{correction.pk}-说明.pdf",
        f"files/opinions/{opinion.pk}-意见.pdf",
        f"files/replies/{released.pk}-方案.txt",
        f"files/remedies/{remedy.pk}-决定书.pdf",
    }
    # The originals, byte for byte.
    assert archive.read("files/identity/身份证明复印件.png") == PNG
    assert archive.read(f"files/corrections/{correction.pk}-说明.pdf") == PDF + b"c"
    assert archive.read(f"files/replies/{released.pk}-方案.txt") == CLEAN
    assert archive.read(f"files/remedies/{remedy.pk}-决定书.pdf") == PDF + b"r"
    # The index lists every other file once, with its SHA-256 and size.
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert {row["path"] for row in rows} == names - {"index.csv"}
    for row in rows:
        data = archive.read(row["path"])
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert int(row["bytes"]) == len(data)
    # The summary: the applicant's data in full (for the agency's filing), the timeline, the
    # clock, the reply, the remedy.
    text = pdf_text(archive.read("summary.pdf"))
    for expected in (ID_NUMBER, PHONE, "张三", full_case.tracking_code, "现予公开。", "甲市人民政府",
                     "收到补正", "答复期限", "2026年的"):  # fmt: skip
        assert expected in text, expected
    # The letter is the one the applicant receives.
    letter = pdf_text(archive.read(reply_pdf))
    assert "政府信息公开申请答复告知书" in letter and sent[reply_pdf].number in letter
    # Recorded and audited.
    assert PersonalDataAccess.objects.filter(user=officer).count() == accesses + 1
    entry = ModelLogEntry.objects.for_instance(full_case).get(action="gongkai.applications.archive")
    assert entry.user == officer and entry.data["data"] == {"files": len(names) - 1}


def test_only_staff_who_may_see_personal_data_download_it(client, persona, full_case):
    url = f"/admin/applications/{full_case.pk}/archive.zip"
    persona(client, "group_supervisor")  # reads the case masked
    assert client.get(url).status_code == 403
    persona(client, "officer_b")  # another agency
    assert client.get(url).status_code == 404
    persona(client, "clerk_a")
    assert client.get(url).status_code in (403, 404)
    assert not ModelLogEntry.objects.filter(action="gongkai.applications.archive").exists()


def test_case_documents_are_the_notices_sent_so_far(register):
    # Received online: the receipt confirmation went out, numbered; nothing else yet.
    app = register().application
    (receipt,) = app.notices.all()
    assert receipt.kind == NoticeKind.RECEIPT
    assert [f.path for f in case_documents(app)] == [
        f"letters/queren-{receipt.year}-{receipt.serial}.pdf",
        f"letters/queren-{receipt.year}-{receipt.serial}.docx",
    ]
