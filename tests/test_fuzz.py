"""Fuzzing, with a small fixed budget (Hypothesis, derandomized): the public forms and query
strings never answer 500, and the command-line parsers (working-day dates, report-check
input) never end in a traceback — whatever is typed, posted or fed to them."""

import io
from html.parser import HTMLParser

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
