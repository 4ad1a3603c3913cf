"""A citizen asks, staff reply in the back office, the public listing shows both (Chromium)."""

import time

import pytest

from gongkai.formguard.spam import CHINESE_DIGITS
from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page
from tests.sitegroup import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def solve(question: str) -> str:
    # "三加五等于几？…": two Chinese numerals around 加.
    first, second = question[0], question[2]
    return str(CHINESE_DIGITS.index(first) + CHINESE_DIGITS.index(second))


def test_citizen_asks_staff_reply_public_sees_both(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/agency-a/interaction/")
    page.get_by_role("link", name="我要留言").first.click()
    page.wait_for_load_state()
    assert_chinese_page(page)
    page.select_option("select[name=kind]", "inquiry")
    page.fill("input[name=subject]", "周末能否办理道路运输证业务")
    page.fill("textarea[name=body]", "请问周六是否可以到政务服务中心办理道路运输证？")
    page.fill("input[name=name]", "孙八")
    page.fill("input[name=phone]", "13812345679")
    question = page.locator("label[for=id_answer]").inner_text()
    page.fill("input[name=answer]", solve(question))
    time.sleep(3.2)  # the challenge refuses answers faster than a person types
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_load_state()
    tracking_code = page.locator("#tracking-code").inner_text()
    assert_chinese_page(page, codes=[tracking_code, page.locator("#tracking-secret").inner_text()])
    assert tracking_code.startswith("LY")

    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "officer_a")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/admin/interaction/")
    page.get_by_role("link", name=tracking_code).click()
    page.wait_for_load_state()
    page.select_option("select[name=department]", label="运输管理股")
    page.get_by_role("button", name="转办").click()
    page.wait_for_load_state()
    page.fill("textarea[name=reply]", "政务服务中心周六上午提供道路运输证业务办理。")
    page.get_by_role("button", name="保存答复草稿").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="审核通过并公开").click()
    page.wait_for_load_state()
    assert not page.server_errors

    page.goto(live_server.url + "/messages/agency-a/")
    assert_chinese_page(page)
    body = page.inner_text("main")
    assert "周末能否办理道路运输证业务" in body
    assert "政务服务中心周六上午提供道路运输证业务办理。" in body
    assert "孙八" not in body and "13812345679" not in body
    page.screenshot(path=str(OUTPUT_DIR / "interaction-answered.png"), full_page=True)
