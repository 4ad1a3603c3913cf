"""The back office a clerk uses daily is in Chinese, for every persona.

Each persona logs in through the login form and opens the screens of their day; the test
fails on Latin-script words in the visible text outside an allow-list of names that are
Latin in Chinese use too (PDF, DOCX, ICP …).
"""

import re
from html.parser import HTMLParser

import pytest
from wagtail.models import Page

from gongkai.catalog.models import AgencyHomePage, ColumnPage, InfoItem
from tests.sitegroup import PASSWORD, PERSONAS, column, publish_item

pytestmark = pytest.mark.django_db

# Words a Chinese back office legitimately shows in Latin script: file formats, filing
# numbers, the language menu, the ID of an item, units.
ALLOWED_LATIN = {
    "PDF", "DOCX", "DOC", "XLSX", "XLS", "CSV", "JSON", "ICP", "OFD", "ZIP", "TXT", "PNG",
    "JPG", "JPEG", "GIF", "SVG", "WEBP", "English", "Atom", "URL", "ID", "MB", "KB", "Word",
    "Excel", "HTML", "HTM",
}  # fmt: skip
# Text inside these elements is never shown as page text.
INVISIBLE = {"script", "style", "template", "noscript", "head", "title"}


class VisibleText(HTMLParser):
    """Text nodes outside scripts, styles, templates and hidden elements, and the
    placeholders and labels of controls (read by every screen reader)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.hidden_depth = 0
        self.parts = []
        self.inputs_without_type = []

    VOID = {"input", "br", "img", "hr", "meta", "link", "source", "col", "area", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "type" not in attrs:
            self.inputs_without_type.append(attrs.get("name"))
        if tag == "input" and attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"])
        if tag in self.VOID:
            return
        hidden = tag in INVISIBLE or "hidden" in attrs or attrs.get("aria-hidden") == "true"
        self.stack.append(hidden)
        if hidden:
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop():
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.parts.append(data)


def latin_words(html: str, allowed=()) -> set[str]:
    """Latin words of the visible text; file extensions count in either case."""
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in allowed:
        text = text.replace(value, " ")
    words = re.findall(r"[A-Za-z]{2,}", text)
    return {w for w in words if w not in ALLOWED_LATIN and w.upper() not in ALLOWED_LATIN}


def inputs_without_type(html: str) -> list:
    parser = VisibleText()
    parser.feed(html)
    return parser.inputs_without_type


def own_column(username) -> ColumnPage:
    """A column the persona writes in: their department's for an editor."""
    _role, agency_slug, department = PERSONAS[username]
    if department is None:
        return column(agency_slug or "agency-a", "licensing")
    return (
        ColumnPage.objects.filter(agency__slug=agency_slug, department__slug=department)
        .order_by("path")
        .first()
    )


def own_item(username) -> InfoItem:
    """An item in the persona's own column (written for the test when there is none)."""
    parent = own_column(username)
    item = InfoItem.objects.child_of(parent).first()
    if item is None:
        item = publish_item(
            parent.agency.slug, parent.slug, f"{parent.title}工作信息", generated_on="2020-05-06"
        )
    return item


def screens(username):
    """The screens of a persona's day, as (name, URL), in the persona's own agency: each
    must open (after Wagtail's own redirects) and read in Chinese."""
    role, agency_slug, _department = PERSONAS[username]
    common = [("dashboard", "/admin/"), ("account", "/admin/account/")]
    if role == "supervisor":
        item = InfoItem.objects.filter(agency__slug="agency-b").first()
        return common + [
            ("overview", "/admin/supervision/"),
            ("report check", "/admin/supervision/report-check/"),
            ("annual reports", "/admin/annual-reports/"),
            ("onboarding", "/admin/onboarding/"),
            ("users", "/admin/users/"),
            ("page listing", f"/admin/pages/{Page.objects.get(depth=2).pk}/"),
            ("column listing", f"/admin/pages/{item.get_parent().pk}/"),
            ("history", f"/admin/pages/{item.pk}/history/"),
            ("workflow tasks", "/admin/reports/workflow_tasks/"),
            ("site history", "/admin/reports/site-history/"),
        ]
    home = AgencyHomePage.objects.get(agency__slug=agency_slug)
    writing = own_column(username)
    item = own_item(username)
    common += [("documents", "/admin/documents/"), ("images", "/admin/images/")]
    # Wagtail sends an editor from a listing above their column to their column.
    pages = [
        ("page listing", f"/admin/pages/{home.pk}/"),
        ("column listing", f"/admin/pages/{writing.pk}/"),
        ("editor", f"/admin/pages/{item.pk}/edit/"),
        ("new item", f"/admin/pages/add/catalog/infoitem/{writing.pk}/"),
        ("history", f"/admin/pages/{item.pk}/history/"),
    ]
    by_role = {
        "editor": pages,
        "reviewer": pages,
        "agency_admin": [*pages, ("users", "/admin/users/"), ("onboarding", "/admin/onboarding/")],
        "disclosure_officer": [
            ("applications", "/admin/applications/"),
            ("messages", "/admin/interaction/"),
            ("annual reports", "/admin/annual-reports/"),
        ],
        "disclosure_head": [
            ("applications", "/admin/applications/"),
            ("messages", "/admin/interaction/"),
        ],
    }
    return common + by_role[role]


def test_login_page_carries_the_site_groups_name(client):
    html = client.get("/admin/login/").content.decode()
    assert "测试网站群" in html
    assert "登录Wagtail" not in html and "Sign in to Wagtail" not in html
    assert latin_words(html) == set()


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_every_daily_screen_is_chinese(client, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    problems = {}
    for name, url in screens(username):
        response = client.get(url, follow=True)
        # Every screen of the list is the persona's own: none may be skipped.
        assert response.status_code == 200, (username, name, url, response.status_code)
        html = response.content.decode()
        # A login is Latin by nature: the account's own is shown on every screen.
        # Logins are Latin by nature: the account's own on every screen, the staff's in
        # the users list.
        words = latin_words(html, allowed=sorted(PERSONAS, key=len, reverse=True))
        if words:
            problems[f"{name} {url}"] = sorted(words)
        assert inputs_without_type(html) == [], (url, inputs_without_type(html))
    assert problems == {}
