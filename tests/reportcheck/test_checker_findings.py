"""What the checker says about small reports written out here, and in what order.

``report()`` writes a complete 2023 report in "a | b | c |" rows with small numbers chosen
by hand so that every cross-check holds; each test changes one thing and states, worked out
from the numbers, exactly which findings must follow and how they read.
"""

from gongkai.reportcheck import check_bytes, check_document, check_file
from gongkai.reportcheck.checker import _clip
from gongkai.reportcheck.document_checks import _cn, _sequence_problem
from gongkai.reportcheck.readers import read_text
from gongkai.rules.formats import load_format

GB2019 = load_format("gb2019")
GB2021 = load_format("gb2021")

# Table 三, columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计; rows not
# listed are all 0. Balance per column: 自然人 4 + 1 = 4 + 1, 商业企业 1 + 0 = 1 + 0,
# 总计 5 + 1 = 5 + 1; (七)总计 = 予以公开 + 不掌握: 4 = 3 + 1, 1 = 1 + 0, 5 = 4 + 1.
T3_VALUES = {
    "new_received": [4, 1, 0, 0, 0, 0, 5],
    "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 1, 0, 0, 0, 0, 4],
    "unable_not_held": [1, 0, 0, 0, 0, 0, 1],
    "results_total": [4, 1, 0, 0, 0, 0, 5],
    "carried_out": [1, 0, 0, 0, 0, 0, 1],
}
GROUP_BEFORE = {
    "denied_state_secret": "（三）不予公开",
    "unable_not_held": "（四）无法提供",
    "np_petition": "（五）不予处理",
    "other_no_correction": "（六）其他处理",  # gb2021 only: a group of three rows
}
HEADINGS = {
    "s1": "一、总体情况",
    "s2": "二、主动公开政府信息情况",
    "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况",
    "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项",
}


def row(*cells) -> str:
    return " | ".join(str(c) for c in cells) + " |"


T2_2021 = [
    row("第二十条第（一）项", ""),
    row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
    row("规章", 0, 0, 0),
    row("行政规范性文件", 2, 1, 9),
    row("第二十条第（五）项", ""),
    row("信息内容", "本年处理决定数量"),
    row("行政许可", 12),
    row("第二十条第（六）项", ""),
    row("信息内容", "本年处理决定数量"),
    row("行政处罚", 3),
    row("行政强制", 0),
    row("第二十条第（八）项", ""),
    row("信息内容", "本年收费金额（单位：万元）"),
    row("行政事业性收费", 1.5),
]
T2_2019 = [
    row("第二十条第（一）项", ""),
    row("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
    row("规章", 0, 0, 0),
    row("规范性文件", 2, 2, 3),
    row("第二十条第（五）项", ""),
    row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
    # 本年增/减 may be negative. Decisions are not items: rows where last year's items plus
    # the change equal the decisions are the seed's F11 defect (RC_ITEMS_AS_DECISIONS).
    row("行政许可", 10, -2, 30),
    row("其他对外管理服务事项", 0, 0, 0),
    row("第二十条第（六）项", ""),
    row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
    row("行政处罚", 4, 1, 17),
    row("行政强制", 0, 0, 0),
    row("第二十条第（八）项", ""),
    row("信息内容", "上一年项目数量", "本年增/减"),
    row("行政事业性收费", 1, 0),
    row("第二十条第（九）项", ""),
    row("信息内容", "采购项目数量", "采购总金额"),
    row("政府集中采购", 2, 35.6),
]
T4_HEADER = [
    row("行政复议", "行政诉讼"),
    row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"),
    row(*(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)),
]


def t3_lines(fmt=GB2021, values=None, labels=None) -> list[str]:
    values = {**T3_VALUES, **(values or {})}
    labels = labels or {}
    out = [
        row("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
        row("自然人", "法人或其他组织", "总计"),
        row("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
    ]
    for r in fmt.table("t3").rows:
        if r.id in GROUP_BEFORE:
            out.append(GROUP_BEFORE[r.id] + " |")
        out.append(row(labels.get(r.id, r.label), *values.get(r.id, [0] * 7)))
    return out


def report(
    year=2023,
    fmt=GB2021,
    title=None,
    period=None,
    s1=None,
    t2=None,
    t3=None,
    t4=None,
    s4=None,
    s5=None,
    s6=None,
    headings=None,
) -> str:
    heads = {**HEADINGS, **(headings or {})}
    body = {
        "s1": s1
        if s1 is not None
        else [
            "（一）主动公开。全年公开信息12条，其中1.5%为图解。",
            "1.政策文件：公开文件及解读。",
            "2.工作动态：发布工作信息。",
            "（二）依申请公开。依法答复申请。",
            "1.按时答复。",
        ],
        "s2": t2 if t2 is not None else (T2_2021 if fmt is GB2021 else T2_2019),
        "s3": t3 if t3 is not None else t3_lines(fmt),
        "s4": s4
        if s4 is not None
        else [*T4_HEADER, row(*(t4 if t4 is not None else [1, 0, 0, 0, 1] + [0] * 10))],
        "s5": s5 if s5 is not None else ["主要问题是解读形式单一。下一步将丰富解读形式。"],
        "s6": s6 if s6 is not None else ["本年度未收取信息处理费。"],
    }
    lines = [
        title if title is not None else f"示例县审计局{year}年政府信息公开工作年度报告",
        period if period is not None else f"本报告统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]
    for section in ("s1", "s2", "s3", "s4", "s5", "s6"):
        if heads[section] is not None:
            lines.append(heads[section])
        lines += body[section]
    return "\n".join(lines) + "\n"


def check(text: str):
    return check_bytes("r.txt", text.encode("utf-8"))


def brief(result) -> list[tuple]:
    return [(f.rule, f.severity, f.location) for f in result.findings]


def only(result, rule):
    (finding,) = [f for f in result.findings if f.rule == rule]
    return finding


# -- clean reports -------------------------------------------------------------------------


def test_the_clean_2021_format_report_has_no_findings_and_every_value_as_written():
    result = check(report())
    assert (result.format, result.year, result.agency) == ("gb2021", 2023, "示例县审计局")
    assert not result.truncated and result.findings == []
    assert len(result.cells) == 200
    assert result.cells["t2_art20_1.admin_normative_docs.in_force"] == 9
    assert result.cells["t2_art20_8.admin_fees.fee_amount"] == 1.5
    assert result.cells["t3.granted.commercial"] == 1
    assert result.cells["t3.other_other.total"] == 0
    assert result.cells["t4.count.review_total"] == 1


def test_the_clean_2019_format_report_allows_a_negative_change_and_money_decimals():
    result = check(report(year=2020, fmt=GB2019))
    assert (result.format, result.year) == ("gb2019", 2020)
    assert result.findings == []  # gb2019 has no fee-reporting rule for section 六 either
    assert result.cells["t2_art20_5.admin_license.change"] == -2
    assert result.cells["t2_art20_9.central_procurement.procurement_amount"] == 35.6


# -- cross-check wording -------------------------------------------------------------------


def test_a_broken_balance_names_each_failing_column_with_both_sides():
    # 结转下年度 自然人 1 → 2 and 总计 1 → 2 (the row total still holds):
    # 自然人 4 + 1 = 5 against 4 + 2 = 6; 总计 5 + 1 = 6 against 5 + 2 = 7.
    result = check(report(t3=t3_lines(values={"carried_out": [2, 0, 0, 0, 0, 0, 2]})))
    assert brief(result) == [("T3_BALANCE", "error", "t3")]
    finding = result.findings[0]
    assert finding.message == (GB2021.rule("T3_BALANCE").zh + " 不成立——自然人：5 ≠ 6；总计：6 ≠ 7")
    assert finding.evidence == "自然人：5 ≠ 6；总计：6 ≠ 7"
    assert finding.cells == sorted(
        f"t3.{r}.{c}"
        for r in ("new_received", "carried_in", "results_total", "carried_out")
        for c in ("natural_person", "total")
    )


def test_a_row_total_failure_names_the_row_and_the_results_total_names_the_column():
    # 予以公开 总计 4 → 5: the row says 5 but 3 + 1 = 4, and (七)总计 5 ≠ 5 + 1 = 6.
    result = check(report(t3=t3_lines(values={"granted": [3, 1, 0, 0, 0, 0, 5]})))
    assert brief(result) == [("T3_ROW_TOTAL", "error", "t3"), ("T3_RESULTS_TOTAL", "error", "t3")]
    assert only(result, "T3_ROW_TOTAL").evidence == "（一）予以公开：5 ≠ 4"
    assert only(result, "T3_RESULTS_TOTAL").evidence == "总计：5 ≠ 6"
    assert "t3.granted.total" in only(result, "T3_ROW_TOTAL").cells


def test_a_table_four_total_has_no_column_to_name_so_it_is_called_heji():
    # 行政复议: 1 + 1 + 0 + 0 = 2, printed total 1.
    result = check(report(t4=[1, 1, 0, 0, 1] + [0] * 10))
    assert brief(result) == [("T4_REVIEW_TOTAL", "error", "t4")]
    finding = result.findings[0]
    assert finding.message.endswith("不成立——合计：1 ≠ 2")
    assert finding.cells == [
        "t4.count.review_corrected",
        "t4.count.review_other",
        "t4.count.review_pending",
        "t4.count.review_total",
        "t4.count.review_upheld",
    ]


def test_published_above_total_is_an_info_finding_written_with_a_greater_than_sign():
    t2 = [line.replace("规范性文件 | 2 | 2 | 3", "规范性文件 | 2 | 5 | 3") for line in T2_2019]
    result = check(report(year=2020, fmt=GB2019, t2=t2))
    assert brief(result) == [("T2_2019_PUBLISHED_LE_TOTAL", "info", "t2_art20_1")]
    assert result.findings[0].evidence == "规范性文件：5 > 3"
    assert not result.has_errors


def test_last_years_carried_out_is_compared_only_for_the_columns_it_has():
    previous = {"t3.carried_out.natural_person": 2, "t3.carried_out.total": 2}
    result = check_document(read_text(report()), "r.txt", previous, "gb2021")
    assert brief(result) == [("X_CARRY_OVER", "warning", "t3")]
    finding = result.findings[0]
    assert finding.evidence == "自然人：1 ≠ 2；总计：1 ≠ 2"  # this year's 上年结转 is 1
    assert "t3.carried_out.total@Y-1" in finding.cells


# -- cell checks ---------------------------------------------------------------------------


def test_negative_and_fractional_counts_are_listed_per_table_with_their_cell_names():
    t2 = [*T2_2021[:9], row("行政处罚", -3), row("行政强制", 1.5), *T2_2021[11:13]]
    t2.append(row("行政事业性收费", "-0.5"))
    result = check(report(t2=t2))
    assert brief(result) == [
        ("X_NONNEGATIVE", "error", "t2_art20_6"),
        ("X_NONNEGATIVE", "error", "t2_art20_8"),
    ]
    counts, money = result.findings
    assert counts.message == (
        "计数应为非负整数（“本年增/减”可为负）："
        "行政处罚 / 本年处理决定数量 = -3、行政强制 / 本年处理决定数量 = 1.5"
    )
    assert counts.evidence == "-3、1.5"
    assert money.cells == ["t2_art20_8.admin_fees.fee_amount"]


def test_a_slash_in_table_four_is_a_blank_and_makes_its_total_unverifiable():
    result = check(report(t4=[1, 0, "/", 0, 1] + [0] * 10))
    assert result.cells["t4.count.review_other"] is None
    assert brief(result) == [("X_NO_BLANKS", "error", "t4"), ("T4_REVIEW_TOTAL", "warning", "t4")]
    blanks, unverifiable = result.findings
    assert blanks.message == "1/15 个数据单元格为空（无数据应填 0）：行政复议 / 其他结果"
    assert blanks.evidence == "行政复议 / 其他结果"
    assert blanks.cells == ["t4.count.review_other"]
    assert unverifiable.status == "unverifiable"
    assert unverifiable.message.startswith("无法核验（单元格为空，不能视为通过）：行政复议：总计")
    assert unverifiable.evidence == "行政复议 / 其他结果"


def test_more_than_six_blank_cells_are_named_up_to_six_and_then_counted():
    result = check(report(t3=t3_lines(values={"results_total": [""] * 7})))
    # The whole (七)总计 row is empty: 7 of 25 × 7 = 175 cells of table 三.
    assert brief(result) == [
        ("X_NO_BLANKS", "error", "t3"),
        ("T3_BALANCE", "warning", "t3"),
        ("T3_ROW_TOTAL", "warning", "t3"),
        ("T3_RESULTS_TOTAL", "warning", "t3"),
    ]
    blanks = only(result, "X_NO_BLANKS")
    assert blanks.message == "7/175 个数据单元格为空（无数据应填 0）：（七）总计"
    assert blanks.evidence == "（七）总计"
    balance = only(result, "T3_BALANCE")
    assert balance.evidence.startswith(
        "（七）总计 / 自然人、（七）总计 / 法人或其他组织 / 商业企业、"
    )
    assert balance.evidence.endswith(" 等 7 个单元格")
    assert balance.evidence.count("、") == 5  # six names


def test_a_missing_row_is_reported_and_also_counted_as_blank():
    t2 = [line for line in T2_2021 if not line.startswith("行政强制")]
    result = check(report(t2=t2))
    assert brief(result) == [
        ("RC_ROW_MISSING", "error", "t2_art20_6"),
        ("X_NO_BLANKS", "error", "t2_art20_6"),
    ]
    missing, blank = result.findings
    assert missing.message == "表格缺少行：行政强制"
    assert missing.cells == ["t2_art20_6.admin_coercion.decisions"]
    assert blank.message == "1/2 个数据单元格为空（无数据应填 0）：行政强制"


def test_a_row_the_format_lacks_is_reported_and_kept_out_of_the_cells():
    t2 = [*T2_2021[:3], row("地方性法规", 7, 7, 7), *T2_2021[3:]]
    result = check(report(t2=t2))
    assert brief(result) == [("RC_EXTRA_ROW", "warning", "t2_art20_1")]
    assert result.findings[0].message == "表格中有格式之外的行：地方性法规"
    assert result.cells["t2_art20_1.admin_normative_docs.made"] == 2
    assert 7 not in [v for k, v in result.cells.items() if k.startswith("t2_art20_1.")]


def test_template_label_slips_are_warnings_in_the_order_they_appear():
    labels = {"np_petition": "1.信访投诉举报类申请", "results_total": "（七）合计"}
    result = check(report(t3=t3_lines(labels=labels)))
    assert brief(result) == [("X_LABELS_EXACT", "warning", "t3")]
    finding = result.findings[0]
    assert (
        finding.message
        == "表头/行标题与模板不一致：“信访投诉举报”应为“信访举报投诉”；“合计”应为“总计”"
    )
    assert finding.evidence == "1.信访投诉举报类申请 / （七）合计"
    assert result.cells["t3.results_total.total"] == 5  # the row is still read


# -- outline -------------------------------------------------------------------------------


def test_sections_five_and_six_swapped_give_one_finding_listing_every_problem():
    text = report(headings={"s5": None, "s6": None}, s5=[], s6=[])
    text += "五、其他需要报告的事项\n本年度未收取信息处理费。\n六、存在的主要问题及改进情况\n无。\n"
    result = check(text)
    assert brief(result) == [("X_SECTIONS_ORDER", "error", "document")]
    finding = result.findings[0]
    assert finding.message == (
        "一级标题应为 一～六 各一次、按顺序："
        "“其他需要报告的事项”应编号为“六”，实为“五”；"
        "“存在的主要问题及改进情况”顺序错误；"
        "“存在的主要问题及改进情况”应编号为“五”，实为“六”"
    )
    assert finding.evidence == (
        "五、其他需要报告的事项 / 六、存在的主要问题及改进情况 / 六、存在的主要问题及改进情况"
    )


def test_a_repeated_heading_and_a_lost_numeral_are_each_named():
    text = report(
        headings={"s2": "、主动公开政府信息情况"},
        s6=["本年度未收取信息处理费。", "六、其他需要报告的事项"],
    )
    finding = only(check(text), "X_SECTIONS_ORDER")
    assert finding.message == (
        "一级标题应为 一～六 各一次、按顺序："
        "“主动公开政府信息情况”应编号为“二”，实为“（无编号）”；"
        "“其他需要报告的事项”重复出现"
    )


def test_sub_heading_and_item_numbering_faults_are_two_findings_of_the_section():
    s1 = [
        "（一）主动公开。",
        "（二）依申请公开。",
        "（二）政府信息管理。",  # repeated
        "（四）平台建设。",  # (三) skipped
        "1.第一项。",
        "3.第三项。",  # 2. skipped
        "2.第二项。",  # after 3.
        "10.5%的文件已解读。",  # a percentage, not item 10
    ]
    result = check(report(s1=s1))
    assert brief(result) == [
        ("RC_SUBHEADING_NUMBERING", "error", "s1"),
        ("RC_LIST_NUMBERING", "error", "s1"),
    ]
    sub, items = result.findings
    assert sub.message == "“总体情况”下的小标题编号不连续：（二）重复；缺少（三）"
    assert sub.evidence == "（二）政府信息管理。 / （四）平台建设。"
    assert items.message == "“总体情况”下的条目编号不连续：缺少2.；2.出现在3.之后"
    assert items.evidence == "3.第三项。 / 2.第二项。"


def test_earlier_years_told_as_the_current_one_are_found_per_section():
    s1 = [
        "2021年,我局公开信息5条。",
        "2022年截至目前共办理申请3件。",
        "2024年,我局将继续推进。",  # a later year is a plan, not a claim
        "2022年底完成系统改造。",  # not told as the current year
    ]
    result = check(report(s1=s1, s5=["2020年全年共收到申请2件。"]))
    assert brief(result) == [
        ("RC_YEAR_IN_TEXT", "warning", "s1"),
        ("RC_YEAR_IN_TEXT", "warning", "s5"),
    ]
    in_s1, in_s5 = result.findings
    assert in_s1.message == "2023 年度报告的正文把 2021、2022 年的情况当作本年度叙述"
    assert in_s1.evidence == "2021年,我局公开信息5条。 / 2022年截至目前共办理申请3件。"
    assert in_s5.message == "2023 年度报告的正文把 2020 年的情况当作本年度叙述"


def test_title_and_period_years_that_disagree_are_an_error_quoting_both_lines():
    period = "本报告统计期限自2022年1月1日起至2022年12月31日止。"
    result = check(report(period=period))
    assert brief(result) == [("RC_YEAR_MISMATCH", "error", None)]
    assert result.findings[0].message == "标题年度 2023 与统计期限年度 2022 不一致"
    assert result.findings[0].evidence == "示例县审计局2023年政府信息公开工作年度报告 / " + period
    assert result.year == 2023  # the title wins


def test_no_year_anywhere_is_a_warning_and_the_tables_still_decide_the_version():
    result = check(report(title="示例县审计局政府信息公开工作年度报告", period="依条例编制。"))
    assert (result.format, result.year) == ("gb2021", None)
    assert brief(result) == [("RC_YEAR_UNKNOWN", "warning", None)]


def test_section_six_silent_on_fees_is_a_warning_only_under_the_2021_format():
    result = check(report(s6=["无其他需要报告的事项。"]))
    assert brief(result) == [("S6_FEE_REPORTING", "warning", "s6")]
    assert result.findings[0].message == "“六、其他需要报告的事项”未报告信息处理费收取情况"
    assert result.findings[0].evidence == "无其他需要报告的事项。"
    assert check(report(year=2020, fmt=GB2019, s6=["无其他需要报告的事项。"])).findings == []


# -- version and kind of document ----------------------------------------------------------


def test_the_2019_tables_in_a_2021_report_are_a_warning_and_in_2022_an_error():
    markers = "本年新制作数量、本年新公开数量、对外公开总数量、上一年项目数量、第二十条第(九)项、政府集中采购、采购项目数量、采购总金额"
    for year, severity in ((2021, "warning"), (2022, "error")):
        result = check(report(year=year, fmt=GB2019))
        assert result.format == "gb2019"
        finding = only(result, "RC_FORMAT_MISMATCH")
        assert (finding.severity, finding.location) == (severity, "s2")
        assert finding.message == (
            f"{year} 年度报告应使用 gb2021（国办公开办函〔2021〕30号），"
            f"但出现了其他版本格式的行/列：{markers}"
        )


def test_one_row_name_of_the_other_version_is_enough_for_a_mismatch():
    s1 = ["（一）主动公开。全年完成政府集中采购信息公开。"]
    result = check(report(s1=s1))
    assert result.format == "gb2021"
    assert brief(result) == [("RC_FORMAT_MISMATCH", "error", "s2")]
    assert result.findings[0].evidence == "政府集中采购"


def test_a_report_before_2019_gets_only_a_notice():
    text = "示例县审计局2018年政府信息公开工作年度报告\n一、概述\n全年公开信息。\n二、主动公开政府信息情况\n"
    result = check(text)
    assert (result.format, result.year, result.cells) == ("pre2019", 2018, {})
    assert brief(result) == [("RC_PRE2019", "info", None)]
    assert result.findings[0].status == "notice" and not result.has_errors


def test_a_2020_report_in_the_old_structure_is_an_error_naming_the_required_format():
    text = "\n".join(
        [
            "示例县审计局2020年政府信息公开工作年度报告",
            "一、概述",
            "全年公开信息。",
            "二、主动公开政府信息情况",
            "三、依申请公开政府信息办理情况",
            "四、收费及减免情况",
            "五、复议、诉讼和申诉情况",
        ]
    )
    result = check(text)
    assert result.format == "pre2019"
    assert brief(result) == [("RC_FORMAT_MISMATCH", "error", None)]
    assert result.findings[0].message == (
        "2020 年度报告仍使用 2019 年以前的旧结构，应使用统一格式（国办公开办函〔2019〕60号）"
    )
    assert (
        result.findings[0].evidence
        == "概述；主动公开政府信息情况；依申请公开政府信息办理情况；收费及减免情况"
    )


def test_a_report_without_year_or_tables_stops_after_saying_so():
    # All six headings, no year and no table: nothing tells which version applies, so the
    # outline is not judged (the headings here are even in the wrong order).
    text = "政府信息公开工作年度报告\n" + "\n".join(reversed(HEADINGS.values())) + "\n无。\n"
    result = check(text)
    assert (result.format, result.cells, result.truncated) == ("unknown", {}, False)
    assert brief(result) == [("RC_YEAR_UNKNOWN", "warning", None)]


def test_tables_published_as_images_are_each_missing_under_the_years_format():
    image = ["（表格以图片形式发布）"]
    result = check(report(t2=image, t3=image, s4=image))
    # No table names its version, so the year's version (gb2021) is applied to the outline
    # and no cells are returned.
    assert (result.format, result.year, result.cells) == ("unknown", 2023, {})
    assert brief(result) == [
        ("RC_TABLE_MISSING", "error", table)
        for table in ("t2_art20_1", "t2_art20_5", "t2_art20_6", "t2_art20_8", "t3", "t4")
    ]
    assert result.findings[0].message == "未找到表格“第二十条第（一）项”（可能以图片发布或被删去）"
    assert result.findings[-1].message == (
        "未找到表格“四、政府信息公开行政复议、行政诉讼情况”（可能以图片发布或被删去）"
    )
    assert len(result.findings[4].cells) == 175


def test_text_that_is_not_a_report_is_one_error_quoting_its_first_lines():
    result = check("今日天气晴\n气温二十度\n适宜出行\n第四行\n")
    assert (result.format, result.year, result.cells) == ("unknown", None, {})
    assert brief(result) == [("RC_NOT_A_REPORT", "error", None)]
    assert result.findings[0].evidence == "今日天气晴 气温二十度 适宜出行"


def test_a_report_cut_inside_table_four_is_incomplete_and_nothing_after_the_cut_fails():
    full = report()
    cut = full.index(HEADINGS["s4"]) + len(HEADINGS["s4"]) + 1 + len("行政复议 |")
    result = check(full[:cut])
    assert result.truncated
    assert brief(result) == [("RC_INCOMPLETE", "warning", None)]
    assert result.findings[0].status == "unverifiable"
    assert result.findings[0].evidence == "行政复议 |"
    assert result.cells["t3.results_total.total"] == 5
    assert result.cells["t4.count.review_total"] is None


# -- order, shape and failures to read -----------------------------------------------------


def test_findings_are_ordered_errors_then_warnings_then_info_keeping_check_order():
    t2 = [line.replace("规范性文件 | 2 | 2 | 3", "规范性文件 | 2 | 5 | 3") for line in T2_2019]
    t2.insert(3, row("地方性法规", 1, 1, 1))
    # Checked in this order: extra row (warning), 表四 total (error), published (info).
    result = check(report(year=2020, fmt=GB2019, t2=t2, t4=[1, 1, 0, 0, 1] + [0] * 10))
    assert brief(result) == [
        ("T4_REVIEW_TOTAL", "error", "t4"),
        ("RC_EXTRA_ROW", "warning", "t2_art20_1"),
        ("T2_2019_PUBLISHED_LE_TOTAL", "info", "t2_art20_1"),
    ]
    assert result.has_errors
    assert result.rules() == {"T4_REVIEW_TOTAL", "RC_EXTRA_ROW", "T2_2019_PUBLISHED_LE_TOTAL"}


def test_report_and_finding_dicts_are_plain_copies():
    result = check(report(t4=[1, 1, 0, 0, 1] + [0] * 10))
    data = result.to_dict()
    assert set(data) == {
        "path",
        "format",
        "year",
        "agency",
        "truncated",
        "cells",
        "unlocated",
        "findings",
    }
    assert (data["path"], data["format"], data["year"]) == ("r.txt", "gb2021", 2023)
    (finding,) = data["findings"]
    assert set(finding) == {
        "rule",
        "severity",
        "message",
        "evidence",
        "status",
        "location",
        "cells",
    }
    finding["cells"].clear()
    data["cells"].clear()
    assert result.findings[0].cells and result.cells  # the report itself is untouched


def test_a_missing_file_is_an_unreadable_finding_with_its_path():
    result = check_file("/nonexistent/folder/r.pdf")
    assert result.path == "/nonexistent/folder/r.pdf"
    assert (result.format, result.cells) == ("unknown", {})
    assert brief(result) == [("RC_UNREADABLE", "error", None)]
    # Said once, with the operating system's reason (not "文件无法读取：无法读取文件：…").
    assert result.findings[0].message == "文件无法读取：No such file or directory"


def test_bytes_are_reported_under_the_display_path_when_one_is_given():
    result = check_bytes("r.pdf", b"not a pdf", display_path="uploads/7/r.pdf")
    assert result.path == "uploads/7/r.pdf"
    assert result.findings[0].message == "文件无法读取：文件扩展名为 .pdf，但内容不是 PDF"


# -- wording helpers -----------------------------------------------------------------------


def test_sequence_problems_read_as_repeat_order_or_gap():
    assert _sequence_problem("（", "）", 2, 2, cn=True) == "（二）重复"
    assert _sequence_problem("（", "）", 4, 3, cn=True) == "（三）出现在（四）之后"
    assert _sequence_problem("（", "）", 1, 4, cn=True) == "缺少（二）、（三）"
    assert _sequence_problem("", ".", 9, 12) == "缺少10.、11."
    assert _sequence_problem("", ".", 1, None) == "无法识别的编号"


def test_chinese_numerals_for_sub_headings_up_to_ninety_nine():
    expected = {1: "一", 9: "九", 10: "十", 11: "十一", 19: "十九", 20: "二十", 21: "二十一"}
    expected[99] = "九十九"
    assert {n: _cn(n) for n in expected} == expected


def test_evidence_is_trimmed_and_clipped_to_three_hundred_characters():
    assert _clip("  短  ") == "短"
    long = "字" * 301
    assert _clip(long) == "字" * 299 + "…" and len(_clip(long)) == 300
    assert _clip("字" * 300) == "字" * 300
