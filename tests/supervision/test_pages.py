"""The supervisor's back-office pages through the HTTP layer: who gets in, what they see."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from gongkai.supervision.reportcheck_views import MAX_FILE_BYTES, ReportUploadForm
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
OVERVIEW = "/admin/supervision/"
REPORT_CHECK = "/admin/supervision/report-check/"
STAFF = ["clerk_a", "clerk_b", "reviewer_a", "reviewer_b", "officer_a", "admin_a"]


REPORT_TEXT = "2020年政府信息公开工作年度报告".encode()


def upload(name, content=REPORT_TEXT):
    return SimpleUploadedFile(name, content, content_type="text/plain")


@time_machine.travel(datetime(2020, 12, 1, 10, tzinfo=SHANGHAI), tick=False)
def test_supervisor_sees_every_agency_with_its_figures(client, persona):
    # Late: 31 working days from 2020-06-01 (端午 25-27 June, 28 June worked).
    publish_item(
        "agency-b",
        "budget",
        "乙局2020年部门预算",
        generated_on=date(2020, 6, 1),
        published=datetime(2020, 7, 15, 10, tzinfo=SHANGHAI),
    )
    persona(client, "group_supervisor")
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.agency.name for row in rows] == ["甲市交通运输局", "乙市农业农村局"]
    html = re.sub(r">\s+<", "><", response.content.decode())
    assert "网站群机关概况" in html
    # name, live, this year, last published, awaiting review, blank columns (23 - 2), late.
    cells = ["乙市农业农村局", "2", "2", "2020年7月15日", "0", "21", "1"]
    assert "".join(f"<td>{cell}</td>" for cell in cells) in html
    cells = ["甲市交通运输局", "1", "1", "2020年3月4日", "0", "22", "0"]
    assert "".join(f"<td>{cell}</td>" for cell in cells) in html


def test_superuser_sees_the_overview(client):
    root = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(root)
    assert client.get(OVERVIEW).status_code == 200


@pytest.mark.parametrize("username", STAFF)
@pytest.mark.parametrize("url", [OVERVIEW, REPORT_CHECK, f"{REPORT_CHECK}abc.csv"])
def test_agency_staff_get_404_on_every_supervisor_page(client, persona, username, url):
    persona(client, username)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [OVERVIEW, REPORT_CHECK])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_supervisor_menu_links_only_for_supervisors(client, persona):
    persona(client, "group_supervisor")
    html = client.get("/admin/").content.decode()
    assert f'"{OVERVIEW}"' in html and f'"{REPORT_CHECK}"' in html
    persona(client, "admin_a")
    html = client.get("/admin/").content.decode()
    assert OVERVIEW not in html


def test_expired_or_unknown_csv_token_is_a_404(client, persona):
    persona(client, "group_supervisor")
    assert client.get(f"{REPORT_CHECK}no-such-token.csv").status_code == 404


def test_more_than_60_files_are_refused_at_once(client, persona):
    persona(client, "group_supervisor")
    files = [upload(f"report-{number}.txt") for number in range(61)]
    response = client.post(REPORT_CHECK, {"files": files})
    assert response.status_code == 400
    assert "一次最多上传60个文件。" in response.content.decode()


def test_upload_form_lists_every_bad_file_in_chinese():
    too_big = upload("big.txt", b"x" * (MAX_FILE_BYTES + 1))
    form = ReportUploadForm(
        files=MultiValueDict(
            {"files": [upload("README"), too_big, upload("ok.txt"), upload("scan.JPG")]}
        )
    )
    assert not form.is_valid()
    assert form.errors["files"] == [
        "README：不支持的文件类型",
        "big.txt：文件超过20MB",
        "scan.JPG：不支持的文件类型",
    ]


def test_file_of_exactly_20mb_and_upper_case_suffix_are_accepted():
    form = ReportUploadForm(
        files=MultiValueDict(
            {"files": [upload("limit.TXT", b"x" * MAX_FILE_BYTES), upload("b.Html")]}
        )
    )
    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data["files"]] == ["limit.TXT", "b.Html"]
