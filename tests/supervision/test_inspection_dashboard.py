"""The supervisor's inspection dashboard through the HTTP layer, on the real engine and the
small site group (its items are from 2020, so today its columns are stale)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.supervision import inspection

pytestmark = pytest.mark.django_db
AT = "2026-12-01T10:00"


def links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def evidence_url(slug, indicator):
    return reverse("supervision_evidence", args=[Agency.objects.get(slug=slug).pk, indicator])


def test_the_dashboard_opens_on_the_verdicts_vetoes_first_each_a_link(client, persona):
    persona(client, "group_supervisor")
    response = client.get(reverse("supervision_inspection") + f"?at={AT}")
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<tr data-agency="([^"]+)">(.*?)</tr>', page, re.S)
    assert {slug for slug, _ in rows} == {"agency-a", "agency-b"}
    for slug, row in rows:
        assert "不合格" in row
        # stale for years: both vetoes fire, each linking to its evidence at the same instant
        for veto in ("columns_not_updated", "homepage_not_updated"):
            assert f"{evidence_url(slug, veto)}?at={AT}" in links(row)
        # every number on the row is inside a link
        for number in re.findall(r">[^<]*?(\d+(?:\.\d+)?)[^<]*<", row):
            assert number in " ".join(re.findall(r"<a [^>]*>(.*?)</a>", row, re.S))


def test_an_agency_without_a_veto_comes_after_those_with_one(client, persona, monkeypatch):
    from tests.evaluation.verdicts import fake_inspect

    monkeypatch.setattr(
        inspection,
        "inspect",
        fake_inspect({"agency-a": {}, "agency-b": {"vetoes": ("serious_errors",)}}),
    )
    persona(client, "group_supervisor")
    page = client.get(reverse("supervision_inspection")).content.decode()
    assert re.findall(r'data-agency="([^"]+)"', page) == ["agency-b", "agency-a"]


def test_the_evidence_page_lists_the_stale_columns_each_linking_to_the_column(client, persona):
    persona(client, "group_supervisor")
    url = evidence_url("agency-a", "columns_not_updated") + f"?at={AT}"
    page = client.get(url).content.decode()
    table = page[page.index('id="evidence"') :]
    rows = re.findall(r'<tr class="evidence-column">(.*?)</tr>', table, re.S)
    assert len(rows) >= 5  # the veto's threshold
    # 通知公告: a first-level notice column, never updated (at this instant, nothing the
    # session published was public yet)
    row = next(r for r in rows if ">通知公告</a>" in r)
    assert "通知公告、政策文件类" in row and "从未发布" in row
    column_link = links(row)[0]
    assert column_link == "/agency-a/news/notices/"
    assert client.get(column_link).status_code == 200


def test_the_inspection_runs_once_per_request(client, persona, monkeypatch):
    calls = []
    real = inspection.inspect

    def counted(agencies, at):
        calls.append(at)
        return real(agencies, at)

    monkeypatch.setattr(inspection, "inspect", counted)
    request = type("R", (), {"GET": {"at": AT}})()
    agencies = list(Agency.objects.all())
    first = inspection.verdicts(request, agencies)
    assert inspection.verdicts(request, agencies) is first
    assert len(calls) == 1


def test_agency_staff_see_their_own_evidence_only_and_no_dashboard(client, persona):
    persona(client, "officer_a")
    assert client.get(reverse("supervision_inspection")).status_code == 404
    assert client.get(evidence_url("agency-a", "columns_not_updated")).status_code == 200
    assert client.get(evidence_url("agency-b", "columns_not_updated")).status_code == 404
    persona(client, "clerk_a")
    assert client.get(evidence_url("agency-a", "columns_not_updated")).status_code == 404


def test_a_bad_instant_or_indicator_is_not_found(client, persona):
    persona(client, "group_supervisor")
    assert client.get(reverse("supervision_inspection") + "?at=yesterday").status_code == 404
    assert client.get(evidence_url("agency-a", "no_such_thing")).status_code == 404


def test_the_counts_link_to_the_agencies_they_count(client, persona, monkeypatch):
    from tests.evaluation.verdicts import fake_inspect

    monkeypatch.setattr(
        inspection,
        "inspect",
        fake_inspect({"agency-a": {}, "agency-b": {"vetoes": ("serious_errors",)}}),
    )
    persona(client, "group_supervisor")
    page = client.get(reverse("supervision_inspection")).content.decode()
    assert "?verdict=%E4%B8%8D%E5%90%88%E6%A0%BC" in page  # 不合格 1
    filtered = client.get(reverse("supervision_inspection") + "?verdict=不合格").content.decode()
    assert re.findall(r'data-agency="([^"]+)"', filtered) == ["agency-b"]


def test_the_supervisors_home_opens_on_the_verdicts(client, persona, monkeypatch):
    from tests.evaluation.verdicts import fake_inspect

    monkeypatch.setattr(
        inspection, "inspect", fake_inspect({"agency-b": {"vetoes": ("serious_errors",)}})
    )
    persona(client, "group_supervisor")
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "inspection-panel-title" in page
    assert re.findall(r'data-agency="([^"]+)"', page) == ["agency-b", "agency-a"]
    assert evidence_url("agency-b", "serious_errors") in page
    persona(client, "officer_a")
    assert "inspection-panel-title" not in client.get(reverse("wagtailadmin_home")).content.decode()
