"""The agency's 文号 sequence: its own prefix, a serial per agency and per year, never the
same number twice — also under concurrent issue (PostgreSQL, where transactions overlap)."""

import threading

import pytest
from django.db import connection, transaction

from gongkai.agencies.models import Agency, DocumentSerial
from gongkai.agencies.numbering import (
    MissingPrefix,
    format_number,
    issue_number,
    preview_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_a(db):
    return Agency.objects.get(slug="agency-a")


@pytest.fixture
def agency_b(db):
    return Agency.objects.get(slug="agency-b")


def issue(agency, year):
    with transaction.atomic():
        return str(issue_number(agency, year))


def test_the_number_is_prefix_year_in_brackets_and_serial():
    assert format_number("庐交依申", 2026, 12) == "庐交依申〔2026〕12号"


def test_serials_run_per_year_and_restart_in_a_new_year(agency_a):
    assert [issue(agency_a, 2026) for _ in range(3)] == [
        "甲交依申〔2026〕1号",
        "甲交依申〔2026〕2号",
        "甲交依申〔2026〕3号",
    ]
    assert issue(agency_a, 2027) == "甲交依申〔2027〕1号"
    assert issue(agency_a, 2026) == "甲交依申〔2026〕4号"


def test_each_agency_has_its_own_sequence(agency_a, agency_b):
    issue(agency_a, 2026)
    issue(agency_a, 2026)
    assert issue(agency_b, 2026) == "乙农依申〔2026〕1号"


def test_a_rolled_back_document_gives_its_number_back(agency_a):
    issue(agency_a, 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert str(issue_number(agency_a, 2026)) == "甲交依申〔2026〕2号"
        raise RuntimeError("the action was refused after numbering")
    assert issue(agency_a, 2026) == "甲交依申〔2026〕2号"


def test_without_a_prefix_nothing_is_issued(agency_a):
    Agency.objects.filter(pk=agency_a.pk).update(document_prefix="")
    with pytest.raises(MissingPrefix, match="管理员"), transaction.atomic():
        issue_number(agency_a, 2026)
    assert not DocumentSerial.objects.filter(agency=agency_a).exists()


def test_the_prefix_is_read_fresh_not_from_a_stale_instance(agency_a):
    stale = Agency.objects.get(pk=agency_a.pk)
    Agency.objects.filter(pk=agency_a.pk).update(document_prefix="甲交复")
    assert issue(stale, 2026) == "甲交复〔2026〕1号"


def test_a_preview_prints_the_prefix_and_year_with_a_cross_and_stores_nothing(agency_a):
    assert preview_number(agency_a, 2026) == "甲交依申〔2026〕×号"
    assert not DocumentSerial.objects.filter(agency=agency_a).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database is not shared between connections")
    agency = Agency.objects.create(name="并发测试局", slug="concurrency", document_prefix="并测")
    workers, results, errors = 8, [], []
    start = threading.Barrier(workers, timeout=10)

    def work():
        try:
            start.wait()
            with transaction.atomic():
                number = issue_number(agency, 2026)
                # Hold the row a moment: the others must wait, not read the same value.
                connection.cursor().execute("SELECT pg_sleep(0.05)")
            results.append(number.serial)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
    assert DocumentSerial.objects.get(agency=agency, year=2026).last == workers
