"""The back-office pages: figures with their authors, CSV import, one report with its traces,
checks and narrative — and nothing of another agency."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications.actions import do_reply
from gongkai.reports.actions import do_accept, do_create_report, do_enter_figures
from gongkai.reports.models import AnnualReport, Figure, ReportState
from tests.reports.conftest import at, d
from tests.reports.path import a_supervisor

pytestmark = pytest.mark.django_db

LICENCE = "t2_art20_5.admin_license.decisions"


def figures_url(agency, year=2021):
    return f"/admin/annual-reports/figures/{agency.pk}/{year}/"


def import_url(agency, year=2021):
    return f"{figures_url(agency, year)}import/"


def report_url(report):
    return f"/admin/annual-reports/{report.pk}/"


@pytest.fixture
def report(agency_a, officer, register):
    app = register(at(2021, 3, 1))
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 3, 5),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    return do_create_report(agency_a, 2021, acting_user=officer)


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- figures ---------------------------------------------------------------------------------


def test_officer_enters_a_row_and_sees_who_entered_it(client, persona, agency_a):
    persona(client, "officer_a")
    page = client.get(figures_url(agency_a))
    assert page.status_code == 200
    body = page.content.decode()
    assert "第二十条第（五）项 · 行政许可" in body and f'name="{LICENCE}"' in body
    response = client.post(figures_url(agency_a), {LICENCE: "1603"}, follow=True)
    assert "已保存 1 项数据。" in texts(response)
    assert Figure.objects.get(cell_id=LICENCE).value == 1603
    assert "officer_a" in response.content.decode()


def test_a_bad_value_is_shown_in_chinese_and_saves_nothing(client, persona, agency_a):
    persona(client, "officer_a")
    response = client.post(
        figures_url(agency_a), {LICENCE: "-2", "t2_art20_6.admin_penalty.decisions": "5"}
    )
    assert response.status_code == 400
    assert "应为非负整数" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_history_of_a_corrected_figure_is_listed(client, persona, agency_a, officer, users):
    do_enter_figures(agency_a, 2021, {LICENCE: 10}, acting_user=officer)
    do_enter_figures(agency_a, 2021, {LICENCE: 12}, acting_user=users["admin_a"])
    persona(client, "clerk_a")  # staff of the agency read
    body = client.get(figures_url(agency_a)).content.decode()
    assert "修改记录" in body and "admin_a" in body and "officer_a" in body
    assert f'name="{LICENCE}"' not in body  # no inputs for a reader


def test_csv_import_reports_each_bad_line_and_imports_nothing(client, persona, agency_a):
    persona(client, "officer_a")
    upload = SimpleUploadedFile(
        "figures.csv",
        f"cell_id,value\n{LICENCE},7\nt2_art20_6.admin_penalty.decisions,x\n".encode("gb18030"),
    )
    response = client.post(import_url(agency_a), {"csv": upload}, follow=True)
    messages = texts(response)
    assert "导入失败，未导入任何数据" in messages
    assert "第3行：行政处罚 / 本年处理决定数量：“x”不是数字" in messages
    assert not Figure.objects.exists()
    upload = SimpleUploadedFile("figures.csv", f"\ufeff{LICENCE},7\n".encode())
    response = client.post(import_url(agency_a), {"csv": upload}, follow=True)
    assert "已导入 1 项数据。" in texts(response)
    assert Figure.objects.get().source == "csv"


def test_the_csv_import_has_its_own_url_that_only_writers_of_the_agency_reach(
    client, persona, agency_a, agency_b
):
    persona(client, "officer_a")
    page = client.get(figures_url(agency_a)).content.decode()
    assert f'action="{import_url(agency_a)}"' in page and 'name="action"' not in page
    assert client.get(import_url(agency_a)).status_code == 405
    csv = f"{LICENCE},7\n".encode()
    post = {"csv": SimpleUploadedFile("f.csv", csv)}
    assert client.post(import_url(agency_b), post).status_code == 404  # another agency
    post = {"csv": SimpleUploadedFile("f.csv", csv)}
    assert client.post(import_url(agency_a, 2018), post).status_code == 404  # no format
    persona(client, "clerk_a")  # reads the agency's figures, may not import
    post = {"csv": SimpleUploadedFile("f.csv", csv)}
    assert client.post(import_url(agency_a), post).status_code == 403
    assert not Figure.objects.exists()


def test_the_csv_import_needs_the_csrf_token(persona, agency_a):
    client = Client(enforce_csrf_checks=True)
    persona(client, "officer_a")
    post = {"csv": SimpleUploadedFile("f.csv", f"{LICENCE},7\n".encode())}
    assert client.post(import_url(agency_a), post).status_code == 403
    assert not Figure.objects.exists()


def test_a_year_without_a_format_has_no_figures_page(client, persona, agency_a):
    persona(client, "officer_a")
    assert client.get(figures_url(agency_a, 2018)).status_code == 404


# -- the report page ----------------------------------------------------------------------------


def test_officer_creates_a_report_from_the_list(client, persona, agency_a):
    persona(client, "officer_a")
    assert "新建年度报告" in client.get("/admin/annual-reports/").content.decode()
    response = client.post("/admin/annual-reports/", {"agency": agency_a.pk, "year": "2020"})
    report = AnnualReport.objects.get(agency=agency_a, year=2020)
    assert response.status_code == 302 and response["Location"] == report_url(report)
    assert report.format_id == "gb2019"
    response = client.post(
        "/admin/annual-reports/", {"agency": agency_a.pk, "year": "2018"}, follow=True
    )
    assert "2018 年没有适用的年报格式" in texts(response)


def test_the_report_page_shows_each_cells_value_and_trace(client, persona, report):
    persona(client, "officer_a")
    response = client.get(report_url(report))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-cell="t3.granted.natural_person"' in body
    case = report.agency.applications.get()
    assert case.tracking_code in body  # the case counted in 予以公开
    assert f'href="/admin/applications/{case.pk}/"' in body
    assert "未录入，按 0 填写" in body
    assert "AR_PLACEHOLDER" in body  # the draft's placeholders block publishing
    assert "一、总体情况" in body and "六、其他需要报告的事项" in body


def test_officer_edits_acknowledges_and_publishes(client, persona, report, register):
    persona(client, "officer_a")
    narrative = {
        "s1": "2021年，本机关新收政府信息公开申请1件。",
        "s5": "（一）存在的主要问题\n答复文书格式不统一。",
        "s6": "本年度本机关未收取信息处理费。",
    }
    response = client.post(f"{report_url(report)}narrative/", narrative, follow=True)
    assert "正文已保存。" in texts(response)
    response = client.post(f"{report_url(report)}submit/", follow=True)
    assert "请先确认以下警告" in texts(response)
    client.post(f"{report_url(report)}acknowledge/")
    body = client.get(report_url(report)).content.decode()
    assert "已由officer_a于" in body
    # Issue 19: publishing waits for the supervisor's acceptance of the submitted report.
    response = client.post(f"{report_url(report)}publish/", follow=True)
    assert "年度报告须先报送主管部门，经接收后再发布" in texts(response)
    response = client.post(f"{report_url(report)}submit/", follow=True)
    assert "年度报告已报送主管部门。" in texts(response)
    report.refresh_from_db()
    do_accept(report, acting_user=a_supervisor())
    response = client.post(f"{report_url(report)}publish/", follow=True)
    assert "年度报告已发布，表格数据已固定。" in texts(response)
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED
    register(at(2021, 6, 1))  # recorded after publication: the page keeps the frozen number
    body = client.get(report_url(report)).content.decode()
    assert 'name="s1"' not in body
    assert (
        '<td data-cell="t3.new_received.total"><a href="#trace-t3.new_received.total">1</a>' in body
    )


def refused(response) -> bool:
    """A refusal in the back office is a 403 (the agency scope turns Wagtail's redirect to the
    dashboard into one)."""
    return response.status_code == 403


def test_a_reader_of_the_agency_sees_the_report_but_cannot_change_it(client, persona, report):
    persona(client, "clerk_a")
    assert client.get(report_url(report)).status_code == 200
    assert refused(client.post(f"{report_url(report)}acknowledge/"))
    assert refused(client.post(figures_url(report.agency), {LICENCE: "1"}))
    report.refresh_from_db()
    assert report.acknowledged_by is None and not Figure.objects.exists()


def test_the_supervisor_reads_every_agency_and_writes_none(client, persona, report):
    persona(client, "group_supervisor")
    assert client.get("/admin/annual-reports/").status_code == 200
    assert client.get(report_url(report)).status_code == 200
    assert client.get(figures_url(report.agency)).status_code == 200
    assert refused(client.post(f"{report_url(report)}publish/"))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_each_step_of_the_report_posts_to_its_own_url(client, persona, report):
    persona(client, "officer_a")
    url = report_url(report)
    page = client.get(url).content.decode()
    assert f'action="{url}narrative/"' in page and f'action="{url}submit/"' in page
    assert 'name="action"' not in page
    assert client.post(url, {"action": "submit"}).status_code == 405
    assert client.get(f"{url}submit/").status_code == 405
    assert client.post(f"{url}delete/").status_code == 404
    response = client.post(f"{url}publish/", {"correction_note": "长" * 2001}, follow=True)
    assert texts(response) and "年度报告已发布" not in " ".join(texts(response))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


@pytest.mark.parametrize("outsider", ["clerk_b", "reviewer_b"])
def test_an_outsider_gets_404_everywhere(client, persona, report, outsider):
    persona(client, outsider)
    assert client.get(report_url(report)).status_code == 404
    assert client.post(f"{report_url(report)}publish/").status_code == 404
    assert client.get(figures_url(report.agency)).status_code == 404
    assert client.post(figures_url(report.agency), {LICENCE: "1"}).status_code == 404
    response = client.post("/admin/annual-reports/", {"agency": report.agency_id, "year": "2020"})
    assert response.status_code == 404
    assert report.agency.name not in client.get("/admin/annual-reports/").content.decode()
    assert not Figure.objects.exists()


def test_anonymous_is_sent_to_login(client, report):
    response = client.get(report_url(report))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
