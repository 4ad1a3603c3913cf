"""The draft's words follow the records and the format: fees by the year they were paid,
the Art. 20(1) row's own label, and money with its unit."""

import pytest

from gongkai.applications.models import FeeNotice
from gongkai.reports.generate import generate
from gongkai.reports.labels import column_label, header_rows
from gongkai.reports.narrative import draft_narrative, year_facts
from gongkai.rules.formats import load_format
from tests.reports.conftest import at, d

pytestmark = pytest.mark.django_db


def fee(app, amount, sent_on, paid_on=None):
    # A notice as the fee actions leave it (their own rules are tested in tests/applications).
    return FeeNotice.objects.create(
        application=app,
        method="per_piece",
        basis=11,
        amount=amount,
        sent_on=sent_on,
        paid_on=paid_on,
    )


@pytest.fixture
def fees(register):
    december = register(at(2021, 12, 1))
    january = register(at(2022, 1, 4))
    unpaid = register(at(2022, 3, 1))
    # Sent on 28 December 2021, paid on 5 January 2022: 2022's money.
    fee(december, 100, d(2021, 12, 28), d(2022, 1, 5))
    fee(january, 200, d(2022, 1, 10), d(2022, 1, 20))
    fee(unpaid, 300, d(2022, 3, 10))


def test_fees_are_counted_in_the_year_they_were_paid(agency_a, fees):
    facts_2021 = year_facts(generate(agency_a, 2021))
    assert (facts_2021.fee_notices, facts_2021.fees_collected) == (1, 0)
    facts_2022 = year_facts(generate(agency_a, 2022))
    assert (facts_2022.fee_notices, facts_2022.fees_collected) == (2, 300)


def test_section_six_says_what_was_sent_and_what_was_paid(agency_a, fees):
    assert draft_narrative(generate(agency_a, 2021))["s6"] == (
        "本年度本机关发出信息处理费收费通知1件，未收取信息处理费（按缴费日期计入年度）。"
    )
    assert draft_narrative(generate(agency_a, 2022))["s6"] == (
        "本年度本机关发出信息处理费收费通知2件，收取信息处理费300元（按缴费日期计入年度）。"
    )


def test_a_payment_of_a_notice_sent_the_year_before_is_still_reported(agency_a, register):
    app = register(at(2022, 12, 1))
    fee(app, 100, d(2022, 12, 28), d(2023, 1, 5))
    assert draft_narrative(generate(agency_a, 2023))["s6"] == (
        "本年度本机关未发出信息处理费收费通知，收取信息处理费100元（按缴费日期计入年度）。"
    )


def test_a_year_without_fees_says_so(agency_a):
    assert draft_narrative(generate(agency_a, 2022))["s6"] == (
        "本年度本机关未发出信息处理费收费通知，未收取信息处理费。"
    )


@pytest.mark.parametrize(
    ("year", "label"), [(2020, "规范性文件"), (2021, "行政规范性文件"), (2022, "行政规范性文件")]
)
def test_the_overview_names_the_documents_as_the_years_format_does(agency_a, year, label):
    overview = draft_narrative(generate(agency_a, year))["s1"]
    assert f"其中本年制发{label}0件。" in overview
    assert year_facts(generate(agency_a, year)).normative_label == label


def test_gb2019_procurement_amount_prints_its_unit_gb2021_fee_amount_is_not_doubled():
    gb2019, gb2021 = load_format("gb2019"), load_format("gb2021")
    table = gb2019.table("t2_art20_9")
    amount = table.column("procurement_amount")
    assert amount.unit is None  # the template prints none; the data keeps that fact
    assert column_label(table, amount) == "采购总金额（单位：万元）"
    assert [h.label for h in header_rows(table)[0]] == ["采购项目数量", "采购总金额（单位：万元）"]
    fees = gb2021.table("t2_art20_8")
    assert [h.label for h in header_rows(fees)[0]] == ["本年收费金额（单位：万元）"]
