"""The statutory periods are data (``rules/data/statute.json``), chosen by the day in force."""

import json
from datetime import date

import pytest

from gongkai.rules.statute import (
    DATA_FILE,
    PERIODS,
    StatuteError,
    parse_versions,
    statute_for,
    versions,
)

D = date.fromisoformat


def version(effective, reply=20, **changes):
    period = {"working_days": 20, "citation": "c", "article": "a"}
    periods = {name: dict(period) for name in PERIODS}
    periods["reply"]["working_days"] = reply
    raw = {
        "id": f"v{effective}",
        "effective": effective,
        "periods": periods,
        "annual_report_deadlines": {
            "department": {"month": 1, "day": 31, "citation": "c"},
            "government": {"month": 3, "day": 31, "citation": "c"},
        },
    }
    raw.update(changes)
    return raw


def test_the_2019_regulations_periods_and_their_articles():
    rules = statute_for(D("2026-03-02"))
    assert rules.id == "regulations-2019"
    assert rules.effective == D("2019-05-15")
    assert (rules.reply.working_days, rules.reply.article) == (20, "Art. 33 ¶2")
    assert (rules.extension_max.working_days, rules.extension_max.article) == (20, "Art. 33 ¶2")
    assert (rules.correction_notice.working_days, rules.correction_notice.article) == (7, "Art. 30")
    assert rules.consultation_answer.working_days == 15
    assert "第三十二条" in rules.consultation_answer.citation
    assert rules.fee_payment.working_days == 20
    assert "国办函〔2020〕109号" in rules.fee_payment.citation
    assert rules.annual_report_deadlines["department"].on(2025) == D("2026-01-31")
    assert rules.annual_report_deadlines["government"].on(2025) == D("2026-03-31")
    assert "第四十九条" in rules.annual_report_deadlines["government"].citation


def test_the_first_day_in_force_counts_and_the_day_before_is_an_error():
    assert statute_for(D("2019-05-15")).id == "regulations-2019"
    with pytest.raises(StatuteError, match="2019-05-15") as raised:
        statute_for(D("2019-05-14"))
    # Said in Chinese for the clerk and in English.
    assert "早于" in str(raised.value) and "no statutory periods" in str(raised.value)


def test_a_later_version_takes_over_on_its_effective_day():
    both = parse_versions({"versions": [version("2030-01-01", reply=15), version("2019-05-15")]})
    assert [v.id for v in both] == ["v2019-05-15", "v2030-01-01"]  # sorted by date
    assert statute_for(D("2029-12-31"), both).reply.working_days == 20
    assert statute_for(D("2030-01-01"), both).reply.working_days == 15


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"versions": []}, "no versions"),
        ({"versions": [version("2019-05-15"), version("2019-05-15")]}, "same day"),
        ({"versions": [version("15 May 2019")]}, "v15 May 2019"),
        ({"versions": [version("2019-05-15", reply=0)]}, "positive integer"),
        ({"versions": [version("2019-05-15", reply="20")]}, "positive integer"),
        ({"versions": [version("2019-05-15", periods={})]}, "lacks"),
        (
            {
                "versions": [
                    version(
                        "2019-05-15",
                        annual_report_deadlines={
                            "government": {"month": 2, "day": 29, "citation": "c"}
                        },
                    )
                ]
            },
            "day is out of range",
        ),
    ],
)
def test_malformed_statute_data_is_refused(data, message):
    with pytest.raises(StatuteError, match=message):
        parse_versions(data)


def test_the_shipped_file_parses_and_every_version_has_a_report_deadline_per_kind():
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert len(versions()) == len(raw["versions"]) >= 1
    for rules in versions():
        assert set(rules.annual_report_deadlines) == {
            "department",
            "government",
            "township",
            "street",
        }
