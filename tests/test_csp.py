"""Content-Security-Policy: strict on the public pages (no inline script, no event handler
attributes, nothing from another origin), Wagtail's exceptions in the back office only."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = (
    "/",
    "/agency-a/",
    "/agency-a/catalog/",
    "/search/?q=交通",
    "/applications/agency-a/",
    "/applications/agency-a/new/",
    "/applications/track/",
    "/messages/agency-a/",
    "/messages/agency-a/new/",
    "/messages/track/",
)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


class InlineCode(HTMLParser):
    """Inline scripts (those that run: not JSON data blocks) and on* handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        handlers = [name for name in attrs if name.startswith("on")]
        if handlers:
            self.found.append(f"<{tag} {' '.join(handlers)}>")
        data_block = attrs.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and "src" not in attrs and not data_block:
            self.found.append("<script> without src")
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_forbid_inline_script_and_carry_no_inline_code(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert inline_code(response.content.decode()) == [], path


def test_the_language_menu_and_the_forms_scripts_are_static_files():
    html = Client().get("/applications/agency-a/new/").content.decode()
    assert 'src="/static/gongkai/site.js"' in html
    assert 'src="/static/applications/application-form.js"' in html
    assert "data-autosubmit" in html
    assert (
        'src="/static/applications/tracking-link.js"'
        in Client().get("/applications/track/").content.decode()
    )
    for path in ("gongkai/site.js", "applications/application-form.js"):
        assert Client().get(f"/static/{path}").status_code == 200


def test_the_back_office_has_its_own_policy_with_wagtails_exceptions_only(persona):
    client = Client()
    persona(client, "clerk_a")
    for path in ("/admin/", "/admin/login/", "/admin/pages/"):
        response = client.get(path, follow=path == "/admin/login/")
        policy = directives(response)
        # Wagtail 8.0 writes inline scripts (InlinePanel, date widgets) and style attributes.
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        # Still no eval, no plugins, no foreign origin, no other base, no framing by others.
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["object-src"] == ["'none'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert not re.search(r"https?://|\*", response["Content-Security-Policy"])


def test_a_login_page_under_admin_is_the_admins_policy_and_the_portal_is_not():
    admin = Client().get("/admin/login/")
    public = Client().get("/")
    assert "'unsafe-inline'" in directives(admin)["script-src"]
    assert "'unsafe-inline'" not in directives(public)["script-src"]
