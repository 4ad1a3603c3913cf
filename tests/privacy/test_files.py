"""Every file kind, with personal data where leaks really hide: hidden sheets, rows and
columns, cells outside the used range, comments, headers, tracked deletions."""

from pathlib import Path

import pytest

from gongkai import extract
from gongkai.privacy import (
    Confidence,
    Kind,
    UnreadableFileError,
    UnsupportedFileTypeError,
    scan_file,
)

from .builders import HTML, ID, build_docx, build_docx_with_text_box, build_pdf, build_xlsx

HUAIAN_PDF = Path("/work/shared/data/reports-dev/huaian-2024.pdf")


def located(findings):
    return {(f.location, f.kind, f.masked) for f in findings}


def test_text_file_in_utf8_reports_lines(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_text(f"公示名单\n\n张三 身份证号 {ID}\n手机 138 1234 5678\n", encoding="utf-8")
    assert located(scan_file(path)) == {
        ("line 3", Kind.ID_CARD, "1101**********002X"),
        ("line 4", Kind.MOBILE, "138****5678"),
    }


def test_text_file_in_gb18030_and_given_as_bytes():
    data = f"身份证号：{ID}".encode("gb18030")
    (finding,) = scan_file(data, "old.TXT")
    assert (finding.location, finding.kind) == ("line 1", Kind.ID_CARD)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_text_file_in_utf16_with_or_without_bom(tmp_path, encoding):
    # Excel's "Unicode text" writes UTF-16 with a BOM; some export tools leave it out.
    path = tmp_path / "导出.txt"
    path.write_bytes(f"公示名单\r\n张三\t{ID}\r\n".encode(encoding))
    assert located(scan_file(path)) == {("line 2", Kind.ID_CARD, "1101**********002X")}


def test_csv_is_read_as_text():
    data = f"姓名,身份证号\n张三,{ID}\n".encode()
    assert [f.location for f in scan_file(data, "list.csv")] == ["line 2"]


def test_binary_file_named_txt_is_unreadable():
    with pytest.raises(UnreadableFileError):
        scan_file(b"\x00\x01\x02\xff\xfe\x00", "blob.txt")


def test_docx_body_table_comment_header_footer_and_tracked_deletion():
    findings = scan_file(build_docx(), "公示.docx")
    assert located(findings) == {
        ("table 1 row 2 cell 2", Kind.ID_CARD, "1101**********002X"),
        ("table 1 row 3 cell 2", Kind.ID_CARD, "3604**********1236"),
        # The name column of a table that lists ID numbers.
        ("table 1 row 2 cell 1", Kind.NAME, "张*"),
        ("table 1 row 3 cell 1", Kind.NAME, "李*"),
        ("comment 1", Kind.MOBILE, "138****5678"),
        ("paragraph 3 (tracked changes)", Kind.MOBILE, "139****1234"),
        ("header", Kind.LANDLINE, "0792-***3456"),
        ("footer", Kind.EMAIL, "w***@qq.com"),
    }
    header = next(f for f in findings if f.location == "header")
    assert header.confidence is Confidence.MEDIUM  # labelled 家庭电话


def test_docx_text_box_is_read_once():
    findings = scan_file(build_docx_with_text_box("手机 13812345678"), "box.docx")
    assert located(findings) == {("paragraph 1", Kind.MOBILE, "138****5678")}
    assert len(findings) == 1


def test_docx_chunks_are_usable_as_search_text():
    chunks = extract.read_bytes(build_docx(), "公示.docx").blocks
    assert chunks[0].location == "paragraph 1"
    assert chunks[0].text == "关于2020年度道路运输补贴发放情况的公示"


def test_table_of_names_without_personal_columns_is_not_a_name_list():
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "姓名"
    table.rows[0].cells[1].text = "职务"
    table.rows[1].cells[0].text = "张三"
    table.rows[1].cells[1].text = "局长"
    stream = io.BytesIO()
    document.save(stream)
    assert scan_file(stream.getvalue(), "领导分工.docx") == []


def test_xlsx_reads_hidden_sheets_rows_columns_comments_and_cells_beyond_the_used_range():
    findings = scan_file(build_xlsx(), "补贴.xlsx")
    assert located(findings) == {
        ("sheet 汇总 B3", Kind.MOBILE, "138****5678"),
        ("sheet 汇总 A3 comment", Kind.ID_CARD, "1101**********002X"),
        ("sheet 汇总 D5 (hidden row)", Kind.MOBILE, "139****1111"),
        ("sheet 汇总 F1 (hidden column)", Kind.MOBILE, "139****2222"),
        ("sheet 明细 (hidden) B2", Kind.ID_CARD, "1101**********002X"),
        ("sheet 明细 (hidden) C2", Kind.MOBILE, "139****3333"),
        ("sheet 明细 (hidden) B3", Kind.ID_CARD, "3604**********1236"),
        ("sheet 明细 (hidden) A2", Kind.NAME, "张*"),
        ("sheet 明细 (hidden) A3", Kind.NAME, "李*"),
        ("sheet 备份 (very hidden) A1", Kind.BANK_CARD, "6222***********0128"),
        ("sheet 备份 (very hidden) Z200", Kind.ADDRESS, "**************"),
    }


def test_pdf_pages_are_located():
    data = build_pdf([["Annual report 2020", "Index 000014349/2017-00110"], ["Tel: 138-1234-5678"]])
    (finding,) = scan_file(data, "report.pdf")
    assert (finding.location, finding.kind, finding.masked) == (
        "page 2",
        Kind.MOBILE,
        "138****5678",
    )
    assert finding.confidence is Confidence.HIGH


@pytest.mark.skipif(not HUAIAN_PDF.exists(), reason="shared real report not present")
def test_real_published_pdf_report_has_nothing_above_the_gate():
    # 淮安市人民政府 2024 report (WPS-made PDF): its contact sentence gives the office phone
    # and mailbox, which must stay below the publication gate.
    findings = scan_file(HUAIAN_PDF)
    assert {(f.location, f.kind) for f in findings} == {
        ("page 1", Kind.LANDLINE),
        ("page 1", Kind.EMAIL),
    }
    assert all(f.confidence is Confidence.LOW for f in findings)


def test_html_text_comments_and_attributes():
    findings = scan_file(HTML.encode(), "reply.html")
    assert located(findings) == {
        ("comment 1", Kind.MOBILE, "139****4444"),
        ("text", Kind.NAME, "王*"),
        ("text", Kind.ADDRESS, "九江市浔阳区*******"),
        ("<a href>", Kind.EMAIL, "w***@qq.com"),
        ("<input value>", Kind.ID_CARD, "1101**********002X"),
    }


@pytest.mark.parametrize("suffix", [".doc", ".xls", ".wps", ".ofd"])
def test_office_formats_we_cannot_read_say_so_in_both_languages(suffix):
    with pytest.raises(UnsupportedFileTypeError) as caught:
        scan_file(b"\xd0\xcf\x11\xe0", f"名单{suffix}")
    message = str(caught.value)
    assert "不支持的文件类型" in message
    assert "unsupported file type" in message
    assert "另存为" in message


def test_unknown_kind_is_unsupported_too():
    with pytest.raises(UnsupportedFileTypeError):
        scan_file(b"GIF89a", "photo.gif")


@pytest.mark.parametrize("name", ["broken.docx", "broken.xlsx", "broken.pdf"])
def test_damaged_files_raise_unreadable(name):
    with pytest.raises(UnreadableFileError) as caught:
        scan_file(b"this is not really the file it claims to be", name)
    assert "无法读取" in str(caught.value)
    assert "cannot read" in str(caught.value)
    assert not isinstance(caught.value, UnsupportedFileTypeError)


def test_missing_path_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError, match="no such file"):
        scan_file(tmp_path / "gone.pdf")


def test_directory_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError, match="is a directory"):
        scan_file(tmp_path, "folder.txt")


def test_bytes_need_a_filename():
    with pytest.raises(ValueError):
        scan_file(b"13812345678")


def test_allow_and_min_confidence_apply_to_files():
    data = "电话：0792-8881234\n手机：13812345678\n".encode()
    assert [f.kind for f in scan_file(data, "a.txt", min_confidence="medium")] == [Kind.MOBILE]
    assert scan_file(data, "a.txt", allow=["0792-8881234", "13812345678"]) == []
