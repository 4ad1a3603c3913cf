"""A citizen applies on a phone, a clerk replies in the back office, the citizen tracks the
case and downloads the reply letter (Chromium)."""

import io
import time
from pathlib import Path

import pdfplumber
import pytest

from gongkai.formguard.spam import CHINESE_DIGITS
from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page
from tests.sitegroup import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY = "甲市交通运输局"
DESCRIPTION = "甲市2024年度道路运输经营许可证核发情况统计表"
REPLY_TEXT = "经查，您申请的信息属于本机关公开范围，现予以公开，请通过网上获取。"
PHONE = {"width": 390, "height": 844}


def solve(question: str) -> str:
    # "三加五等于几？…": two Chinese numerals around 加.
    first, second = question[0], question[2]
    return str(CHINESE_DIGITS.index(first) + CHINESE_DIGITS.index(second))


def phone_page(page):
    """A second browser context sized like a phone, with the fixture's server-error watch."""
    context = page.context.browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True
    )
    phone = context.new_page()
    phone.server_errors = []
    phone.on(
        "response",
        lambda r: r.status >= 500 and phone.server_errors.append(f"{r.status} {r.url}"),
    )
    return phone


def test_citizen_applies_clerk_replies_citizen_downloads_letter(live_server, browser_page):
    staff = browser_page
    citizen = phone_page(staff)

    # The citizen applies as a natural person on a phone.
    citizen.goto(live_server.url + "/applications/agency-a/new/")
    assert_chinese_page(citizen, codes=["JPG", "PNG"])  # the identity copy's file formats
    citizen.check("input[name=applicant_kind][value=natural_person]")
    citizen.fill("input[name=name]", "张三")
    citizen.select_option("select[name=id_document_type]", "id_card")
    citizen.fill("input[name=id_document_number]", "11010519491231002X")
    citizen.fill("input[name=phone]", "13812345678")
    citizen.fill("textarea[name=description]", DESCRIPTION)
    citizen.check("input[name=provision_form][value=electronic]")
    citizen.check("input[name=delivery_route][value=online]")
    assert citizen.input_value("input[name=website]") == ""  # the honeypot stays empty
    question = citizen.locator("label[for=id_answer]").inner_text()
    citizen.fill("input[name=answer]", solve(question))
    time.sleep(3.2)  # the challenge refuses answers faster than a person types
    citizen.get_by_role("button", name="提交申请").click()
    citizen.wait_for_load_state()
    assert citizen.locator("h1").inner_text() == "申请已提交", citizen.inner_text("main")
    tracking_code = citizen.locator("#tracking-code").inner_text().strip()
    secret = citizen.locator("#tracking-secret").inner_text().strip()
    assert tracking_code and secret
    private_link = citizen.locator("#private-link").inner_text()
    # The long private link wraps: the page never scrolls sideways on the phone.
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_chinese_page(citizen, codes=[private_link, tracking_code, secret])

    # A disclosure officer of the agency confirms receipt and replies.
    staff.goto(live_server.url + "/admin/login/")
    staff.fill("input[name=username]", "officer_a")
    staff.fill("input[name=password]", PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_load_state()
    staff.goto(live_server.url + "/admin/applications/")
    staff.get_by_role("link", name=tracking_code).first.click()
    staff.wait_for_load_state()
    assert "11010519491231002X" in staff.inner_text("body")
    confirm = staff.locator("#action-confirm_receipt")
    confirm.get_by_role("button", name="确认收到申请").click()
    staff.wait_for_load_state()
    assert not staff.locator("#action-confirm_receipt").count(), staff.inner_text("body")
    reply = staff.locator("#action-reply")
    reply.locator("select[name=outcome]").select_option(label="予以公开")
    reply.locator("textarea[name=text]").fill(REPLY_TEXT)
    # Art. 36(2): how, where and when the applicant obtains it.
    reply.locator("textarea[name=obtain_how]").fill("随本告知书以电子邮件提供")
    reply.get_by_role("button", name="答复").click()
    staff.wait_for_load_state()
    assert not staff.server_errors, staff.server_errors
    assert REPLY_TEXT in staff.inner_text("body"), staff.inner_text("body")

    # The citizen tracks the case with code and secret.
    citizen.goto(live_server.url + "/applications/track/")
    assert_chinese_page(citizen)
    citizen.fill("input[name=tracking_code]", tracking_code)
    citizen.fill("input[name=secret]", secret)
    citizen.get_by_role("button", name="查询").click()
    citizen.wait_for_load_state()
    assert citizen.url.endswith("/applications/track/case/"), citizen.inner_text("body")
    assert_chinese_page(citizen, codes=[tracking_code])
    body = citizen.inner_text("main")
    assert AGENCY in body and DESCRIPTION in body and REPLY_TEXT in body
    assert "获取的方式、途径和时间：随本告知书以电子邮件提供。" in body
    assert "予以公开" in citizen.locator("#case-state").inner_text()
    assert "11010519491231002X" not in body and "13812345678" not in body
    citizen.screenshot(path=str(OUTPUT_DIR / "application-case-phone.png"), full_page=True)

    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="下载（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert AGENCY in text, text
    citizen.context.close()
