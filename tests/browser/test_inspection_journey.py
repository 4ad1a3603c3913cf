"""Issue 18's browser test: the supervisor's dashboard opens on the group's inspection
verdicts; from a veto the supervisor reaches its evidence and from there one stale column
of the agency's public site."""

import re

import pytest

from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page
from tests.sitegroup import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_chinese_table(page, selector):
    """The table our screen adds speaks Chinese (Wagtail's own chrome shows the login name)."""
    assert not page.server_errors, page.server_errors
    words = set(re.findall(r"[A-Za-z]{3,}", page.inner_text(selector)))
    assert not words, f"untranslated English in {selector} on {page.url}: {sorted(words)}"


def test_from_the_dashboard_to_a_stale_column(live_server, browser_page):
    base, page = live_server.url, browser_page
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "group_supervisor")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/admin/")

    page.get_by_role("link", name="网站检查").first.click()
    page.wait_for_url("**/admin/supervision/inspection/")
    row = page.locator('tr[data-agency="agency-a"]')
    assert "不合格" in row.inner_text()
    page.screenshot(path=str(OUTPUT_DIR / "inspection-dashboard.png"), full_page=True)
    assert_chinese_table(page, "#inspection-verdicts")

    row.locator("a.veto", has_text="栏目不更新").click()
    page.wait_for_url("**/admin/supervision/inspection/*/columns_not_updated/")
    assert page.locator("#evidence tr.evidence-column").count() >= 5
    assert_chinese_table(page, "#evidence")
    stale = page.locator("#evidence tr.evidence-column", has_text="从未发布").first
    name = stale.locator("a.evidence-link").inner_text()
    page.screenshot(path=str(OUTPUT_DIR / "inspection-evidence.png"), full_page=True)

    stale.locator("a.evidence-link").click()
    page.wait_for_url("**/agency-a/**")
    assert name in page.locator("h1").first.inner_text()
    assert_chinese_page(page)
