"""Small documents built in the test, one per file kind the scanner reads."""

import io
import re
import zipfile

import docx
import openpyxl
from docx.oxml.ns import qn
from lxml import etree
from openpyxl.comments import Comment

ID = "11010519491231002X"
ID_2 = "360402199001011236"  # check character 6, worked out in test_idcard.py


def build_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于2020年度道路运输补贴发放情况的公示")  # paragraph 1
    commented = document.add_paragraph("经审核，以下人员符合条件。")  # paragraph 2
    document.add_comment(commented.runs, text="核对：联系人手机 13812345678", author="审核人")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["姓名", "身份证号码", "金额"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["张三", ID, "1200"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["李四", ID_2, "800"], strict=True):
        cell.text = text
    tracked = document.add_paragraph("联系人：")  # paragraph 3
    _append_deleted_run(tracked, "手机 13907921234")
    section = document.sections[0]
    section.header.paragraphs[0].text = "九江市交通运输局  家庭电话：0792-8123456"
    section.footer.paragraphs[0].text = "邮箱 wangwu@qq.com"
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _append_deleted_run(paragraph, text):
    # <w:del><w:r><w:delText>…</w:delText></w:r></w:del>: text removed with track changes
    # on, invisible in the final view but still stored in the file.
    deletion = etree.SubElement(paragraph._p, qn("w:del"))
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "editor")
    run = etree.SubElement(deletion, qn("w:r"))
    deleted = etree.SubElement(run, qn("w:delText"))
    deleted.text = text


def build_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    visible = workbook.active
    visible.title = "汇总"
    visible["A1"] = "发放总额"
    visible["B1"] = 125000
    visible["A2"] = "索引号"
    visible["B2"] = "000014349/2017-00110"
    visible["A3"] = "经办"
    visible["B3"] = 13812345678  # a phone typed as a number
    visible["A3"].comment = Comment(f"身份证 {ID}", "clerk")
    visible["C5"] = "正常"
    visible.row_dimensions[5].hidden = True
    visible["D5"] = "手机 13907921111"
    visible.column_dimensions["F"].hidden = True
    visible["F1"] = "备用 13907922222"

    hidden = workbook.create_sheet("明细")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "身份证号", "电话"])
    hidden.append(["张三", ID, "13907923333"])
    hidden.append(["李四", ID_2, ""])

    very_hidden = workbook.create_sheet("备份")
    very_hidden.sheet_state = "veryHidden"
    very_hidden["A1"] = "银行卡号 6222 0212 3456 7890 128"
    very_hidden["Z200"] = "家住湖滨路8号3栋2单元501室"

    stream = io.BytesIO()
    workbook.save(stream)
    return _shrink_used_range(stream.getvalue(), "xl/worksheets/sheet3.xml")


def _shrink_used_range(data: bytes, member: str) -> bytes:
    """Rewrite the sheet's stored used range to A1 although it holds Z200, the way files
    edited by other tools end up: viewers that trust <dimension> show nothing there."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content, count = re.subn(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content
                )
                assert count == 1
            out.writestr(info, content)
    return target.getvalue()


def build_pdf(pages: list[list[str]]) -> bytes:
    """A plain PDF with one Helvetica text line per entry (ASCII only: no CJK font here)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the page objects are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        shown = " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines
        )
        stream = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>留言回复</title>
<style>.x {{ content: "13800000000"; }}</style></head>
<body>
<h1>关于道路维修的留言</h1>
<!-- 留言人电话 13907924444，发布前删除 -->
<p>留言人：王五，住址：九江市浔阳区甘棠北路12号</p>
<p>索引号：000014349/2017-00110</p>
<a href="mailto:wangwu@qq.com" title="联系">写信</a>
<input type="hidden" value="{ID}">
</body></html>
"""


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def build_docx_with_text_box(text: str) -> bytes:
    """A paragraph anchoring a text box, stored as Word does: once for modern readers
    (mc:Choice) and once more as a fallback (mc:Fallback)."""
    document = docx.Document()
    paragraph = document.add_paragraph("见右侧方框")
    run = etree.SubElement(paragraph._p, qn("w:r"))
    alternate = etree.SubElement(run, f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alternate, f"{{{MC}}}{branch}")
        content = etree.SubElement(holder, qn("w:txbxContent"))
        inner = etree.SubElement(etree.SubElement(content, qn("w:p")), qn("w:r"))
        etree.SubElement(inner, qn("w:t")).text = text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
