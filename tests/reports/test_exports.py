"""What the renderers get: the report's data, its blocks in reading order, merged headers."""

import pytest

from gongkai.reports.exports import blocks, report_data
from gongkai.reports.labels import HeaderCell, cell_labels, header_rows
from gongkai.rules.formats import load_format


def test_header_rows_merge_like_the_printed_form():
    t3 = load_format("gb2021").table("t3")
    assert header_rows(t3) == [
        [HeaderCell("申请人情况", 7, 1)],
        [HeaderCell("自然人", 1, 2), HeaderCell("法人或其他组织", 5, 1), HeaderCell("总计", 1, 2)],
        [
            HeaderCell(label)
            for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
    ]
    t4 = header_rows(load_format("gb2019").table("t4"))
    assert t4[0] == [HeaderCell("行政复议", 5, 1), HeaderCell("行政诉讼", 10, 1)]
    assert t4[1][4:] == [
        HeaderCell("总计", 1, 2),
        HeaderCell("未经复议直接起诉", 5, 1),
        HeaderCell("复议后起诉", 5, 1),
    ]
    assert len(t4[2]) == 10
    for table in load_format("gb2021").tables:
        rows = header_rows(table)
        leaves = [c for i, row in enumerate(rows) for c in row if i + c.rowspan == len(rows)]
        assert sorted(c.label for c in leaves) == sorted(c.label for c in table.columns)


def test_cell_labels_name_table_row_and_column():
    fmt = load_format("gb2019")
    assert cell_labels(fmt, "t2_art20_9.central_procurement.procurement_amount") == (
        "第二十条第（九）项",
        "政府集中采购",
        "采购总金额（单位：万元）",  # the template prints no unit; the report must
    )
    assert cell_labels(fmt, "t3.other.total")[1] == "三、本年度办理结果 / （六）其他处理"


@pytest.mark.django_db
def test_blocks_follow_the_sections_of_the_years_format(agency_a):
    data = report_data(agency_a, 2021)
    assert data.report is None and data.generated is not None  # no report yet: a fresh draft
    layout = blocks(data)
    assert (
        layout[0].kind == "title"
        and layout[0].text == "甲市交通运输局2021年政府信息公开工作年度报告"
    )
    headings = [b.text for b in layout if b.kind == "heading"]
    assert headings == [s.heading for s in data.format.sections]
    tables = [b.table.id for b in layout if b.kind == "table"]
    assert tables == ["t2_art20_1", "t2_art20_5", "t2_art20_6", "t2_art20_8", "t3", "t4"]
    assert [b.text for b in layout if b.kind == "table"][:2] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
    ]
    assert "（一）主动公开" in [b.text for b in layout if b.kind == "subheading"]
    first = layout.index(next(b for b in layout if b.kind == "heading"))
    assert layout[first + 1].kind == "paragraph"
