"""Reports rendered by the project's own renderers (gongkai.reports.render), then laid out
the ways real sites publish them (issue 17). Each layout is a function of one ReportData.

Blank cells are written as "" in ``cells`` (the renderers print None as 0). A row can be
dropped from every layout by its cell-id prefix, so a removed row looks as it would on a
real page. HTML and PDF use the project's HTML; PDFs in other producers' styles are made
with WeasyPrint and extra CSS (LibreOffice is not installed here): narrow label columns that
wrap labels over lines, value columns so narrow that numbers wrap inside their cell, and
the project's own vertical group labels and header repeated after a page break.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from gongkai.documents import pdf
from gongkai.reports.exports import ReportData
from gongkai.reports.render import PDF_CSS, grid, render_docx, render_html
from gongkai.rules.formats import ReportFormat

AGENCY = "示例县交通运输局"

NARRATIVE = {
    "s1": "\n".join(
        [
            "（一）主动公开。本年度通过政府网站主动公开政府信息120条。",
            "（二）依申请公开。依法按时答复政府信息公开申请。",
            "（三）政府信息管理。落实公开属性源头认定。",
            "（四）政府信息公开平台建设。优化政府信息公开专栏。",
            "（五）监督保障。开展年度考核和社会评议。",
        ]
    ),
    "s5": "主要问题是政策解读形式单一。下一步将丰富解读形式。",
    "s6": "本年度未收取信息处理费。",
}


def report_data(fmt: ReportFormat, year: int, cells: dict) -> ReportData:
    agency = SimpleNamespace(name=AGENCY)
    printed = {k: ("" if v is None else v) for k, v in cells.items()}
    return ReportData(agency, year, fmt, printed, dict(NARRATIVE))


def _drop_tr(html: str, drop: str | None) -> str:
    if drop is None:
        return html
    pattern = re.compile(
        r"<tr>(?:(?!<tr>).)*?data-cell=\"" + re.escape(drop) + r"\.(?:(?!<tr>).)*?</tr>", re.S
    )
    out, count = pattern.subn("", html, count=1)
    assert count == 1, drop
    return out


def html_page(data: ReportData, drop: str | None = None) -> bytes:
    """The report inside a site page: navigation before and after, the report in a cell of
    a layout table, empty cells written &nbsp;."""
    html = _drop_tr(render_html(data).decode(), drop)
    body = html.split('<main class="report">', 1)[1].split("</main>", 1)[0]
    body = body.replace("></td>", ">&nbsp;</td>")
    page = (
        "<html><head><meta charset='utf-8'><title>政府信息公开年报</title></head><body>"
        "<table class='layout'><tr><td><a href='/'>首页</a> &gt; 政务公开 &gt; 年度报告"
        "</td><td>字号：大 中 小</td></tr><tr><td colspan='2'>"
        f"{body}"
        "</td></tr><tr><td>相关附件：无</td><td>扫一扫在手机打开当前页</td></tr></table>"
        "<div class='footer'>主办单位：示例县人民政府 | 网站地图 | 联系我们</div></body></html>"
    )
    return page.encode()


def docx(data: ReportData, drop: str | None = None) -> bytes:
    assert drop is None, "rows are dropped from the HTML and text layouts"
    return render_docx(data)


PDF_STYLES = {
    # The project's own PDF: vertical group labels, header repeated after a page break.
    "own": "",
    # Narrow label columns: labels wrap over two or three lines.
    "wrapped": "th[scope=row] { font-size: 13pt; } table { font-size: 12pt; }",
    # Tall rows push 表三 over two page breaks; numbers wrap inside narrow cells.
    "numbers_wrap": (
        "td { font-size: 16pt; word-break: break-all; padding: 4mm 0; } th { font-size: 9pt; }"
    ),
}


def pdf_bytes(data: ReportData, style: str = "own", drop: str | None = None) -> bytes:
    html = _drop_tr(render_html(data).decode(), drop)
    # The standalone page carries screen styles; the PDF renderer's template does not.
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return pdf.html_to_pdf(html, stylesheets=(PDF_CSS, PDF_STYLES[style]))


# -- text layouts, from the same grids ---------------------------------------------------


def _rows(data: ReportData, drop: str | None):
    """Per block: ("para", text) or ("table", table_id, [(is_data, [cells])])."""
    from gongkai.reports.exports import blocks

    out = []
    for block in blocks(data):
        if block.kind != "table":
            out.append(("para", block.text))
            continue
        g = grid(data, block.table)
        rows = []
        if block.text:
            rows.append((False, [block.text]))
        for head in g.head:
            rows.append((False, [c.text for c in head]))
        for body in g.body:
            ids = [c.cell_id for c in body if c.cell_id]
            if drop and ids and ids[0].startswith(drop + "."):
                continue
            rows.append((True, [("v", c.text) if c.cell_id else ("l", c.text) for c in body]))
        out.append(("table", block.table.id, rows))
    return out


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def pipe_open(data: ReportData, drop: str | None = None) -> bytes:
    """`a | b | c` rows without a closing bar: the last cell is the 总计."""
    lines = []
    for item in _rows(data, drop):
        if item[0] == "para":
            lines.append(item[1])
            continue
        for is_data, cells in item[2]:
            texts = [c[1] for c in cells] if is_data else cells
            lines.append(" | ".join(texts))
    return _text(lines)


def cell_lines_mixed(data: ReportData, drop: str | None = None) -> bytes:
    """One cell per line ending " |", an empty cell a lone "|"; 表四's row and every third
    row of 表三 written whole on one line ("1 | 0 |  | 1 |")."""
    lines = []
    for item in _rows(data, drop):
        if item[0] == "para":
            lines.append(item[1])
            continue
        table_id = item[1]
        for n, (is_data, cells) in enumerate(item[2]):
            if not is_data:
                lines += [f"{c} |" for c in cells if c]
                continue
            labels = [c[1] for c in cells if c[0] == "l"]
            values = [c[1] for c in cells if c[0] == "v"]
            lines += [f"{label} |" for label in labels]
            if table_id == "t4" or (table_id == "t3" and n % 3 == 0):
                lines.append(" | ".join(values) + " | ||")
            else:
                lines += [f"{v} |" if v else "|" for v in values]
    return _text(lines)


def run_together(data: ReportData, drop: str | None = None) -> bytes:
    """Scraped text whose cells ran together: each label followed by its row's digits, a
    space where a cell was empty."""
    lines = []
    for item in _rows(data, drop):
        if item[0] == "para":
            lines.append(item[1])
            continue
        for is_data, cells in item[2]:
            if not is_data:
                lines.append("".join(cells))
                continue
            labels = "".join(c[1] for c in cells if c[0] == "l")
            digits = re.sub(" +", " ", "".join(c[1] or " " for c in cells if c[0] == "v"))
            lines.append(labels + digits.strip())
    return _text(lines)


def flip_book(data: ReportData, drop: str | None = None) -> bytes:
    """E-book pages: a row's values after its label with spaces (empty cells vanish), 表四
    as fifteen numbers on one line, headers one word per line."""
    lines = []
    for item in _rows(data, drop):
        if item[0] == "para":
            lines.append(item[1])
            continue
        for is_data, cells in item[2]:
            if not is_data:
                lines += [c for c in cells if c]
                continue
            labels = [c[1] for c in cells if c[0] == "l"]
            values = [c[1] for c in cells if c[0] == "v" and c[1]]
            lines += labels[:-1]
            lines.append(" ".join(labels[-1:] + values))
    return _text(lines)


TEXT_LAYOUTS = {
    "pipe_open": pipe_open,
    "cell_lines_mixed": cell_lines_mixed,
    "run_together": run_together,
    "flip_book": flip_book,
}
