"""The official-document DOCX toolkit, read back with python-docx."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.documents.docx import OfficialDocument


def reopen(document: OfficialDocument):
    return docx.Document(io.BytesIO(document.to_bytes()))


def east_asian_font(run) -> str | None:
    fonts = run._element.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def sample():
    doc = OfficialDocument(title="测试文件", author="甲市交通运输局")
    doc.title("甲市交通运输局2026年政府信息公开工作年度报告")
    doc.heading("一、总体情况")
    doc.heading("（一）主动公开", level=2)
    doc.paragraph("2026年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。")
    doc.paragraph(
        "2026年10月9日", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4
    )
    # The annual report's table 三 in miniature: a two-row header with merged cells.
    doc.table(
        [
            ["（本列数据的勾稽关系为：第一项加第二项之和）", "申请人情况", None, None],
            [None, "自然人", "法人或其他组织", "总计"],
            ["一、本年新收政府信息公开申请数量", "12", "3", "15"],
            ["二、上年结转政府信息公开申请数量", "1", "0", "1"],
        ],
        header_rows=2,
        merges=[((0, 0), (1, 0)), ((0, 1), (0, 3))],
        widths=[Mm(72), Mm(28), Mm(28), Mm(28)],
    )
    return reopen(doc)


def test_page_is_a4_with_gbt_9704_margins(sample):
    section = sample.sections[0]
    # Word stores twentieths of a point, so millimetres come back within a hundredth.
    measured = [
        section.page_width.mm,
        section.page_height.mm,
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    ]
    assert measured == pytest.approx([210, 297, 37, 35, 28, 26], abs=0.05)


def test_every_chinese_run_names_its_east_asian_font(sample):
    paragraphs = list(sample.paragraphs)
    for table in sample.tables:
        paragraphs += [p for cell in table._cells for p in cell.paragraphs]
    chinese_runs = [run for p in paragraphs for run in p.runs if has_chinese(run.text)]
    assert len(chinese_runs) >= 12
    for run in chinese_runs:
        assert east_asian_font(run) in {"仿宋", "黑体", "楷体"}, run.text
        assert run.font.name == east_asian_font(run)  # digits and Latin letters alike


def test_title_is_centred_heiti_erhao(sample):
    title = sample.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "黑体"
    assert title.runs[0].font.size.pt == 22


def test_headings_are_heiti_then_kaiti(sample):
    first, second = sample.paragraphs[1], sample.paragraphs[2]
    assert east_asian_font(first.runs[0]) == "黑体"
    assert east_asian_font(second.runs[0]) == "楷体"
    assert first.runs[0].font.size.pt == second.runs[0].font.size.pt == 16


def test_body_is_fangsong_sanhao_indented_two_characters(sample):
    body = sample.paragraphs[3]
    run = body.runs[0]
    assert east_asian_font(run) == "仿宋"
    assert run.font.size.pt == 16
    layout = body.paragraph_format
    assert layout.first_line_indent.pt == 32  # two 16 pt characters
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    # 22 lines to the 225 mm type area: 225 / 22 mm ≈ 28.99 pt, exactly.
    assert layout.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert layout.line_spacing.pt == pytest.approx(28.99, abs=0.05)


def test_right_aligned_paragraph_keeps_its_right_indent(sample):
    date = sample.paragraphs[4]
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.first_line_indent is None
    assert date.paragraph_format.right_indent.pt == 64  # four characters


def test_defaults_are_fangsong_for_anything_without_its_own_font(sample):
    defaults = sample.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it


def test_font_table_gives_english_names_for_substitution(sample):
    table = sample.part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert '<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/>' in table
    assert '<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/>' in table


def test_table_header_rows_merge_and_repeat(sample):
    table = sample.tables[0]
    top, second = table.rows[0].cells, table.rows[1].cells
    # Vertical merge: the first column's header spans both header rows.
    assert [tc.vMerge for tc in (top[0]._tc, table.rows[1]._tr.tc_lst[0])] == [
        "restart",
        "continue",
    ]
    assert top[0].text == "（本列数据的勾稽关系为：第一项加第二项之和）"
    # Horizontal merge: 申请人情况 spans the three applicant columns.
    assert top[1]._tc is top[2]._tc is top[3]._tc
    assert top[1].text == "申请人情况"
    assert [c.text for c in second[1:]] == ["自然人", "法人或其他组织", "总计"]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[2]._tr.trPr is None or table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    header_run = top[1].paragraphs[0].runs[0]
    body_run = table.rows[2].cells[1].paragraphs[0].runs[0]
    assert east_asian_font(header_run) == "黑体"
    assert east_asian_font(body_run) == "仿宋"
    assert table.rows[2].cells[0].paragraphs[0].alignment is None  # labels left
    assert table.rows[2].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_table_has_single_borders_on_every_side(sample):
    borders = sample.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    sides = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert sides == dict.fromkeys(
        ["top", "left", "bottom", "right", "insideH", "insideV"], "single"
    )


def test_column_widths_fill_the_156_mm_type_area(sample):
    table = sample.tables[0]
    assert [column.width.mm for column in table.columns] == pytest.approx(
        [72, 28, 28, 28], abs=0.05
    )
    # The merged 申请人情况 cell is as wide as the three columns it spans.
    assert table.rows[0].cells[1].width.mm == pytest.approx(84, abs=0.05)


def test_text_in_a_merged_away_cell_is_refused_before_anything_is_added():
    doc = OfficialDocument()
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        doc.table([["申请人情况", "自然人"]], merges=[((0, 0), (0, 1))])
    assert reopen(doc).tables == []


def test_footer_numbers_pages(sample):
    footer = sample.sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    field = footer._p.find(qn("w:fldSimple"))
    assert field.get(qn("w:instr")) == "PAGE"
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_properties_name_the_author_not_the_library(sample):
    assert sample.core_properties.author == "甲市交通运输局"
    assert sample.core_properties.title == "测试文件"
    assert "python-docx" not in sample.core_properties.comments
    assert "python-docx" not in sample.core_properties.last_modified_by
