"""Replies with released files through the HTTP client: the privacy gate, the downloads, the
reply letter, and the reconsideration and litigation register."""

import importlib.util
from datetime import datetime

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import AUDIT, do_reply, do_reply_with_files
from gongkai.applications.models import Application, Outcome, ReplyFile, State
from gongkai.applications.staff_forms import OUTCOME_GROUPS
from gongkai.casework import auditlog as audit_module
from gongkai.disputes.models import Remedy
from tests.applications.conftest import SHANGHAI, at, d

REPLY_PRIVACY_OVERRIDE = AUDIT["reply_privacy_override"]

pytestmark = pytest.mark.django_db

# A valid ID number (GB 11643 check character) of someone who is not the applicant.
LEAKED_ID = "360402199003071232"
CLEAN = "2026年城区道路大修计划：共12个项目。\n".encode()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    field = ReplyFile._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 10, 19)).application


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def reply(client, app, *files, reason=""):
    data = {
        "outcome": "art36_2_disclose",
        "obtain_how": "随本告知书提供",
        "text": "现予公开。",
        "replied_on": "2026-10-20",
        "files": list(files),
        "privacy_override_reason": reason,
    }
    response = client.post(f"/admin/applications/{app.pk}/do/reply/", data)
    return response, Application.objects.get(pk=app.pk)


def test_reply_stores_released_files_privately(client, persona, case, private_files):
    persona(client, "officer_a")
    response, app = reply(client, case, upload("计划.txt", CLEAN))
    assert response.status_code == 302 and app.state == State.REPLIED
    released = app.reply.files.get()
    assert released.name == "计划.txt" and not released.privacy_override_reason
    assert (private_files / released.file.name).read_bytes() == CLEAN
    assert "计划" not in released.file.name  # stored under a random name
    download = client.get(f"/admin/applications/{app.pk}/files/{released.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == CLEAN
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_file_with_personal_data_is_refused_with_masked_findings(client, persona, case):
    persona(client, "officer_a")
    response, app = reply(client, case, upload("名单.txt", f"身份证号：{LEAKED_ID}\n".encode()))
    html = response.content.decode()
    assert response.status_code == 200 and "附件含有个人信息，未予答复" in html
    assert "《名单.txt》第1行" in html and "3604**********1232" in html
    assert LEAKED_ID not in html
    assert app.state == State.PROCESSING and not ReplyFile.objects.exists()


def test_override_with_reason_releases_and_audits_masked(client, persona, case):
    persona(client, "officer_a")
    leaked = upload("名单.txt", f"身份证号：{LEAKED_ID}\n".encode())
    response, app = reply(
        client, case, upload("计划.txt", CLEAN), leaked, reason="申请人本人的信息"
    )
    assert response.status_code == 302 and app.state == State.REPLIED
    clean, flagged = app.reply.files.order_by("pk")
    assert not clean.privacy_override_reason
    assert flagged.privacy_override_reason == "申请人本人的信息"
    entry = ModelLogEntry.objects.for_instance(app).get(action=REPLY_PRIVACY_OVERRIDE)
    assert entry.data["data"]["reason"] == "申请人本人的信息"
    assert list(entry.data["data"]["files"]) == [str(flagged.pk)]
    assert LEAKED_ID not in str(entry.data) and "名单" not in str(entry.data)
    assert (
        "答复附件含个人信息仍提供" in client.get(f"/admin/applications/{app.pk}/").content.decode()
    )


def test_unreadable_file_needs_a_reason(client, persona, case):
    persona(client, "officer_a")
    response, app = reply(client, case, upload("扫描件.doc", b"\xd0\xcf\x11\xe0"))
    assert "无法自动检查的文件，请人工核对" in response.content.decode()
    assert app.state == State.PROCESSING


def test_reply_and_files_are_one_transaction(case, users, private_files, monkeypatch):
    real_log = audit_module.log

    def broken_log(**kwargs):
        # The reply itself is logged; the store fails on the files' entry, after they are saved.
        if kwargs["action"] == REPLY_PRIVACY_OVERRIDE:
            raise RuntimeError("audit store down")
        return real_log(**kwargs)

    monkeypatch.setattr(audit_module, "log", broken_log)
    with pytest.raises(RuntimeError):
        do_reply_with_files(
            case,
            outcome="art36_2_disclose",
            text="现予公开。",
            replied_on=d(2026, 10, 20),
            files=[upload("名单.txt", f"身份证号：{LEAKED_ID}\n".encode())],
            privacy_override_reason="申请人本人的信息",
            findings={0: ["第1行 身份证号 3604**********1232"]},
            acting_user=users["officer_a"],
            obtain_how="随本告知书提供",
        )
    case.refresh_from_db()
    assert case.state == State.PROCESSING and not ReplyFile.objects.exists()
    assert not [p for p in private_files.rglob("*") if p.is_file()]


def test_outsider_and_other_case_cannot_fetch_a_file(client, persona, case, register):
    persona(client, "officer_a")
    _response, app = reply(client, case, upload("计划.txt", CLEAN))
    released = app.reply.files.get()
    other = register(arrived=at(2026, 10, 19)).application
    assert client.get(f"/admin/applications/{other.pk}/files/{released.pk}/").status_code == 404
    persona(client, "clerk_b")
    assert client.get(f"/admin/applications/{app.pk}/files/{released.pk}/").status_code == 404
    persona(client, "group_supervisor")
    assert client.get(f"/admin/applications/{app.pk}/files/{released.pk}/").status_code == 200


def test_every_outcome_sits_in_one_group():
    grouped = [o for _group, members in OUTCOME_GROUPS for o in members]
    assert sorted(grouped) == sorted(Outcome) and len(grouped) == len(set(grouped))


# --- the reply letter ---------------------------------------------------------------------

needs_letters = pytest.mark.skipif(
    importlib.util.find_spec("gongkai.applications.letters") is None,
    reason="gongkai.applications.letters is being written by another developer",
)


@needs_letters
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_staff_download_the_reply_letter(client, persona, case, users, ext):
    do_reply(
        case,
        outcome="art36_2_disclose",
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    persona(client, "officer_a")
    response = client.get(f"/admin/applications/{case.pk}/letter.{ext}")
    assert response.status_code == 200 and f".{ext}" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)
    persona(client, "clerk_b")
    assert client.get(f"/admin/applications/{case.pk}/letter.{ext}").status_code == 404


def test_letter_of_an_unanswered_case_is_404(client, persona, case):
    persona(client, "officer_a")
    assert client.get(f"/admin/applications/{case.pk}/letter.pdf").status_code == 404


# --- reconsideration and litigation -----------------------------------------------------------


def test_review_then_lawsuit_after_review_are_registered_and_concluded(client, persona, case):
    persona(client, "officer_a")
    _response, app = reply(client, case)
    # The review was accepted after the reply: its dates are checked against today.
    later = time_machine.travel(datetime(2026, 11, 5, 10, tzinfo=SHANGHAI), tick=False)
    with later:
        persona(client, "officer_a")  # a new day's login
        base = f"/admin/applications/{app.pk}/do/"
        act = {"body": "九江市人民政府", "challenged_act": "2026年答复"}
        client.post(
            base + "record_remedy/",
            {"kind": "review", "filed_on": "2026-10-21", "case_number": "九府复〔2026〕8号", **act},
        )
        review = Remedy.objects.get(application=app)
        assert review.reply == app.reply and review.result == "pending"
        response = client.post(
            base + "record_remedy/", {"kind": "after_review", "filed_on": "2026-11-02", **act}
        )
        assert "复议后起诉须关联所经的行政复议" in response.content.decode()
        client.post(
            base + "record_remedy/",
            {"kind": "after_review", "review": review.pk, "filed_on": "2026-11-02", **act},
        )
        lawsuit = Remedy.objects.get(kind="after_review")
        assert lawsuit.review == review
        response = client.post(
            base + "conclude_remedy/",
            {"remedy": review.pk, "decision": "upheld", "concluded_on": "2026-10-01"},
        )
        assert "审结日期不能早于受理日期" in response.content.decode()
        client.post(
            base + "conclude_remedy/",
            {"remedy": review.pk, "decision": "upheld", "concluded_on": "2026-10-30"},
        )
        review.refresh_from_db()
        assert review.result == "upheld" and review.concluded_on == d(2026, 10, 30)
        logged = set(ModelLogEntry.objects.for_instance(app).values_list("action", flat=True))
        assert {"gongkai.disputes.record_remedy", "gongkai.disputes.conclude_remedy"} <= logged

        listing = client.get("/admin/applications/remedies/?year=2026").content.decode()
        assert "九府复〔2026〕8号" in listing and app.tracking_code in listing
        assert "复议后起诉" in listing and "结果维持" in listing
        assert (
            app.tracking_code
            not in client.get("/admin/applications/remedies/?year=2025").content.decode()
        )
        persona(client, "clerk_b")
        assert (
            app.tracking_code
            not in client.get("/admin/applications/remedies/?year=2026").content.decode()
        )
        persona(client, "group_supervisor")
        assert (
            app.tracking_code
            in client.get("/admin/applications/remedies/?year=2026").content.decode()
        )


def test_remedy_is_offered_only_on_a_concluded_case(client, persona, case):
    persona(client, "officer_a")
    assert (
        'do/record_remedy/#action-record_remedy"'
        not in client.get(f"/admin/applications/{case.pk}/").content.decode()
    )
