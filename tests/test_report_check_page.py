"""The supervisor's report-check page through the HTTP layer."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[2] / "shared"
URL = "/admin/supervision/report-check/"


@pytest.fixture
def seed_report():
    path = SHARED / "seed" / "000_f381d2065afaaaf4.txt"
    if not path.exists():
        pytest.skip("../shared/seed is not beside the checkout")
    return SimpleUploadedFile("lushan-2020.txt", path.read_bytes(), content_type="text/plain")


def test_supervisor_checks_uploaded_reports_and_downloads_csv(client, persona, seed_report):
    persona(client, "group_supervisor")
    junk = SimpleUploadedFile("notes.txt", "今天天气很好。".encode(), content_type="text/plain")
    response = client.post(URL, {"files": [seed_report, junk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "lushan-2020.txt" in html and "notes.txt" in html
    assert "gb2019" in html and "庐山市交通运输局" in html
    assert "X_SECTIONS_ORDER" in html
    token = response.context["token"]
    download = client.get(f"{URL}{token}.csv")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][:4] == ["文件", "格式", "年度", "机关"]
    seed_rules = {row[4] for row in rows[1:] if row[0] == "lushan-2020.txt"}
    assert {"X_SECTIONS_ORDER", "T3_BALANCE"} & seed_rules
    assert any(row[0] == "notes.txt" for row in rows[1:])


def test_csv_link_belongs_to_the_user_who_checked(client, persona, seed_report):
    persona(client, "group_supervisor")
    token = client.post(URL, {"files": [seed_report]}).context["token"]
    persona(client, "admin_a")
    assert client.get(f"{URL}{token}.csv").status_code == 404


def test_unsupported_and_missing_files_get_chinese_errors(client, persona):
    persona(client, "group_supervisor")
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "请选择至少一个报告文件。" in response.content.decode()
    doc = SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0", content_type="application/msword")
    response = client.post(URL, {"files": [doc]})
    assert response.status_code == 400
    assert "old.doc：不支持的文件类型" in response.content.decode()


def test_page_is_for_supervisors_only(client, persona):
    persona(client, "admin_a")
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_upload_without_csrf_token_is_refused(persona, seed_report):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    persona(client, "group_supervisor")
    assert client.post(URL, {"files": [seed_report]}).status_code == 403


@pytest.fixture
def checks_queued(settings, tmp_path):
    settings.GONGKAI_JOBS_EAGER = False
    settings.GONGKAI_JOBS_EAGER_JOBS = ()
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_check_runs_on_the_worker_and_the_page_refreshes_until_it_is_done(
    client, persona, seed_report, checks_queued
):
    from gongkai.jobs.models import Job, JobState
    from gongkai.jobs.queue import run_pending

    persona(client, "group_supervisor")
    response = client.post(URL, {"files": [seed_report]})
    assert response.status_code == 200
    html = response.content.decode()
    token = response.context["token"]
    assert 'data-report-check="pending"' in html and "正在检查" in html
    assert f'http-equiv="refresh" content="3;url=?run={token}"' in html
    assert "X_SECTIONS_ORDER" not in html
    kept = list((checks_queued / "report-check").glob("*/0"))
    assert len(kept) == 1 and kept[0].read_bytes() == seed_report.open().read()
    assert client.get(f"{URL}?run={token}").context["state"] == "pending"
    assert client.get(f"{URL}{token}.csv").status_code == 404  # not ready yet

    [ran] = run_pending()
    assert ran.name == "supervision.report_check" and ran.state == JobState.DONE
    assert not list((checks_queued / "report-check").glob("*/0"))  # read, then removed
    done = client.get(f"{URL}?run={token}")
    html = done.content.decode()
    assert "http-equiv" not in html and "正在检查" not in html
    assert "lushan-2020.txt" in html and "X_SECTIONS_ORDER" in html
    assert client.get(f"{URL}{token}.csv").status_code == 200
    assert Job.objects.filter(name="supervision.report_check").count() == 1


def test_a_check_that_failed_says_a_person_must_look(client, persona, checks_queued):
    from gongkai.jobs.models import Job, JobState
    from gongkai.jobs.queue import run_pending

    persona(client, "group_supervisor")
    report = SimpleUploadedFile("a.txt", "年度报告".encode(), content_type="text/plain")
    token = client.post(URL, {"files": [report]}).context["token"]
    checks = Job.objects.filter(name="supervision.report_check")
    for folder in (checks_queued / "report-check").iterdir():  # the upload lost
        (folder / "0").unlink()
    for _attempt in range(2):
        checks.update(run_after="2000-01-01T00:00:00Z")
        run_pending()
    assert checks.get().state == JobState.FAILED
    html = client.get(f"{URL}?run={token}").content.decode()
    assert 'data-report-check="failed"' in html and "请人工核对" in html
    assert "http-equiv" not in html


def test_a_run_token_is_the_users_own(client, persona, seed_report, checks_queued):
    persona(client, "group_supervisor")
    token = client.post(URL, {"files": [seed_report]}).context["token"]
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Role, StaffProfile
    from tests.sitegroup import set_roles

    # A second supervisor of the group: the result is bound to the one who uploaded.
    second = get_user_model().objects.create_user("supervisor_two", password="x" * 12)
    set_roles(StaffProfile.objects.create(user=second), [Role.SUPERVISOR])
    client.force_login(second)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}?run={token}").status_code == 404
    assert client.get(f"{URL}{token}.csv").status_code == 404
    persona(client, "group_supervisor")
    assert client.get(f"{URL}?run={token}").status_code == 200
    for bad in ("nothing-here", "../../etc", "x" * 100):
        assert client.get(URL, {"run": bad}).status_code == 404
    assert client.get(URL, {"run": "a\x00b"}).status_code == 400  # refused before the view
