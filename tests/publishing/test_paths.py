"""Where an address's file lives under the publish root (no database)."""

from pathlib import PurePosixPath

import pytest

from gongkai.publishing.paths import AddressError, listing_page, relative_file


@pytest.mark.parametrize(
    ("host", "address", "content_type", "expected"),
    [
        ("", "/", "text/html; charset=utf-8", "index.html"),
        ("", "/a/b/", "text/html", "a/b/index.html"),
        ("", "/a/b/?page=3", "text/html", "a/b/index.page-3.html"),
        ("", "/a/b/?page=1", "text/html", "a/b/index.html"),
        ("", "/a/feed/", "application/atom+xml; charset=utf-8", "a/feed/index.atom"),
        ("", "/api/v1/items/", "application/json", "api/v1/items/index.json"),
        ("", "/sitemap.xml", "application/xml", "sitemap.xml"),
        ("", "/r/2020/csv/", "text/csv; charset=utf-8", "r/2020/csv/index.csv"),
        ("", "/%E4%BF%A1%E6%81%AF/", "text/html", "信息/index.html"),
        ("xxgk.example.gov.cn", "/", "text/html", "xxgk.example.gov.cn/index.html"),
        ("xxgk.example.gov.cn", "/news/", "text/html", "xxgk.example.gov.cn/news/index.html"),
    ],
)
def test_address_to_file(host, address, content_type, expected):
    assert relative_file(host, address, content_type) == PurePosixPath(expected)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("", "/a/?page=11"),  # deeper pages are the app's
        ("", "/a/?page=0"),
        ("", "/a/?category=x"),  # a filter
        ("", "/a/?page=2&year=2020"),
        ("", "/a/../etc/"),
        ("", "/.hidden/"),
        ("", "a/b/"),
        ("", "/sitemap.xml?page=2"),
        ("../evil", "/"),
        ("Host With Space", "/"),
    ],
)
def test_addresses_without_a_file(host, address):
    with pytest.raises(AddressError):
        relative_file(host, address)


def test_unknown_type_has_no_file():
    with pytest.raises(AddressError):
        relative_file("", "/x/", "application/octet-stream")


def test_listing_pages_stop_at_ten():
    assert listing_page("") == 1
    assert listing_page("page=10") == 10
    with pytest.raises(AddressError):
        listing_page("page=11")
