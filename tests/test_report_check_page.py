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
