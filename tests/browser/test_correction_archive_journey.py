"""Issue 16's journey (Chromium): a citizen's online application is corrected by the citizen
from the tracking page, extended with the head's approval and answered 部分公开; the citizen
downloads every notice from the tracking page; the officer downloads the case archive."""

import csv
import hashlib
import io
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gongkai.applications.models import Notice, NoticeKind
from gongkai.applications.notices import FILE_STEM
from gongkai.rules.clock import china_today
from tests.browser.conftest import assert_chinese_page
from tests.browser.test_application_journey import phone_page, solve
from tests.sitegroup import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "甲市公交线路调整的决定"
CORRECTED = "所需文件为2025年第二季度公交线路调整的决定及其依据。"
REPLY_TEXT = "经查，现予以部分公开。"
WITHHELD_REASON = "线路调整的内部讨论记录属于过程性信息。"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_citizen_corrects_online_officer_replies_and_downloads_the_archive(
    live_server, browser_page, tmp_path
):
    staff = browser_page
    citizen = phone_page(staff)

    citizen.goto(live_server.url + "/applications/agency-a/new/")
    citizen.check("input[name=applicant_kind][value=natural_person]")
    citizen.fill("input[name=name]", "张三")
    citizen.select_option("select[name=id_document_type]", "id_card")
    citizen.fill("input[name=id_document_number]", "11010519491231002X")
    citizen.fill("input[name=phone]", "13812345678")
    citizen.fill("textarea[name=description]", DESCRIPTION)
    citizen.check("input[name=provision_form][value=electronic]")
    citizen.check("input[name=delivery_route][value=online]")
    citizen.fill("input[name=answer]", solve(citizen.locator("label[for=id_answer]").inner_text()))
    time.sleep(3.2)  # the challenge refuses answers faster than a person types
    citizen.get_by_role("button", name="提交申请").click()
    citizen.wait_for_load_state()
    tracking_code = citizen.locator("#tracking-code").inner_text().strip()
    secret = citizen.locator("#tracking-secret").inner_text().strip()

    # The officer confirms receipt and asks for a correction.
    staff.goto(live_server.url + "/admin/login/")
    staff.fill("input[name=username]", "officer_a")
    staff.fill("input[name=password]", PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_load_state()
    staff.goto(live_server.url + "/admin/applications/")
    staff.get_by_role("link", name=tracking_code).first.click()
    staff.wait_for_load_state()
    case_url = staff.url
    staff.locator("#action-confirm_receipt").get_by_role("button", name="确认收到申请").click()
    staff.wait_for_load_state()
    correction = staff.locator("#action-request_correction")
    correction.locator("input[name=correct_by]").fill(
        (china_today() + timedelta(days=15)).isoformat()
    )
    correction.locator("textarea[name=note]").fill("请写明所需文件的年份和季度")
    correction.get_by_role("button", name="告知补正").click()
    staff.wait_for_load_state()
    assert "待补正" in staff.inner_text("body"), staff.inner_text("body")

    # The citizen opens the case and corrects it online, with a file.
    citizen.goto(live_server.url + "/applications/track/")
    citizen.fill("input[name=tracking_code]", tracking_code)
    citizen.fill("input[name=secret]", secret)
    citizen.get_by_role("button", name="查询").click()
    citizen.wait_for_load_state()
    citizen.locator("#correct-online").click()
    citizen.wait_for_load_state()
    assert_chinese_page(citizen, codes=[tracking_code, "JPG", "PNG", "OFD"])  # file formats
    assert "请写明所需文件的年份和季度" in citizen.inner_text("main")
    citizen.fill("textarea[name=text]", CORRECTED)
    attachment = tmp_path / "补正说明.pdf"
    attachment.write_bytes(PDF)
    citizen.set_input_files("input[name=files]", str(attachment))
    citizen.get_by_role("button", name="提交补正").click()
    citizen.wait_for_load_state()
    assert citizen.url.endswith("/applications/track/case/"), citizen.inner_text("main")
    assert "在线补正" not in citizen.inner_text("main")

    # The officer sees the correction, extends the period with the head's approval (Art. 33
    # ¶2: the head approves, the officer records it) and answers 部分公开 (Art. 37).
    staff.goto(case_url)
    assert CORRECTED in staff.locator("#corrections").inner_text()
    head = get_user_model().objects.get(username="head_a")
    extend = staff.locator("#action-extend")
    extend.locator("input[name=working_days]").fill("10")
    extend.locator("textarea[name=reason]").fill("需调取多个股室的档案")
    extend.locator("select[name=approved_by]").select_option(value=str(head.pk))
    extend.get_by_role("button", name="延期答复").click()
    staff.wait_for_load_state()
    assert "需调取多个股室的档案" in staff.inner_text("body"), staff.inner_text("body")
    reply = staff.locator("#action-reply")
    reply.locator("select[name=outcome]").select_option(label="部分公开（区分处理）")
    reply.locator("textarea[name=text]").fill(REPLY_TEXT)
    reply.locator("textarea[name=obtain_how]").fill("随本告知书以电子邮件提供。")
    reply.locator("select[name=withheld_ground]").select_option(index=1)
    reply.locator("textarea[name=refusal_reason]").fill(WITHHELD_REASON)
    reply.get_by_role("button", name="答复").click()
    staff.wait_for_load_state()
    assert REPLY_TEXT in staff.inner_text("body"), staff.inner_text("body")

    # The citizen downloads every notice addressed to them, each as DOCX and PDF.
    sent = list(Notice.objects.filter(to_applicant=True).order_by("pk"))
    assert [n.kind for n in sent] == [
        NoticeKind.RECEIPT,
        NoticeKind.CORRECTION,
        NoticeKind.EXTENSION,
        NoticeKind.REPLY,
    ]
    citizen.goto(live_server.url + "/applications/track/case/")
    listed = citizen.locator("#case-notices").inner_text()
    links = citizen.locator("#case-notices a")
    assert links.count() == 2 * len(sent)
    for notice in sent:
        assert notice.number in listed
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        with citizen.expect_download() as download_info:
            links.nth(index).click()
        data = Path(download_info.value.path()).read_bytes()
        assert data.startswith(b"%PDF" if href.endswith(".pdf") else b"PK"), href
    extension = Notice.objects.get(kind=NoticeKind.EXTENSION)
    assert head.get_username() in str(extension.content) or (
        head.get_full_name() and head.get_full_name() in str(extension.content)
    )

    # ... and downloads the archive: the summary, the letters, the correction file, the index.
    with staff.expect_download() as download_info:
        staff.locator("#case-archive").click()
    content = Path(download_info.value.path()).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    letters = {
        f"letters/{FILE_STEM[NoticeKind(n.kind)]}-{n.year}-{n.serial}.{ext}"
        for n in sent
        for ext in ("pdf", "docx")
    }
    assert {"summary.pdf", "index.csv", *letters} <= names
    [kept] = [n for n in names if n.startswith("files/corrections/")]
    assert archive.read(kept) == PDF
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert {r["path"] for r in rows} == names - {"index.csv"}
    assert all(hashlib.sha256(archive.read(r["path"])).hexdigest() == r["sha256"] for r in rows)
    assert not staff.server_errors and not citizen.server_errors
    citizen.context.close()
