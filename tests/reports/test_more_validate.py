"""The cross-checks (勾稽关系) of the mandated format on small tables written out by hand:
each identity of the spec passes on the hand-made table, and each broken one is reported
once, with the numbers on both sides and a Chinese message a clerk can act on."""

from gongkai.reports.generate import Cell, Source
from gongkai.reports.validate import (
    check_count_once,
    check_format,
    check_numbering,
    check_stated_numbers,
    validate_parts,
)
from gongkai.rules.formats import load_format

GB2019, GB2021 = load_format("gb2019"), load_format("gb2021")
COLUMNS = ("natural_person", "commercial", "research", "public_welfare", "legal_services")
COLUMNS += ("other_org", "total")

BALANCE = "第一项加第二项之和，等于第三项（即（七）总计）加第四项之和；逐列成立。"
NONNEGATIVE = "计数单元格为非负整数；“本年增/减”可为负；金额为非负小数并带单位。"

# Table 三 by hand. 自然人: 10 new + 2 carried in = 11 concluded + 1 carried out; the 11 are
# 5 予以公开 + 1 部分公开 + 1 第三方 + 2 不掌握 + 1 重复申请 + 1 逾期不补正.
# 商业企业: 3 new = 3 concluded (2 予以公开 + 1 逾期未缴费). 总计 is the sum of the two.
T3 = {
    "natural_person": {
        "new_received": 10,
        "carried_in": 2,
        "granted": 5,
        "partial": 1,
        "denied_third_party": 1,
        "unable_not_held": 2,
        "np_repeat": 1,
        "other_no_correction": 1,
        "results_total": 11,
        "carried_out": 1,
    },
    "commercial": {"new_received": 3, "granted": 2, "other_fee_unpaid": 1, "results_total": 3},
}
T3["total"] = {
    row: T3["natural_person"].get(row, 0) + T3["commercial"].get(row, 0)
    for row in {*T3["natural_person"], *T3["commercial"]}
}

T4 = {
    "review_upheld": 2,
    "review_corrected": 1,
    "review_pending": 1,
    "review_total": 4,
    "direct_upheld": 1,
    "direct_pending": 1,
    "direct_total": 2,
    "after_review_corrected": 1,
    "after_review_total": 1,
}

T2_2021 = {
    "t2_art20_1.regulations.made": 1,
    "t2_art20_1.regulations.in_force": 5,
    "t2_art20_1.admin_normative_docs.made": 4,
    "t2_art20_1.admin_normative_docs.repealed": 2,
    "t2_art20_1.admin_normative_docs.in_force": 20,
    "t2_art20_5.admin_license.decisions": 120,
    "t2_art20_6.admin_penalty.decisions": 30,
    "t2_art20_6.admin_coercion.decisions": 2,
    "t2_art20_8.admin_fees.fee_amount": 12.5,
}

NARRATIVE = {
    "s1": "2021年，本机关认真贯彻落实《条例》。\n（一）主动公开\n（二）依申请公开",
    "s5": "（一）存在的主要问题\n栏目更新不及时。",
    "s6": "本年度未收取信息处理费。",
}


def table(fmt=GB2021, t2=T2_2021):
    cells = dict.fromkeys(fmt.cell_ids(), 0)
    for column, rows in T3.items():
        for row, value in rows.items():
            if not fmt.has_cell(f"t3.{row}.{column}"):
                row = "other"  # gb2019 has one （六）其他处理 row for what 2021 splits in three
            cells[f"t3.{row}.{column}"] += value
    cells |= {f"t4.count.{c}": v for c, v in T4.items()}
    cells |= t2
    assert set(cells) == set(fmt.cell_ids())
    return cells


def last_year(fmt=GB2021):
    """Last year's table agreeing with ``table()``: carried out 2 自然人; in force 4 and 18."""
    previous = dict.fromkeys(fmt.cell_ids(), 0)
    previous["t3.carried_out.natural_person"] = previous["t3.carried_out.total"] = 2
    if fmt is GB2021:
        previous["t2_art20_1.regulations.in_force"] = 4  # 4 + 1 made - 0 repealed = 5
        previous["t2_art20_1.admin_normative_docs.in_force"] = 18  # 18 + 4 - 2 = 20
    return previous


def check(cells, previous=None, fmt_id="gb2021", year=2021, narrative=None):
    validation = validate_parts(
        fmt_id,
        year,
        cells,
        narrative or {**NARRATIVE, "s1": NARRATIVE["s1"].replace("2021", str(year))},
        previous=previous if previous is not None else last_year(load_format(fmt_id)),
        previous_format=fmt_id,
    )
    return [(f.rule, f.severity, f.message) for f in validation.findings]


def test_the_hand_made_2021_table_satisfies_every_identity():
    cells = table()
    # The identities, by hand, for 总计: 13 + 2 = 14 + 1; 7+1+1+2+1+1+1 = 14; 2+1+0+1 = 4.
    assert cells["t3.new_received.total"] + cells["t3.carried_in.total"] == 15
    assert cells["t3.results_total.total"] + cells["t3.carried_out.total"] == 15
    assert check(cells) == []


def test_balance_broken_in_one_applicant_column_and_its_total():
    cells = table()
    cells["t3.carried_out.natural_person"] = cells["t3.carried_out.total"] = 2
    assert check(cells) == [
        ("T3_BALANCE", "error", f"{BALANCE}（自然人：12 ≠ 13）"),
        ("T3_BALANCE", "error", f"{BALANCE}（总计：15 ≠ 16）"),
    ]


def test_a_leaf_outside_the_total_breaks_its_row_and_its_column():
    cells = table()
    cells["t3.granted.commercial"] = 3  # 总计 of （一） still says 7; （七）of 商业企业 still 3
    findings = check(cells)
    assert [(rule, severity) for rule, severity, _ in findings] == [
        ("T3_ROW_TOTAL", "error"),
        ("T3_RESULTS_TOTAL", "error"),
    ]
    assert findings[0][2].endswith("（（一）予以公开：7 ≠ 8）")
    assert findings[0][2].startswith("每一数据行：总计 = 自然人 + 商业企业")
    assert findings[1][2].endswith("（商业企业：3 ≠ 4）")


def test_the_2021_other_rows_count_in_the_results_total():
    # Moving the 逾期未缴费 case out of （六）2 leaves （七）总计 one too high.
    cells = table()
    cells["t3.other_fee_unpaid.commercial"] = cells["t3.other_fee_unpaid.total"] = 0
    assert [m for _, _, m in check(cells)] == [
        "（七）总计 =（一）+（二）+（三）1-8 +（四）1-3 +（五）1-5 +（六）1-3；逐列成立。"
        "（商业企业：3 ≠ 2）",
        "（七）总计 =（一）+（二）+（三）1-8 +（四）1-3 +（五）1-5 +（六）1-3；逐列成立。"
        "（总计：14 ≠ 13）",
    ]


def test_each_litigation_total_is_checked_on_its_own():
    cells = table()
    cells["t4.count.review_total"] = 5
    cells["t4.count.after_review_other"] = 1
    assert check(cells) == [
        (
            "T4_REVIEW_TOTAL",
            "error",
            "行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。（合计：5 ≠ 4）",
        ),
        ("T4_AFTER_REVIEW_TOTAL", "error", "复议后起诉：总计 = 四项之和。（合计：1 ≠ 2）"),
    ]


def test_carry_over_from_last_years_report_is_a_warning_per_column():
    previous = last_year()
    previous["t3.carried_out.natural_person"] = previous["t3.carried_out.total"] = 3
    findings = check(table(), previous)
    assert [(rule, severity) for rule, severity, _ in findings] == [("X_CARRY_OVER", "warning")] * 2
    assert findings[0][2].endswith("（自然人：2 ≠ 3）")
    assert findings[1][2].endswith("（总计：2 ≠ 3）")


def test_in_force_roll_and_repealed_bound_are_information_only():
    cells = table()
    cells["t2_art20_1.admin_normative_docs.repealed"] = 25  # more than 18 + 4 existed
    findings = check(cells)
    assert [(rule, severity) for rule, severity, _ in findings] == [
        ("X_2021_IN_FORCE_ROLL", "info"),
        ("T2_2021_REPEALED_LE_AVAILABLE", "info"),
    ]
    # 20 in force + 25 repealed ≠ 18 + 4; 25 > 18 + 4.
    assert findings[0][2].endswith("（行政规范性文件：45 ≠ 22）")
    assert findings[1][2] == (
        "本年废止件数不应超过上年现行有效件数与本年制发件数之和。（行政规范性文件：25 > 22）"
    )


def test_negative_and_fractional_counts_name_their_cells():
    cells = table()
    cells["t2_art20_6.admin_penalty.decisions"] = -1
    cells["t2_art20_5.admin_license.decisions"] = 2.5
    cells["t2_art20_8.admin_fees.fee_amount"] = -0.5
    assert check(cells) == [
        (
            "X_NONNEGATIVE",
            "error",
            f"{NONNEGATIVE}（第二十条第（五）项 行政许可 / 本年处理决定数量）",
        ),
        (
            "X_NONNEGATIVE",
            "error",
            f"{NONNEGATIVE}（第二十条第（六）项 行政处罚 / 本年处理决定数量）",
        ),
        (
            "X_NONNEGATIVE",
            "error",
            f"{NONNEGATIVE}（第二十条第（八）项 行政事业性收费 / 本年收费金额（单位：万元））",
        ),
    ]


def test_blank_cells_are_counted_per_table_and_hide_the_sums_they_break():
    cells = table()
    cells["t3.granted.research"] = None
    cells["t3.carried_out.total"] = None
    assert check(cells) == [
        (
            "X_NO_BLANKS",
            "error",
            "所有数据单元格必须填写数字，无数据填“0”，不得留空或填“/”“—”。"
            "（三、收到和处理政府信息公开申请情况：2 个空白单元格）",
        )
    ]


def test_the_2019_table_with_its_single_other_row_and_item_counts():
    t2 = {
        "t2_art20_1.regulations.new_made": 1,
        "t2_art20_1.regulations.new_published": 1,
        "t2_art20_1.regulations.total_published": 5,
        "t2_art20_5.admin_license.prev_year_items": 10,
        "t2_art20_5.admin_license.change": -2,  # 本年增/减 may be negative
    }
    cells = table(GB2019, t2)
    assert (cells["t3.other.natural_person"], cells["t3.other.total"]) == (1, 2)
    previous = last_year(GB2019)
    previous["t2_art20_5.admin_license.prev_year_items"] = 7
    previous["t2_art20_5.admin_license.change"] = 3  # 7 + 3 = this year's 10
    assert check(cells, previous, "gb2019", 2020) == []

    cells["t2_art20_1.regulations.new_published"] = 6  # more than the 5 ever published
    previous["t2_art20_5.admin_license.change"] = 4  # 7 + 4 = 11, not 10
    assert check(cells, previous, "gb2019", 2020) == [
        (
            "T2_2019_PUBLISHED_LE_TOTAL",
            "info",
            "本年新公开数量不应大于对外公开总数量。（规章：6 > 5）",
        ),
        (
            "X_2019_ITEMS_CARRY",
            "info",
            "本年“上一年项目数量”应等于上年报告的“上一年项目数量 + 本年增/减”。（行政许可：10 ≠ 11）",
        ),
    ]


def test_the_wrong_format_for_the_year_is_named_with_the_right_one():
    assert [f.message for f in check_format("gb2021", 2020)] == [
        "2020 年度报告应使用 gb2019（国办公开办函〔2019〕60号），而不是 gb2021"
    ]
    assert [f.message for f in check_format("gb2019", 2021)] == [
        "2021 年度报告应使用 gb2021（国办公开办函〔2021〕30号），而不是 gb2019"
    ]
    assert [(f.severity, f.message) for f in check_format("gb2019", 2018)] == [
        ("error", "2018 年没有适用的年报格式")
    ]
    assert check_format("gb2019", 2019) == []


# -- T3_COUNT_ONCE on the traces ----------------------------------------------------------------


def case(pk):
    return Source("applications.Application", pk, f"申请{pk}")


def traced(cell_id, *pks):
    return Cell(cell_id, len(pks), "applications", tuple(case(pk) for pk in pks))


def test_a_case_in_two_outcome_rows_is_an_error_naming_the_case():
    cells = {
        c.id: c
        for c in (
            # Receipt, carry-over, the results total and the 总计 column repeat every case.
            traced("t3.new_received.natural_person", 1, 2, 3),
            traced("t3.results_total.natural_person", 1, 2, 3),
            traced("t3.granted.total", 1),
            traced("t3.granted.natural_person", 1),
            traced("t3.np_repeat.natural_person", 2),
            traced("t3.partial.natural_person", 3),
            traced("t4.count.review_upheld", 3),
        )
    }
    assert check_count_once(cells) == []
    cells["t3.denied_third_party.natural_person"] = traced(
        "t3.denied_third_party.natural_person", 3, 1
    )
    [finding] = check_count_once(cells)
    assert (finding.rule, finding.severity, finding.section) == ("T3_COUNT_ONCE", "error", "s3")
    assert finding.message == "有申请被计入多个办理结果（申请记录 1, 3）"


# -- the narrative ----------------------------------------------------------------------------


def test_numbering_runs_past_ten():
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    s1 = "\n".join(f"（{n}）第{n}部分" for n in numerals)
    assert check_numbering(GB2021, {"s1": s1}) == []
    skipped = s1.replace("（十）第十部分\n", "")
    [finding] = check_numbering(GB2021, {"s1": skipped})
    assert finding.message == "“一、总体情况”编号有误：缺少（十）（“（十一）第十一部分”）"


def test_item_numbers_restart_under_each_subheading():
    s1 = "（一）主动公开\n1.目录\n2.指南\n（二）依申请公开\n1.受理\n3.答复"
    [finding] = check_numbering(GB2021, {"s1": s1})
    assert (finding.rule, finding.section) == ("AR_NUMBERING", "s1")
    assert finding.message == "“一、总体情况”编号有误：缺少2.（“3.答复”）"


def test_numbers_in_the_text_are_compared_with_the_tables():
    cells = table()
    agreeing = (
        "新收政府信息公开申请13件，上年结转2件，办结14件，结转下年度继续办理1件。"
        "被申请行政复议4件，被提起行政诉讼3件。"  # 行政诉讼 = 2 direct + 1 after review
    )
    assert check_stated_numbers(GB2021, {"s1": agreeing}, cells) == []
    wrong = agreeing.replace("办结14件", "办结13件").replace("行政诉讼3件", "行政诉讼2件")
    findings = check_stated_numbers(GB2021, {"s1": wrong}, cells)
    assert [(f.rule, f.severity) for f in findings] == [("X_TEXT_MATCHES_TABLES", "warning")] * 2
    assert findings[0].message.startswith("正文“办结13件”与表格数字 14 不一致")
    assert findings[1].message.startswith("正文“行政诉讼2件”与表格数字 3 不一致")
    assert findings[1].cells == ("t4.count.direct_total", "t4.count.after_review_total")


def test_figures_not_entered_and_catalog_problems_are_warnings():
    validation = validate_parts(
        "gb2021",
        2021,
        table(),
        NARRATIVE,
        previous=last_year(),
        previous_format="gb2021",
        not_entered=["t2_art20_6.admin_coercion.decisions"],
        data_problems=["《某文件》标注为“已废止”但未填写日期"],
    )
    assert [(f.rule, f.severity, f.message) for f in validation.findings] == [
        (
            "AR_FIGURE_NOT_ENTERED",
            "warning",
            "以下业务系统数据未录入，按 0 填写：第二十条第（六）项 行政强制 / 本年处理决定数量",
        ),
        ("AR_CATALOG_DATA", "warning", "《某文件》标注为“已废止”但未填写日期"),
    ]
    assert validation.errors == [] and len(validation.unacknowledged([])) == 2
