"""A reader opens the portal, follows a column and an item, in real headless Chromium."""

import pytest

from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_agency_column_and_item(live_server, browser_page):
    page = browser_page
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert_chinese_page(page)
    assert page.locator("h2", has_text="入驻机关").is_visible()

    page.get_by_role("link", name="甲市交通运输局").first.click()
    page.wait_for_load_state()
    assert_chinese_page(page)
    page.locator(".columns-nav").get_by_role("link", name="政务资讯").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "政务资讯"
    assert_chinese_page(page)

    page.get_by_role("link", name="甲市交通运输局召开2020年安全生产工作会议").click()
    page.wait_for_load_state()
    assert_chinese_page(page)
    assert page.locator("h1").inner_text().startswith("甲市交通运输局召开2020年安全生产工作会议")
    assert page.locator("table.metadata").is_visible()
    assert "2020年3月4日" in page.inner_text("table.metadata")
    page.screenshot(path=str(OUTPUT_DIR / "portal-column-item.png"), full_page=True)
    assert (OUTPUT_DIR / "portal-column-item.png").stat().st_size > 10_000
