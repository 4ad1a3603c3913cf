"""Validation on plain data: every cross-check fails when one cell changes; the narrative's
sections, numbering and year; the format version; errors vs warnings."""

import itertools

import pytest

from gongkai.reports.validate import Finding, Validation, validate_parts
from gongkai.rules.formats import load_format
from tests.reportcheck.fixtures import complete_cells

NARRATIVE = {
    "s1": "2021年，本机关认真贯彻落实《条例》。\n（一）主动公开\n1.目录\n2.指南\n（二）依申请公开\n"
    "本年度新收政府信息公开申请{received}件。",
    "s5": "（一）存在的主要问题\n栏目更新不及时。\n（二）改进情况\n2022年将统一答复文书模板。",
    "s6": "本年度未收取信息处理费。",
}


def narrative(cells, year=2021, **changes):
    text = {
        k: v.replace("{received}", str(cells["t3.new_received.total"]))
        for k, v in NARRATIVE.items()
    }
    text = {k: v.replace("2021年", f"{year}年") for k, v in text.items()}
    return text | changes


def consistent_previous(fmt, cells):
    """Last year's cells that agree with ``cells`` on every cross-year rule."""
    previous = complete_cells(fmt, seed=11)
    for column in fmt.table("t3").columns:
        previous[f"t3.carried_out.{column.id}"] = cells[f"t3.carried_in.{column.id}"]
    for table in fmt.tables:
        for row in table.rows:
            prefix = f"{table.id}.{row.id}"
            if fmt.has_cell(f"{prefix}.in_force"):
                previous[f"{prefix}.in_force"] = (
                    cells[f"{prefix}.in_force"]
                    - cells[f"{prefix}.made"]
                    + cells[f"{prefix}.repealed"]
                )
            if fmt.has_cell(f"{prefix}.prev_year_items"):
                previous[f"{prefix}.prev_year_items"] = cells[f"{prefix}.prev_year_items"]
                previous[f"{prefix}.change"] = 0
    return previous


def run(fmt_id, cells, previous=None, year=None, text=None):
    year = year or (2021 if fmt_id == "gb2021" else 2020)
    return validate_parts(
        fmt_id,
        year,
        cells,
        text if text is not None else narrative(cells, year),
        previous=previous,
        previous_format=fmt_id,
    )


def base(fmt_id):
    fmt = load_format(fmt_id)
    cells = complete_cells(fmt)
    if fmt_id == "gb2021":
        for row in ("regulations", "admin_normative_docs"):
            cells[f"t2_art20_1.{row}.in_force"] = 30 + cells[f"t2_art20_1.{row}.made"]
    return fmt, cells, consistent_previous(fmt, cells)


@pytest.mark.parametrize("fmt_id", ["gb2019", "gb2021"])
def test_a_consistent_report_has_no_finding(fmt_id):
    _fmt, cells, previous = base(fmt_id)
    assert run(fmt_id, cells, previous).findings == ()


def bindings(rule):
    names = [name for name, _ in rule.for_each]
    values = itertools.product(*(v for _, v in rule.for_each))
    return [dict(zip(names, combo, strict=True)) for combo in values]


def expand(ref, binding):
    """``t3.carried_in.$col@Y`` -> (``t3.carried_in.total``, ``Y``)."""
    for name, value in binding.items():
        ref = ref.replace(name, value)
    cell, _, year = ref.partition("@")
    return cell, year or "Y"


def instances(fmt_id):
    """(rule, binding) of every arithmetic rule of the format, for the parametrisation."""
    fmt = load_format(fmt_id)
    return [
        pytest.param(
            fmt_id, rule.id, binding, id=f"{fmt_id}-{rule.id}-{'-'.join(binding.values())}"
        )
        for rule in fmt.rules
        if rule.is_equation
        for binding in bindings(rule)
    ]


@pytest.mark.parametrize(
    ("fmt_id", "rule_id", "binding"), instances("gb2019") + instances("gb2021")
)
def test_every_cross_check_fails_when_one_cell_changes(fmt_id, rule_id, binding):
    fmt, cells, previous = base(fmt_id)
    rule = fmt.rule(rule_id)

    def total(refs):
        return sum(
            (previous if year == "Y-1" else cells)[cell]
            for cell, year in (expand(r, binding) for r in refs)
        )

    # Change one cell of this year: by 1 for an equation, just past the bound for "<=".
    target = next(cell for cell, year in (expand(r, binding) for r in rule.lhs) if year == "Y")
    cells[target] += 1 if rule.op == "==" else total(rule.rhs) - total(rule.lhs) + 1
    findings = [f for f in run(fmt_id, cells, previous).findings if f.rule == rule_id]
    assert len(findings) == 1
    assert findings[0].severity == rule.severity
    assert target in {c.split("@")[0] for c in findings[0].cells}


def test_severities_split_errors_warnings_and_infos():
    fmt, cells, previous = base("gb2021")
    cells["t4.count.review_total"] += 1  # error
    previous["t3.carried_out.total"] += 1  # warning: X_CARRY_OVER
    previous["t2_art20_1.regulations.in_force"] += 1  # info: X_2021_IN_FORCE_ROLL
    validation = run("gb2021", cells, previous)
    assert validation.rules("error") == {"T4_REVIEW_TOTAL"}
    assert validation.rules("warning") == {"X_CARRY_OVER"}
    assert validation.rules("info") == {"X_2021_IN_FORCE_ROLL"}
    message = validation.errors[0].message
    assert "行政复议" in message and "≠" in message


def test_a_blank_cell_is_one_error_not_a_string_of_unverifiable_sums():
    _fmt, cells, previous = base("gb2021")
    cells["t3.granted.natural_person"] = None
    validation = run("gb2021", cells, previous)
    assert [(f.rule, f.severity) for f in validation.findings] == [("X_NO_BLANKS", "error")]
    assert "1 个空白单元格" in validation.errors[0].message


def test_a_negative_count_is_an_error_but_a_negative_change_is_not():
    _fmt, cells, previous = base("gb2019")
    cells["t2_art20_5.admin_license.change"] = -3
    previous["t2_art20_5.admin_license.change"] = -3
    previous["t2_art20_5.admin_license.prev_year_items"] += 3
    assert run("gb2019", cells, previous).findings == ()
    cells["t2_art20_9.central_procurement.procurement_items"] = -1
    validation = run("gb2019", cells, previous)
    assert validation.rules() == {"X_NONNEGATIVE"}
    assert "政府集中采购" in validation.errors[0].message


# -- format version and narrative ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt_id", "year", "ok"),
    [
        ("gb2019", 2020, True),
        ("gb2021", 2020, False),
        ("gb2019", 2021, False),
        ("gb2021", 2025, True),
    ],
)
def test_the_format_version_must_be_the_years(fmt_id, year, ok):
    cells = complete_cells(load_format(fmt_id))
    validation = run(fmt_id, cells, year=year)
    assert ("AR_FORMAT_VERSION" not in validation.rules("error")) is ok


def test_missing_section_text_and_a_typed_heading_break_the_sections():
    _fmt, cells, _ = base("gb2021")
    text = narrative(cells, s5="", s6="三、其他需要报告的事项\n无。")
    messages = [f.message for f in run("gb2021", cells, text=text).errors]
    assert all(m.startswith("六个一级标题齐全") for m in messages)
    assert any("“五、存在的主要问题及改进情况”没有内容" in m for m in messages)
    assert any("出现一级标题“三、其他需要报告的事项”" in m for m in messages)


def test_the_seeds_duplicate_subheading_and_missing_item_are_errors():
    # shared/seed: "(四)政务公开" then "(四)中国九江交通信息网内容保障"; items 4. then 6.
    _fmt, cells, _ = base("gb2019")
    s1 = (
        "2020年，我局继续推进政务公开工作。\n(一)组织保障\n(二)工作部署\n(三)政府信息公开\n"
        "1.政府信息公开指南\n2.年报\n3.目录\n4.设立政府信息公开专栏\n6.提供公开信息\n"
        "(四)政务公开\n(四)中国九江交通信息网内容保障\n(六)本单位网站建设和管理"
    )
    validation = run("gb2019", cells, year=2020, text=narrative(cells, 2020, s1=s1))
    messages = [f.message for f in validation.findings if f.rule == "AR_NUMBERING"]
    assert len(messages) == 3
    assert "缺少5." in messages[0]
    assert "（四）重复" in messages[1]
    assert "缺少（五）" in messages[2]


def test_the_seeds_wrong_year_is_an_error():
    _fmt, cells, _ = base("gb2019")
    s1 = "2020年，我局继续推进政务公开工作。\n6、政务新媒体:2019 年截至目前,我局共发布政务微博 123 条。"
    validation = run("gb2019", cells, year=2020, text=narrative(cells, 2020, s1=s1))
    (finding,) = [f for f in validation.errors if f.rule == "AR_YEAR_IN_TEXT"]
    assert "2019" in finding.message and "2020 年度" in finding.message


@pytest.mark.parametrize(
    ("section", "text", "wrong"),
    [
        ("s1", "2020年，本机关主动公开信息。", True),
        ("s1", "本报告统计期限自2021年1月1日起至2021年12月31日止。", False),
        ("s1", "本报告统计期限自2020年1月1日起至2020年12月31日止。", True),
        ("s6", "现将《2020年政府信息公开工作年度报告》发布。", True),
        ("s1", "2019年以来，我局持续推进政务公开。", False),  # a period, not the report year
        ("s1", "《条例》自2019年5月15日起施行。", False),
        ("s5", "2022年全年将统一答复文书模板。", False),  # plans for next year
        ("s6", "2022年共收取信息处理费0元。", True),
    ],
)
def test_the_year_must_be_the_report_year_where_the_report_year_is_meant(section, text, wrong):
    _fmt, cells, _ = base("gb2021")
    current = narrative(cells)
    text = narrative(cells, **{section: current[section] + "\n" + text})
    assert ("AR_YEAR_IN_TEXT" in run("gb2021", cells, text=text).rules("error")) is wrong


def test_a_left_placeholder_blocks_publishing():
    _fmt, cells, _ = base("gb2021")
    text = narrative(cells, s5="【待填写：存在的主要问题】")
    (finding,) = run("gb2021", cells, text=text).errors
    assert finding.rule == "AR_PLACEHOLDER" and finding.section == "s5"


def test_gb2021_asks_for_the_fee_report_in_section_six_gb2019_does_not():
    fmt, cells, _ = base("gb2021")
    text = narrative(cells, s6="无其他需要报告的事项。")
    assert run("gb2021", cells, text=text).rules("warning") == {"S6_FEE_REPORTING"}
    cells_2019 = complete_cells(load_format("gb2019"))
    text_2019 = narrative(cells_2019, 2020, s6="无其他需要报告的事项。")
    assert run("gb2019", cells_2019, year=2020, text=text_2019).findings == ()


def test_a_number_in_the_text_that_disagrees_with_the_table_is_a_warning():
    _fmt, cells, _ = base("gb2021")
    received = cells["t3.new_received.total"]
    text = narrative(cells)
    text["s1"] = text["s1"].replace(f"申请{received}件", f"申请{received + 1}件")
    text["s1"] += f"\n本年度被申请行政复议{cells['t4.count.review_total']}件。"
    (finding,) = run("gb2021", cells, text=text).findings
    assert (finding.rule, finding.severity) == ("X_TEXT_MATCHES_TABLES", "warning")
    assert str(received) in finding.message


def test_acknowledgement_is_by_key_so_a_changed_warning_needs_a_new_one():
    old = Finding("X_CARRY_OVER", "warning", "上年结转 3 ≠ 2")
    new = Finding("X_CARRY_OVER", "warning", "上年结转 4 ≠ 2")
    assert Validation((old,)).unacknowledged([old.key]) == []
    assert Validation((new,)).unacknowledged([old.key]) == [new]
