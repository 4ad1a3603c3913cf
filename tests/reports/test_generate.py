"""Computing the cells from the records: format by year, the catalog's lifecycle counts,
entered figures, tables 三 and 四 — and the trace of every cell."""

from datetime import datetime
from decimal import Decimal

import pytest

from gongkai.applications.actions import (
    do_end_consultation,
    do_reply,
    do_start_consultation,
    do_withdraw,
)
from gongkai.applications.models import Application
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.models import Remedy
from gongkai.reports.actions import ActionError, do_create_report, do_enter_figures
from gongkai.reports.generate import (
    APPLICATIONS,
    CATALOG,
    FIGURE,
    NOT_ENTERED,
    ReportYearError,
    generate,
)
from gongkai.reports.validate import validate
from tests.reports.conftest import SHANGHAI, at, d
from tests.reports.path import publish_through_path
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "format_id"), [(2019, "gb2019"), (2020, "gb2019"), (2021, "gb2021"), (2026, "gb2021")]
)
def test_the_format_is_chosen_by_report_year(agency_a, officer, year, format_id):
    assert generate(agency_a, year).format.id == format_id
    assert do_create_report(agency_a, year, acting_user=officer).format_id == format_id


def test_a_year_before_the_uniform_format_has_no_report(agency_a, officer):
    with pytest.raises(ReportYearError):
        generate(agency_a, 2018)
    with pytest.raises(ActionError, match="2018 年没有适用的年报格式"):
        do_create_report(agency_a, 2018, acting_user=officer)


def test_every_data_cell_is_computed_and_blank_cells_are_zero(agency_a):
    for year in (2020, 2021):
        generated = generate(agency_a, year)
        assert list(generated.cells) == generated.format.cell_ids()
        assert set(generated.numbers().values()) == {0}


# -- table 二 from the catalog --------------------------------------------------------------


def published(y, m, day):
    return datetime(y, m, day, 10, tzinfo=SHANGHAI)


@pytest.fixture
def documents():
    def doc(title, made, out, **fields):
        return publish_item(
            "agency-a",
            "notices",
            title,
            generated_on=made,
            published=out,
            category=fields.pop("category", "normative_doc"),
            **fields,
        )

    return {
        "a": doc("甲", d(2020, 6, 1), published(2020, 6, 5), validity="valid"),
        # Made on 28 December, published on 5 January: made in 2020, published in 2021.
        "b": doc("乙", d(2020, 12, 28), published(2021, 1, 5), validity="valid"),
        "c": doc(
            "丙",
            d(2019, 3, 1),
            published(2019, 3, 2),
            validity="abolished",
            validity_changed_on=d(2021, 6, 30),
        ),
        "d": doc(
            "丁",
            d(2019, 5, 1),
            published(2019, 5, 2),
            validity="expired",
            validity_changed_on=d(2021, 3, 1),
        ),
        "e": doc("戊", d(2018, 5, 1), published(2019, 1, 8), validity="abolished"),
        "g": doc("己", d(2021, 4, 1), published(2021, 4, 3), validity="valid"),
        "r": doc("规章甲", d(2021, 2, 1), published(2021, 2, 3), category="regulation"),
        "other": doc("通知", d(2021, 2, 1), published(2021, 2, 3), category="none"),
    }


def traced(cell):
    return sorted(s.pk for s in cell.sources)


def test_gb2021_counts_made_repealed_and_in_force_by_the_validity_lifecycle(agency_a, documents):
    generated = generate(agency_a, 2021)
    cells = generated.cells
    row = "t2_art20_1.admin_normative_docs"
    pk = {k: v.pk for k, v in documents.items()}
    assert traced(cells[f"{row}.made"]) == [pk["g"]]
    assert traced(cells[f"{row}.repealed"]) == [pk["c"]]  # expired 丁 is not 废止
    assert traced(cells[f"{row}.in_force"]) == sorted([pk["a"], pk["b"], pk["g"]])
    assert cells[f"{row}.in_force"].value == 3
    assert cells[f"{row}.made"].origin == CATALOG
    assert "《戊》" in generated.data_problems[0]
    assert traced(cells["t2_art20_1.regulations.made"]) == [pk["r"]]
    # A year earlier 丙 and 丁 were still in force; 己 did not exist.
    earlier = generate(agency_a, 2020, "gb2021").cells
    assert traced(earlier[f"{row}.in_force"]) == sorted([pk["a"], pk["b"], pk["c"], pk["d"]])


def test_gb2019_counts_made_published_and_total_published(agency_a, documents):
    cells = generate(agency_a, 2020).cells
    row = "t2_art20_1.normative_docs"
    pk = {k: v.pk for k, v in documents.items()}
    assert traced(cells[f"{row}.new_made"]) == sorted([pk["a"], pk["b"]])
    assert traced(cells[f"{row}.new_published"]) == [pk["a"]]
    assert traced(cells[f"{row}.total_published"]) == sorted([pk["a"], pk["c"], pk["d"], pk["e"]])
    label = cells[f"{row}.new_published"].sources[0].label
    assert "甲" in label and "发布 2020-06-05" in label


def test_the_catalog_of_another_agency_does_not_count(agency_b, documents):
    assert set(generate(agency_b, 2021).numbers().values()) == {0}


# -- figures -----------------------------------------------------------------------------------


def test_an_entered_figure_is_traced_to_its_author_and_the_rest_are_zero(agency_a, officer):
    do_enter_figures(
        agency_a,
        2021,
        {"t2_art20_5.admin_license.decisions": "120", "t2_art20_8.admin_fees.fee_amount": "3.25"},
        acting_user=officer,
    )
    generated = generate(agency_a, 2021)
    licence = generated.cells["t2_art20_5.admin_license.decisions"]
    assert (licence.value, licence.origin) == (120, FIGURE)
    (source,) = licence.sources
    assert source.by == "officer_a" and source.at is not None and source.model == "reports.Figure"
    fee = generated.cells["t2_art20_8.admin_fees.fee_amount"]
    assert fee.value == Decimal("3.25") and generated.numbers()[fee.id] == 3.25
    assert generated.not_entered == [
        "t2_art20_6.admin_penalty.decisions",
        "t2_art20_6.admin_coercion.decisions",
    ]
    assert generated.cells["t2_art20_6.admin_penalty.decisions"].origin == NOT_ENTERED


# -- tables 三 and 四 ---------------------------------------------------------------------------


@pytest.fixture
def cases(register, officer):
    granted = register(at(2021, 3, 1))
    do_reply(
        granted,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 3, 10),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    company = register(
        at(2021, 5, 6),
        applicant_kind="legal_person",
        applicant_name="某公司",
        organisation_type="commercial",
    )
    do_start_consultation(
        company, on=d(2021, 5, 10), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    do_end_consultation(company, on=d(2021, 5, 14), acting_user=officer, result="agrees")
    do_reply(
        company,
        outcome="art15_third_party",
        text="不予公开",
        replied_on=d(2021, 5, 20),
        acting_user=officer,
        refusal_reason="经审查，属于该项情形",
    )
    withdrawn = register(at(2021, 7, 1))
    do_withdraw(withdrawn, on=d(2021, 7, 2), acting_user=officer)
    open_case = register(at(2021, 12, 27))
    review = do_record_remedy(company, kind="review", filed_on=d(2021, 6, 1), acting_user=officer)
    do_conclude_remedy(review, decision="revoked", concluded_on=d(2021, 8, 1), acting_user=officer)
    lawsuit = do_record_remedy(
        company, kind="after_review", review=review, filed_on=d(2021, 9, 1), acting_user=officer
    )
    return {
        "granted": granted,
        "company": company,
        "withdrawn": withdrawn,
        "open": open_case,
        "review": review,
        "lawsuit": lawsuit,
    }


def test_every_cell_of_tables_three_and_four_lists_exactly_the_records_it_counted(agency_a, cases):
    generated = generate(agency_a, 2021)
    for cell in generated.cells.values():
        if cell.id.startswith(("t3.", "t4.")):
            assert cell.value == len(cell.sources), cell.id
            assert cell.origin == APPLICATIONS or cell.id.startswith("t4.")
    cells = generated.cells
    pk = {k: v.pk for k, v in cases.items()}
    assert traced(cells["t3.new_received.total"]) == sorted(
        pk[k] for k in ("granted", "company", "withdrawn", "open")
    )
    assert traced(cells["t3.granted.natural_person"]) == [pk["granted"]]
    assert traced(cells["t3.denied_third_party.commercial"]) == [pk["company"]]
    assert traced(cells["t3.other_other.natural_person"]) == [pk["withdrawn"]]
    assert traced(cells["t3.carried_out.total"]) == [pk["open"]]
    assert traced(cells["t4.count.review_corrected"]) == [pk["review"]]
    assert traced(cells["t4.count.after_review_pending"]) == [pk["lawsuit"]]
    models = {s.model for c in cells.values() for s in c.sources}
    assert models == {"applications.Application", "disputes.Remedy"}
    tracking = Application.objects.get(pk=pk["company"]).tracking_code
    label = cells["t3.denied_third_party.total"].sources[0].label
    assert tracking in label and "不予公开：保护第三方合法权益" in label
    assert Remedy.objects.get(pk=pk["review"]).application_id == pk["company"]


def test_the_generated_tables_pass_their_cross_checks(agency_a, cases, officer):
    report = do_create_report(agency_a, 2021, acting_user=officer)
    validation = validate(report)
    cell_rules = {"T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULTS_TOTAL", "T4_REVIEW_TOTAL"}
    assert not validation.rules() & cell_rules
    assert "X_CARRY_OVER" not in validation.rules()


def test_carry_over_crosses_the_2020_to_2021_format_boundary(agency_a, register, officer):
    late = register(at(2020, 12, 28))
    do_reply(
        late,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 1, 8),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    end_2020 = generate(agency_a, 2020)
    start_2021 = generate(agency_a, 2021)
    assert end_2020.format.id == "gb2019" and start_2021.format.id == "gb2021"
    assert end_2020.numbers()["t3.carried_out.natural_person"] == 1
    assert start_2021.numbers()["t3.carried_in.natural_person"] == 1
    assert traced(start_2021.cells["t3.granted.natural_person"]) == [late.pk]
    report = do_create_report(agency_a, 2021, acting_user=officer)
    assert "X_CARRY_OVER" not in validate(report).rules()


def test_carry_over_reads_last_years_published_report_when_there_is_one(
    agency_a, register, officer
):
    report_2020 = do_create_report(agency_a, 2020, acting_user=officer)
    report_2020.narrative = {"s1": "2020年，本机关主动公开政府信息。", "s5": "无。", "s6": "无。"}
    report_2020.save()
    from gongkai.reports.actions import do_acknowledge_warnings

    do_acknowledge_warnings(report_2020, acting_user=officer)
    publish_through_path(report_2020, officer)
    # A case of 2020 recorded after the 2020 report was published.
    register(at(2020, 12, 29))
    report_2021 = do_create_report(agency_a, 2021, acting_user=officer)
    warnings = [w for w in validate(report_2021).warnings if w.rule == "X_CARRY_OVER"]
    assert len(warnings) == 2  # 自然人 and 总计: 1 carried in, 0 carried out last year
    assert "1 ≠ 0" in warnings[0].message


def test_the_number_of_queries_does_not_grow_with_the_records(agency_a, register, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as context:
            generate(agency_a, 2021)
        return len(context.captured_queries)

    register(at(2021, 3, 1))
    do_enter_figures(agency_a, 2021, {"t2_art20_5.admin_license.decisions": 1}, acting_user=officer)
    few = queries()
    for day in (2, 3, 4):
        app = register(at(2021, 3, day))
        do_reply(
            app,
            outcome="art36_2_disclose",
            text="公开",
            replied_on=d(2021, 3, 10),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
        do_record_remedy(app, kind="review", filed_on=d(2021, 4, day), acting_user=officer)
    publish_item(
        "agency-a", "notices", "规范性文件", generated_on=d(2021, 5, 1), category="normative_doc"
    )
    assert queries() == few
