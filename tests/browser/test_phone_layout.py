"""The catalog on a 390 px phone: items stacked, titles in full width, no sideways scroll."""

import pytest

from tests.browser.conftest import assert_chinese_page
from tests.browser.test_application_journey import phone_page
from tests.sitegroup import publish_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalog_on_a_phone_stacks_each_item(live_server, browser_page):
    publish_item(
        "agency-a",
        "policies",
        "甲市农村公路养护管理办法（修订）",
        generated_on="2021-02-01",
        document_number="甲交规〔2021〕1号",
    )
    phone = phone_page(browser_page)
    phone.goto(live_server.url + "/agency-a/catalog/")
    assert_chinese_page(phone)
    title = phone.locator("table.catalog td.title").first
    box = title.bounding_box()
    # Squeezed into a column, the title was two characters (about 30 px) wide.
    assert box["width"] > 300, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    label = phone.evaluate(
        "getComputedStyle(document.querySelector('table.catalog td.index-number'),"
        " '::before').content"
    )
    assert "索引号" in label
    # The title comes first in each stacked item.
    number = phone.locator("table.catalog td.index-number").first.bounding_box()
    assert box["y"] < number["y"]
