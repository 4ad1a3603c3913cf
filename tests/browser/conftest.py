import re
import shutil
from pathlib import Path

import pytest

OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Latin words a Chinese page may legitimately show: filing numbers, the language menu and
# the names of file formats.
ALLOWED_LATIN = {"ICP", "English", "Atom", "CSV", "JSON", "DOCX", "PDF", "Word"}


@pytest.fixture(autouse=True)
def site_group(transactional_db):
    """The session's site group, rebuilt when an earlier live-server test flushed it.

    A transactional test empties every table afterwards, including the rows Wagtail's
    migrations create (root page, root collection, default locale).
    """
    from wagtail.models import Collection, Locale, Page

    from gongkai.agencies.models import Agency
    from tests.sitegroup import build_site_group

    if Agency.objects.exists():
        return
    Locale.objects.get_or_create(language_code="zh-hans")
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    build_site_group()


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/ensure-browser.sh (make test does)")
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(locale="zh-CN", viewport={"width": 1200, "height": 900})
        page.server_errors = []
        page.on(
            "response",
            lambda r: r.status >= 500 and page.server_errors.append(f"{r.status} {r.url}"),
        )
        # Whatever the Content-Security-Policy blocks (an inline script, a style, a
        # foreign host) Chromium reports on the console: every browser test fails on it.
        page.csp_violations = []
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and page.csp_violations.append(m.text),
        )
        yield page
        browser.close()
        assert not page.csp_violations, page.csp_violations


def assert_chinese_page(page, codes=()):
    """Fail on a server error or on English words that a Chinese reader would see.

    ``codes`` are machine strings the page legitimately shows (a tracking code, a secret).
    """
    assert not page.server_errors, page.server_errors
    text = page.inner_text("body")
    assert "Server Error" not in text and "Traceback" not in text
    for code in codes:
        text = text.replace(code, "")
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED_LATIN
    assert not words, f"untranslated English on {page.url}: {sorted(words)}"
