"""Fuzzing, with a small fixed budget (Hypothesis, derandomized): the public forms and query
strings never answer 500, and the command-line parsers (working-day dates, report-check
input) never end in a traceback — whatever is typed, posted or fed to them."""

import io
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reportcheck import cli as reportcheck_cli
from gongkai.rules import workdays_cli
from gongkai.rules.calendar import WorkdayCalendar

# About 60 s in all on the 2-core machine; the same examples every run.
BUDGET = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people and scripts put in fields: numbers out of range, markup, injections, paths,
# control and wide characters, and plain noise.
NASTY = st.sampled_from(
    [
        "",
        "-1",
        "0",
        "9" * 23,
        "1e309",
        "NaN",
        "２０２０",
        "2020-02-30",
        "\x00",
        "\u200b",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00%ff",
        "A" * 5000,
        "110101199003077777",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=300))
PUBLIC_FORMS = (
    "/applications/agency-a/new/",
    "/messages/agency-a/new/",
    "/applications/track/",
    "/messages/track/",
)
QUERY_PAGES = (
    "/search/",
    "/agency-a/catalog/",
    "/messages/agency-a/",
    "/api/v1/items/",
    "/api/v1/agencies/",
    "/agency-a/work-news/",
)
QUERY_KEYS = ("q", "page", "year", "month", "agency", "category", "format", "genre", "theme")


class FieldNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("name")
        if tag in ("input", "select", "textarea") and name and name != "csrfmiddlewaretoken":
            self.names.add(name)


def field_names(path: str) -> list[str]:
    parser = FieldNames()
    parser.feed(Client().get(path).content.decode())
    return sorted(parser.names)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_FORMS)
def test_public_forms_never_answer_500(path):
    names = field_names(path)
    assert names, path
    client = Client(raise_request_exception=False)

    @BUDGET
    @given(st.fixed_dictionaries({}, optional={name: VALUES for name in names}))
    def post(data):
        response = client.post(path, data)
        assert response.status_code < 500, (path, data, response.status_code)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("path", QUERY_PAGES)
def test_public_query_strings_never_answer_500(path):
    client = Client(raise_request_exception=False)

    @BUDGET
    @given(st.dictionaries(st.sampled_from(QUERY_KEYS), VALUES, max_size=4))
    def get(query):
        response = client.get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)
        assert response.status_code in (200, 301, 302, 400, 404), (path, query)

    get()


CALENDAR = WorkdayCalendar.builtin()
DATES = st.one_of(VALUES, st.dates().map(str), st.integers().map(str))


@BUDGET
@given(
    subcommand=st.sampled_from(["add", "check", None, "x"]),
    day=DATES,
    n=st.one_of(VALUES, st.integers(min_value=-10, max_value=10**12).map(str)),
)
def test_workdays_dates_end_in_an_answer_or_a_clear_error(subcommand, day, n):
    out, err = io.StringIO(), io.StringIO()
    options = {"subcommand": subcommand, "date": day, "n": n}
    status = workdays_cli.run(options, CALENDAR, out, err)
    assert status in (workdays_cli.EXIT_OK, workdays_cli.EXIT_ERROR)
    if status == workdays_cli.EXIT_ERROR:
        assert err.getvalue().strip() and "Traceback" not in err.getvalue()
        assert "/" in err.getvalue()  # Chinese / English
    else:
        assert out.getvalue().strip()


@BUDGET
@given(
    suffix=st.sampled_from([".txt", ".html", ".htm", ".docx", ".pdf"]),
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8")),
        NASTY.map(lambda text: text.encode("utf-8", "surrogatepass")),
    ),
)
def test_report_check_reads_any_input_without_a_traceback(tmp_path_factory, suffix, content):
    path = tmp_path_factory.mktemp("fuzz") / f"report{suffix}"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    status = reportcheck_cli.run([str(path)], False, out, err)
    assert status in (0, 1, 2)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert str(path) in out.getvalue()


# --- Every public URL pattern, with hostile input (issue 15) ---------------------------------
#
# The patterns come from the URL resolver (all but /admin/) and from the routes of the
# routable page types (the catalog's /catalog/ and /feed/, the annual report's versions and
# downloads); each must have a case below, or the coverage test fails. Every case is sent the
# same hostile values — in its query string, in its variable path segments, and in its form
# fields — and must answer below 500, reflect no markup unescaped and redirect nowhere
# off the site. Deterministic: the same requests every run.

XSS_SCRIPT = '<script>alert("gk-xss")</script>'
XSS_ATTRIBUTE = '"><img src=x onerror=gkxss()>'
# Sent percent-encoded as they are: invalid UTF-8 and encoded traversals.
RAW = {
    "%ff%fe",
    "%c0%af",
    "%ed%a0%80",
    "%e4%b8",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
}
HOSTILE = [
    "A" * 4000,
    "\x00",
    "a\x00b",
    *sorted(RAW),
    "9" * 30,
    "-1",
    "-99999999999999999999",
    "1e309",
    "' OR 1=1 --",
    "1;DROP TABLE agencies_agency",
    XSS_SCRIPT,
    XSS_ATTRIBUTE,
    "../../etc/passwd",
    "....//....//etc/passwd",
    "//evil.example/",
    "２０２０",
]
# The query keys the public views read (and two nobody reads).
FUZZ_KEYS = ("q", "page", "p", "year", "month", "agency", "category", "format", "next", "x")
# Numbers for <int:...> segments: too large for any column, zero.
HUGE_IDS = ("9" * 30, "99999999999999999999", "0")


@dataclass
class Case:
    """What to request for one pattern: paths to fuzz by query string, templates whose
    ``{seg}`` takes a hostile path segment (``{id}`` a hostile number), forms to post."""

    paths: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


def public_cases(world) -> dict[str, Case]:
    report = world["report_url"]
    document = world["document"]
    return {
        "healthz": Case(paths=("/healthz",)),
        "documents/^(\\d+)/(.*)$": Case(
            paths=(f"/documents/{document}/x.txt",),
            segments=(f"/documents/{document}/{{seg}}",),
            ids=("/documents/{id}/x.txt",),
        ),
        "documents/authenticate_with_password/<int:restriction_id>/": Case(
            ids=("/documents/authenticate_with_password/{id}/",),
            forms=("/documents/authenticate_with_password/1/",),
        ),
        "media/<path:path>": Case(segments=("/media/{seg}", "/media/images/{seg}")),
        "i18n/setlang/": Case(paths=("/i18n/setlang/",), forms=("/i18n/setlang/",)),
        "api/v1/": Case(paths=("/api/v1/",)),
        "api/v1/agencies/": Case(paths=("/api/v1/agencies/",)),
        "api/v1/items/": Case(paths=("/api/v1/items/",)),
        "api/v1/items/<path:index_number>/": Case(segments=("/api/v1/items/{seg}/",)),
        "messages/track/": Case(paths=("/messages/track/",), forms=("/messages/track/",)),
        "messages/<slug:agency_slug>/": Case(
            paths=("/messages/agency-a/",), segments=("/messages/{seg}/",)
        ),
        "messages/<slug:agency_slug>/new/": Case(
            paths=("/messages/agency-a/new/",),
            segments=("/messages/{seg}/new/",),
            forms=("/messages/agency-a/new/",),
        ),
        "messages/<slug:agency_slug>/statistics.json": Case(
            paths=("/messages/agency-a/statistics.json",),
            segments=("/messages/{seg}/statistics.json",),
        ),
        "applications/track/": Case(
            paths=("/applications/track/",), forms=("/applications/track/",)
        ),
        "applications/track/case/": Case(paths=("/applications/track/case/",)),
        "applications/track/withdraw/": Case(
            paths=("/applications/track/withdraw/",), forms=("/applications/track/withdraw/",)
        ),
        "applications/track/leave/": Case(
            paths=("/applications/track/leave/",), forms=("/applications/track/leave/",)
        ),
        "applications/track/files/<int:file_pk>/": Case(ids=("/applications/track/files/{id}/",)),
        "applications/track/correct/": Case(
            paths=("/applications/track/correct/",), forms=("/applications/track/correct/",)
        ),
        "applications/track/notices/<int:notice_pk>.<str:ext>": Case(
            ids=("/applications/track/notices/{id}.pdf",),
            segments=("/applications/track/notices/1.{seg}",),
        ),
        "applications/track/letter.<str:ext>": Case(
            paths=("/applications/track/letter.pdf",),
            segments=("/applications/track/letter.{seg}",),
        ),
        "applications/<slug:agency_slug>/": Case(
            paths=("/applications/agency-a/",), segments=("/applications/{seg}/",)
        ),
        "applications/<slug:agency_slug>/new/": Case(
            paths=("/applications/agency-a/new/",),
            segments=("/applications/{seg}/new/",),
            forms=("/applications/agency-a/new/",),
        ),
        "sitemap.xml": Case(paths=("/sitemap.xml",)),
        "robots.txt": Case(paths=("/robots.txt",)),
        "search/": Case(paths=("/search/",)),
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": Case(
            ids=("/_util/authenticate_with_password/{id}/{id}/",),
            forms=(f"/_util/authenticate_with_password/1/{world['item']}/",),
        ),
        "_util/login/": Case(paths=("/_util/login/",), forms=("/_util/login/",)),
        "^((?:[\\w\\-]+/)*)$": Case(
            paths=("/agency-a/work-news/", world["item_url"]),
            segments=("/{seg}/", "/agency-a/{seg}/", "/agency-a/work-news/{seg}/"),
        ),
        # Routes of the routable page types.
        "PortalHomePage ": Case(paths=("/",)),
        "AgencyHomePage ": Case(paths=("/agency-a/",)),
        "PortalHomePage statutory/": Case(paths=("/statutory/",)),
        "PortalHomePage statutory/<str:category>/": Case(segments=("/statutory/{seg}/",)),
        "AgencyHomePage catalog/": Case(paths=("/agency-a/catalog/",)),
        "AgencyHomePage feed/": Case(paths=("/agency-a/feed/",)),
        "ColumnPage ": Case(paths=("/agency-a/licensing/",)),
        "ColumnPage feed/": Case(paths=("/agency-a/work-news/feed/",)),
        "AnnualReportPage ": Case(paths=(report,)),
        "AnnualReportPage v<int:number>/": Case(
            paths=(f"{report}v1/",), ids=(f"{report}v{{id}}/",)
        ),
        "AnnualReportPage <str:name>/": Case(
            paths=(f"{report}json/", f"{report}csv/"), segments=(f"{report}{{seg}}/",)
        ),
    }


def public_patterns() -> set[str]:
    """Every public URL pattern: the resolver's (without /admin/) and the routable pages'."""
    from django.apps import apps
    from django.urls import URLPattern, URLResolver, get_resolver
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    found = {route for route in walk(get_resolver().url_patterns) if not route.startswith("admin/")}
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin):
            for route in model.get_subpage_urls():
                found.add(f"{model.__name__} {route.pattern}")
    return found


def _encode(value: str) -> str:
    return value if value in RAW else quote(value, safe="")


def _segment(value: str) -> str:
    # Traversals go in as they are (the client does not normalise them); the rest encoded.
    if value in RAW or value.startswith(("../", "....//", "//")):
        return value
    return quote(value, safe="")


def _check(response, what):
    assert response.status_code < 500, (what, response.status_code)
    kind = response.get("Content-Type", "")
    if not kind.startswith("application/json") and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", "replace")
        assert XSS_SCRIPT not in body and "<img src=x onerror=gkxss()>" not in body, what
    location = response.get("Location", "")
    assert not location.startswith(("//", "http://evil", "https://evil", "/\\")), (what, location)
    assert "evil.example" not in location.split("?")[0], (what, location)


@pytest.fixture
def fuzz_world(db):
    """The small site group's public objects the cases need: an item, a document, an
    annual report page (published through the report's path)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import InfoItem
    from gongkai.reports.actions import (
        do_acknowledge_warnings,
        do_create_report,
        do_enter_figures,
        do_save_narrative,
    )
    from gongkai.reports.models import AnnualReportPage
    from tests.reports.path import publish_through_path
    from tests.reports.test_report_actions import FINISHED

    agency = Agency.objects.get(slug="agency-a")
    officer = get_user_model().objects.get(username="officer_a")
    do_enter_figures(agency, 2021, {"t2_art20_5.admin_license.decisions": 3}, acting_user=officer)
    report = do_create_report(agency, 2021, acting_user=officer)
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    report = publish_through_path(report, officer)
    item = InfoItem.objects.live().filter(agency=agency).first()
    document = Document.objects.create(title="附件", file=ContentFile(b"x", name="a.txt"))
    return {
        "item": item.pk,
        "item_url": item.url,
        "document": document.pk,
        "report_url": AnnualReportPage.objects.get(report=report).url,
    }


def test_every_public_url_pattern_has_a_fuzz_case():
    covered = set(public_cases({"report_url": "/r/", "document": 1, "item": 1, "item_url": "/"}))
    missing = public_patterns() - covered
    assert not missing, f"public URL patterns without a fuzz case in tests/test_fuzz.py: {missing}"
    assert not covered - public_patterns(), "cases for patterns that no longer exist"


def test_every_public_url_takes_hostile_input_without_a_500_or_a_reflection(fuzz_world):
    client = Client(raise_request_exception=False)
    sent = 0
    for pattern, case in public_cases(fuzz_world).items():
        for path in case.paths:
            _check(client.get(path), (pattern, path))
            for value in HOSTILE:
                query = "&".join(f"{key}={_encode(value)}" for key in FUZZ_KEYS)
                _check(client.get(f"{path}?{query}"), (pattern, path, value[:40]))
                sent += 1
        for template in case.segments:
            for value in HOSTILE:
                url = template.format(seg=_segment(value))
                _check(client.get(url), (pattern, url[:80]))
                sent += 1
        for template in case.ids:
            for number in HUGE_IDS:
                url = template.format(id=number)
                _check(client.get(url), (pattern, url))
                _check(client.post(url, {"password": "x"}), (pattern, "POST", url))
                sent += 2
        for path in case.forms:
            names = field_names(path) or ["password", "language", "next", "code", "name"]
            for value in HOSTILE:
                body = {name: value for name in names}
                _check(client.post(path, body), (pattern, "POST", path, value[:40]))
                sent += 1
            raw = "&".join(f"{name}=%ff%fe%00" for name in names).encode()
            response = client.post(path, raw, content_type="application/x-www-form-urlencoded")
            _check(response, (pattern, "POST raw", path))
            sent += 1
    assert sent > 500  # every case was sent its values
