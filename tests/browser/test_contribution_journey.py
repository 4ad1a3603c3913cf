"""信息报送 end to end in headless Chromium: an editor of 庐山市交通运输局 submits an item to
the portal's column, the portal's editor adopts it, the portal lists it with its original
索引号 and a link to the bureau's page, and the statistics count it."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.contributions.mapping import do_set_intake
from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page
from tests.sitegroup import PASSWORD, add_portal_and_lushan, column, publish_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_bureau_item_submitted_adopted_and_listed_on_the_portal(live_server, browser_page):
    add_portal_and_lushan()
    item = publish_item(
        "lushan-transport",
        "work-news",
        "庐山市开展春运道路安全检查",
        generated_on=date(2026, 1, 20),
    )
    portal_column = column("jiujiang", "work-news")
    # the site group's admin opens the portal's column to submissions
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    do_set_intake(portal_column, True, acting_user=admin)
    page, base = browser_page, live_server.url

    log_in(page, base, "lushan_editor")
    page.goto(base + "/admin/contributions/new/")
    page.select_option(
        "select[name=item]", label=f"庐山市开展春运道路安全检查（{item.index_number}）"
    )
    page.select_option("select[name=target]", label="九江市人民政府 · 工作动态")
    page.fill("textarea[name=note]", "请予采用")
    page.get_by_role("button", name="报送").click()
    page.wait_for_load_state()
    assert "待处理" in page.inner_text("td.state")

    log_in(page, base, "portal_editor")
    page.goto(base + "/admin/contributions/")
    page.get_by_role("link", name="庐山市开展春运道路安全检查").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="采用", exact=True).click()
    page.wait_for_load_state()
    assert "已采用" in page.inner_text("td.state")

    page.goto(base + portal_column.url)
    assert_chinese_page(page, codes=[item.index_number])
    entry = page.locator(".item-list li", has_text="庐山市开展春运道路安全检查")
    assert item.index_number in entry.inner_text()
    assert "庐山市交通运输局" in entry.inner_text()
    page.screenshot(path=str(OUTPUT_DIR / "contribution-adopted.png"), full_page=True)
    entry.get_by_role("link", name="庐山市开展春运道路安全检查").click()
    page.wait_for_load_state()
    assert page.url == base + item.url
    assert_chinese_page(page, codes=[item.index_number])
    assert item.index_number in page.inner_text("table.metadata")

    log_in(page, base, "lushan_editor")
    page.goto(base + "/admin/contributions/statistics/")
    row = page.locator("table.contribution-statistics tr", has_text="庐山市交通运输局").filter(
        has_text="合计"
    )
    assert row.locator("td.submitted").inner_text() == "1"
    assert row.locator("td.adopted").inner_text() == "1"
    assert not page.server_errors
