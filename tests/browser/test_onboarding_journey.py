"""Issue 13's browser test: the supervisor creates an agency in the back office; its admin
adds a department and an editor; the editor writes an item; the reviewer publishes it; it
appears on the new agency's site and in the portal."""

import pytest
from wagtail.models import WorkflowState

from gongkai.agencies import actions
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.catalog.models import ColumnPage, InfoItem
from tests.browser.conftest import OUTPUT_DIR
from tests.sitegroup import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Water-bureau-2026!"
TITLE = "测试市水利局关于汛期安全的通知"


def login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/admin/")


def submit_main_form(page):
    page.locator("form[method=post] button[type=submit]").last.click()


def add_person(page, base, login_name, name, agency_id, roles, department=None):
    page.goto(base + "/admin/users/new/")
    page.fill("#id_username", login_name)
    page.fill("#id_first_name", name)
    page.select_option("#id_agency", str(agency_id))
    if department:
        page.select_option("#id_department", label=f"测试市水利局 {department}")
    for role in roles:
        page.check(f"input[name=roles][value={role}]")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit_main_form(page)
    page.wait_for_url(lambda url: "/admin/users/new/" not in url)


def test_an_agency_is_opened_staffed_and_publishes(live_server, browser_page):
    base, page = live_server.url, browser_page
    top = actions.do_create_agency(
        acting_user=None, name="测试市人民政府", slug="test-gov", kind=AgencyKind.GOVERNMENT
    )

    # The supervisor opens the agency and its admin's account.
    login(page, base, "group_supervisor", PASSWORD)
    page.goto(base + "/admin/onboarding/new/")
    page.fill("#id_name", "测试市水利局")
    page.fill("#id_slug", "test-water")
    page.select_option("#id_kind", "department")
    page.select_option("#id_government", str(top.pk))
    page.get_by_role("button", name="开通机关").click()
    page.wait_for_url("**/admin/onboarding/*/")
    water = Agency.objects.get(slug="test-water")
    add_person(page, base, "water-admin", "水利局管理员", water.pk, ["agency_admin"])

    # Its admin adds a department, gives it a column, adds an editor and a reviewer.
    login(page, base, "water-admin", NEW_PASSWORD)
    page.goto(base + "/admin/onboarding/")
    page.fill("input[name=name]:not([value])", "信息股")
    page.get_by_role("button", name="新增股室").click()
    news = ColumnPage.objects.get(agency=water, slug="work-news")
    page.select_option(f"select[name=column-{news.pk}]", label="信息股")
    page.get_by_role("button", name="保存栏目责任股室").click()
    page.wait_for_load_state()
    news.refresh_from_db()
    assert news.department.name == "信息股"
    add_person(page, base, "water-editor", "信息员", water.pk, ["editor"], department="信息股")
    add_person(page, base, "water-reviewer", "审核人", water.pk, ["reviewer"])
    page.screenshot(path=str(OUTPUT_DIR / "onboarding-users.png"), full_page=True)

    # The editor writes an item and submits it for review.
    login(page, base, "water-editor", NEW_PASSWORD)
    page.goto(base + f"/admin/pages/add/catalog/infoitem/{news.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_generated_on", "2026-12-01")
    page.fill("#id_summary", "部署汛期安全工作。")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("各单位做好汛期安全工作。")
    page.select_option("#id_department", label="测试市水利局 信息股")
    page.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    item = InfoItem.objects.get(title=TITLE)
    assert not item.live and item.department.name == "信息股"
    assert WorkflowState.objects.for_instance(item).get().status == "in_progress"

    # The reviewer approves, recording the 保密审查 (Art. 17) in the approval's dialog; the
    # item is public on the agency's site and the portal.
    login(page, base, "water-reviewer", NEW_PASSWORD)
    page.goto(base + f"/admin/pages/{item.pk}/edit/")
    page.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").last.click()
    page.locator("button[data-workflow-action-name=approve_with_secrecy_review]").first.click()
    # The dialog's fields come after the editor's own (which carry the same names).
    page.locator("input[name=secrecy_reviewer]").nth(1).wait_for()
    page.locator("input[name=secrecy_reviewer]").last.fill("审核人")
    with page.expect_navigation():
        page.locator(
            "button[type=submit]:not([data-workflow-action-name])", has_text="保密审查并批准"
        ).click()
    item.refresh_from_db()
    assert item.live
    page.context.clear_cookies()
    page.goto(base + water.home_page.url)
    assert page.get_by_text(TITLE).first.is_visible()
    page.goto(base + "/")
    assert page.get_by_text(TITLE).first.is_visible()
    page.screenshot(path=str(OUTPUT_DIR / "onboarding-portal.png"), full_page=True)
    assert not page.server_errors
