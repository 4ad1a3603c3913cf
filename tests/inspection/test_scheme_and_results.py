"""The scheme file and its loader, the windows, and the verdict the indicators imply."""

import copy
import json
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongkai.inspection.results import (
    DEDUCTION_INDICATORS,
    VETO_INDICATORS,
    AgencyVerdict,
    IndicatorResult,
    evidence,
)
from gongkai.inspection.scheme import SCHEME_FILE, SchemeError, load_scheme, parse_scheme
from gongkai.inspection.windows import inside, months_before

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATA = json.loads(SCHEME_FILE.read_text(encoding="utf-8"))


def test_the_shipped_scheme_has_the_national_thresholds():
    scheme = load_scheme()
    columns = scheme.vetoes["columns_not_updated"]
    assert (columns["dynamic_news_days"], columns["notice_policy_months"]) == (14, 6)
    assert columns["stale_news_and_notices_threshold"] == 5
    assert (columns["should_update_threshold"], columns["blank_threshold"]) == (10, 5)
    assert scheme.veto("site_unreachable", "failure_share") == 0.05
    assert scheme.veto("interaction_poor", "unanswered_months") == 3
    assert scheme.pass_score == 60
    assert scheme.guide_elements[:4] == ("事项名称", "设定依据", "申请条件", "办理材料")
    # What the spec could not confirm is marked so.
    assert DATA["service_guide_elements"]["verified"] is False
    assert all(d["verified"] is False for d in DATA["deductions"].values())
    assert set(scheme.deductions) == set(DEDUCTION_INDICATORS)
    assert set(scheme.vetoes) == set(VETO_INDICATORS)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("vetoes", "homepage_not_updated", "window_days"), "14", "window_days"),
        (("vetoes", "columns_not_updated", "blank_threshold"), -1, "blank_threshold"),
        (("vetoes", "site_unreachable", "verified"), "yes", "verified"),
        (("deductions", "broken_links", "max"), None, "deductions.broken_links.max"),
        (("service_guide_elements", "elements"), [], "elements"),
        (("pass_score",), True, "pass_score"),
    ],
)
def test_a_bad_value_is_an_explicit_error(path, value, message):
    data = copy.deepcopy(DATA)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(SchemeError, match=message):
        parse_scheme(data)


def test_a_missing_section_or_file_is_an_explicit_error(tmp_path):
    data = copy.deepcopy(DATA)
    del data["vetoes"]["serious_errors"]
    with pytest.raises(SchemeError, match="serious_errors"):
        parse_scheme(data)
    bad = tmp_path / "scheme.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SchemeError, match="scheme.json"):
        load_scheme(bad)
    with pytest.raises(SchemeError):
        load_scheme(tmp_path / "missing.json")


def test_months_are_calendar_months_clipped_to_the_month_end():
    at = datetime(2026, 8, 31, 10, tzinfo=SHANGHAI)
    assert months_before(at, 6) == datetime(2026, 2, 28, 10, tzinfo=SHANGHAI)
    assert months_before(at, 12) == datetime(2025, 8, 31, 10, tzinfo=SHANGHAI)
    assert months_before(datetime(2024, 3, 31, tzinfo=SHANGHAI), 1).day == 29
    assert months_before(at, -4) == datetime(2026, 12, 31, 10, tzinfo=SHANGHAI)


def test_windows_are_open_at_the_start_and_closed_at_the_end():
    start, end = datetime(2026, 1, 1, tzinfo=SHANGHAI), datetime(2026, 1, 15, tzinfo=SHANGHAI)
    assert not inside(start, start, end)
    assert inside(end, start, end)
    assert not inside(None, start, end)


AGENCY = SimpleNamespace(pk=7, slug="lushan-transport", name="庐山市交通运输局")


def _all(status_of: dict, deductions: dict = ()):
    deductions = dict(deductions)
    return [IndicatorResult.of(i, status_of.get(i, "pass")) for i in VETO_INDICATORS] + [
        IndicatorResult.of(i, "deduct" if deductions.get(i) else "pass", (), deductions.get(i, 0))
        for i in DEDUCTION_INDICATORS
    ]


def test_a_veto_makes_the_site_unqualified_and_nothing_is_scored():
    result = AgencyVerdict.from_indicators(
        AGENCY, _all({"columns_not_updated": "veto"}, {"broken_links": 3}), 60
    )
    assert (result.verdict, result.score, result.vetoes) == (
        "不合格",
        None,
        ["columns_not_updated"],
    )


def test_score_is_100_minus_deductions_and_below_60_is_unqualified():
    ok = AgencyVerdict.from_indicators(
        AGENCY, _all({}, {"broken_links": 10, "late_publication": 5}), 60
    )
    assert (ok.verdict, ok.score) == ("合格", 85.0)
    low = _all({}, {"broken_links": 10, "late_publication": 10, "newmedia_not_updated": 20.5})
    result = AgencyVerdict.from_indicators(AGENCY, low, 60)
    assert (result.verdict, result.score) == ("不合格", 59.5)


def test_a_veto_indicator_not_measured_leaves_the_inspection_incomplete():
    result = AgencyVerdict.from_indicators(AGENCY, _all({"site_unreachable": "not_measured"}), 60)
    assert (result.verdict, result.score) == ("未完成", 100.0)
    # A deduction indicator not measured does not.
    indicators = _all({})
    indicators[-1] = IndicatorResult.of("newmedia_not_updated", "not_measured")
    assert AgencyVerdict.from_indicators(AGENCY, indicators, 60).verdict == "合格"


def test_the_json_of_an_agency_has_exactly_the_issues_shape():
    entry = evidence(
        "column", "工作动态", "/a/news/work-news/", datetime(2026, 6, 1, tzinfo=SHANGHAI)
    )
    indicators = _all({"homepage_not_updated": "veto"})
    indicators[0].evidence.append(entry)
    document = AgencyVerdict.from_indicators(AGENCY, indicators, 60).as_json()
    assert list(document) == ["slug", "agency", "verdict", "score", "vetoes", "indicators"]
    first = document["indicators"][0]
    assert list(first) == ["id", "name", "status", "deduction", "evidence"]
    assert first["evidence"][0] == {
        "kind": "column",
        "label": "工作动态",
        "url": "/a/news/work-news/",
        "date": "2026-06-01T00:00:00+08:00",
    }
    assert [i["id"] for i in document["indicators"]] == [*VETO_INDICATORS, *DEDUCTION_INDICATORS]
    json.dumps(document)


def test_an_unknown_status_or_evidence_kind_is_refused():
    with pytest.raises(ValueError):
        IndicatorResult.of("broken_links", "fine")
    with pytest.raises(ValueError):
        evidence("page", "首页")
