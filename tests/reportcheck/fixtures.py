"""Complete, correct reports built from the format data, rendered in every layout.

There is no real HTML or DOCX report in shared/, so the tests make their own: cells that
satisfy every rule of the version, the six sections with numbered sub-headings, and
renderers for an HTML page (real table with merged group labels and navigation junk),
DOCX, "a | b | c" rows, one cell per line with " |", blank-line separated cells, and one
cell per line without separators. Mutations edit the cells or drop a section before
rendering, so the checker sees the defect the way a real report would carry it.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from gongkai.rules.formats import ReportFormat, Table

APPLICANTS = [
    "natural_person",
    "commercial",
    "research",
    "public_welfare",
    "legal_services",
    "other_org",
]
T4_GROUPS = ["review", "direct", "after_review"]


def complete_cells(fmt: ReportFormat, seed: int = 7) -> dict[str, int | float]:
    """Cells of ``fmt`` that satisfy every cell rule: totals are sums, the balance holds."""
    rng = random.Random(seed)
    cells: dict[str, int | float] = {}
    for table in fmt.tables:
        if table.id.startswith("t2_"):
            for row in table.rows:
                for column in table.columns:
                    cell = f"{table.id}.{row.id}.{column.id}"
                    if column.value_type == "money":
                        cells[cell] = round(rng.uniform(0, 500), 2)
                    else:
                        cells[cell] = rng.randint(0, 40)
            if fmt.has_cell(f"{table.id}.regulations.total_published"):
                for row in table.rows:
                    new = cells[f"{table.id}.{row.id}.new_published"]
                    cells[f"{table.id}.{row.id}.total_published"] = new + rng.randint(0, 50)
    t3 = fmt.table("t3")
    outcomes = [
        r.id
        for r in t3.rows
        if r.id not in ("new_received", "carried_in", "results_total", "carried_out")
    ]
    for col in APPLICANTS:
        for row in outcomes:
            cells[f"t3.{row}.{col}"] = rng.randint(0, 9)
        concluded = sum(cells[f"t3.{row}.{col}"] for row in outcomes)
        carried_in = rng.randint(0, 5)
        carried_out = rng.randint(0, 5)
        cells[f"t3.results_total.{col}"] = concluded
        cells[f"t3.carried_in.{col}"] = carried_in
        cells[f"t3.carried_out.{col}"] = carried_out
        cells[f"t3.new_received.{col}"] = concluded + carried_out - carried_in + 5
        cells[f"t3.carried_out.{col}"] = carried_out + 5
    for row in t3.rows:
        cells[f"t3.{row.id}.total"] = sum(cells[f"t3.{row.id}.{c}"] for c in APPLICANTS)
    for group in T4_GROUPS:
        parts = [rng.randint(0, 6) for _ in range(4)]
        for name, value in zip(["upheld", "corrected", "other", "pending"], parts, strict=True):
            cells[f"t4.count.{group}_{name}"] = value
        cells[f"t4.count.{group}_total"] = sum(parts)
    assert set(cells) == set(fmt.cell_ids())
    return cells


def golden_2021_city_cells(fmt: ReportFormat) -> dict[str, int | float]:
    """A 2021-format table with the totals of the spec's golden city report (§7):
    13612 + 535 = 13364 + 783; t4 totals 790, 56, 156 from their four parts. How the totals
    split over applicant columns and outcome rows is this fixture's own choice."""
    cells = complete_cells(fmt, seed=2021)
    # Applicant split: all in 自然人 except fixed amounts for organisations.
    orgs = {
        "commercial": 300,
        "research": 12,
        "public_welfare": 20,
        "legal_services": 150,
        "other_org": 30,
    }
    t3 = fmt.table("t3")
    outcomes = [
        r.id
        for r in t3.rows
        if r.id not in ("new_received", "carried_in", "results_total", "carried_out")
    ]
    totals = {"new_received": 13612, "carried_in": 535, "results_total": 13364, "carried_out": 783}
    for row in t3.rows:
        for col in APPLICANTS:
            cells[f"t3.{row.id}.{col}"] = 0
    for row, total in totals.items():
        cells[f"t3.{row}.total"] = total
    # Outcome leaves: 13364 split over the rows, every organisation column 0 except granted.
    shares = {row: 0 for row in outcomes}
    shares.update(
        {
            "granted": 6000,
            "partial": 1200,
            "denied_third_party": 300,
            "denied_process_info": 150,
            "unable_not_held": 3500,
            "unable_needs_creation": 400,
            "np_petition": 500,
            "np_repeat": 300,
        }
    )
    shares[outcomes[-1]] = 13364 - sum(v for k, v in shares.items() if k != outcomes[-1])
    for row, value in shares.items():
        cells[f"t3.{row}.total"] = value
        cells[f"t3.{row}.natural_person"] = value
    org_total = sum(orgs.values())
    cells["t3.granted.natural_person"] = shares["granted"] - org_total
    cells["t3.results_total.natural_person"] = 13364 - org_total
    cells["t3.new_received.natural_person"] = 13612 - org_total
    cells["t3.carried_in.natural_person"] = 535
    cells["t3.carried_out.natural_person"] = 783
    for col, value in orgs.items():
        cells[f"t3.granted.{col}"] = value
        cells[f"t3.results_total.{col}"] = value
        cells[f"t3.new_received.{col}"] = value
    t4 = {"review": [376, 97, 196, 121], "direct": [16, 1, 12, 27], "after_review": [74, 1, 30, 51]}
    for group, parts in t4.items():
        for name, value in zip(["upheld", "corrected", "other", "pending"], parts, strict=True):
            cells[f"t4.count.{group}_{name}"] = value
        cells[f"t4.count.{group}_total"] = sum(parts)
    return cells


# -- the report as a sequence of blocks ----------------------------------------------------


@dataclass
class Block:
    kind: str  # "para" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # table rows of cell texts
    spans: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> rowspan


def _fmt_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def blocks(
    fmt: ReportFormat,
    cells: dict,
    year: int,
    agency: str = "示例县交通运输局",
    drop_sections: tuple[str, ...] = (),
) -> list[Block]:
    out = [
        Block("para", f"{agency}{year}年政府信息公开工作年度报告"),
        Block(
            "para",
            f"本报告根据《中华人民共和国政府信息公开条例》编制。报告所列数据的统计期限自"
            f"{year}年1月1日起至{year}年12月31日止。",
        ),
    ]
    for section in fmt.sections:
        if section.id in drop_sections:
            continue
        out.append(Block("para", section.heading))
        if section.id == "s1":
            out += [
                Block("para", f"(一)主动公开。{year}年,我局通过政府网站主动公开政府信息120条。"),
                Block("para", "1.政策文件:公开规范性文件及解读。"),
                Block("para", "2.工作动态:及时发布工作信息。"),
                Block("para", "(二)依申请公开。依法按时答复政府信息公开申请。"),
                Block("para", "(三)政府信息管理。落实公开属性源头认定。"),
                Block("para", "(四)平台建设。优化政府信息公开专栏。"),
                Block("para", "(五)监督保障。开展年度考核和社会评议。"),
            ]
        elif section.id == "s5":
            out.append(Block("para", "主要问题是政策解读形式单一。下一步将丰富解读形式。"))
        elif section.id == "s6":
            out.append(Block("para", "本年度未收取信息处理费。"))
        for table_id in section.tables:
            out.append(_table_block(fmt.table(table_id), cells))
    return out


def _table_block(table: Table, cells: dict) -> Block:
    if table.id.startswith("t2_"):
        rows = [[table.caption] + [""] * (len(table.columns) - 1) + [""]]
        rows[0] = [table.caption]
        rows.append([table.stub_header] + [c.label for c in table.columns])
        for row in table.rows:
            rows.append(
                [row.label]
                + [_fmt_number(cells.get(f"{table.id}.{row.id}.{c.id}")) for c in table.columns]
            )
        return Block("table", rows=rows)
    if table.id == "t3":
        rows = [
            [table.stub_header, "申请人情况"],
            ["自然人", "法人或其他组织", "总计"],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ]
        spans = {}
        seen_groups: set[str] = set()
        for row in table.rows:
            labels = []
            for depth, group in enumerate(row.path):
                if group not in seen_groups:
                    seen_groups.add(group)
                    size = sum(
                        1 for r in table.rows if len(r.path) > depth and r.path[depth] == group
                    )
                    spans[(len(rows), len(labels))] = size
                    labels.append(group)
            values = [_fmt_number(cells.get(f"t3.{row.id}.{c.id}")) for c in table.columns]
            rows.append(labels + [row.label] + values)
        return Block("table", rows=rows, spans=spans)
    rows = [
        ["行政复议", "行政诉讼"],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [_fmt_number(cells.get(f"t4.count.{c.id}")) for c in table.columns],
    ]
    return Block("table", rows=rows)


# -- renderers -----------------------------------------------------------------------------


def render_html(report: list[Block]) -> str:
    parts = [
        "<html><head><title>政府信息公开</title><style>td{border:1px}</style></head><body>",
        "<div class='nav'><a href='/'>首页</a> &gt; <a>政务公开</a> &gt; 年报</div>",
        "<div class='content'>",
    ]
    for block in report:
        if block.kind == "para":
            parts.append(f"<p>{_esc(block.text)}</p>")
            continue
        parts.append("<table border='1'><tbody>")
        for r, row in enumerate(block.rows):
            parts.append("<tr>")
            for c, text in enumerate(row):
                span = block.spans.get((r, c))
                attr = f" rowspan='{span}'" if span else ""
                parts.append(f"<td{attr}><p>{_esc(text)}</p></td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</div><div class='footer'>扫一扫在手机打开当前页 | 网站地图</div></body></html>")
    return "\n".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_docx(report: list[Block]) -> bytes:
    import docx

    document = docx.Document()
    for block in report:
        if block.kind == "para":
            document.add_paragraph(block.text)
            continue
        width = max(len(row) for row in block.rows)
        table = document.add_table(rows=len(block.rows), cols=width)
        for r, row in enumerate(block.rows):
            # Right-align the cells so data sit under their columns; label cells first.
            offset = width - len(row) if r > 0 and len(row) < width else 0
            for c, text in enumerate(row):
                table.cell(r, c + offset).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pipe_rows(report: list[Block]) -> str:
    lines = []
    for block in report:
        if block.kind == "para":
            lines.append(block.text)
        else:
            lines += [" | ".join(row) + " |" for row in block.rows]
    return "\n".join(lines) + "\n"


def render_cell_lines(report: list[Block]) -> str:
    """One cell per line ending " |"; an empty cell is a lone "|" line."""
    lines = []
    for block in report:
        if block.kind == "para":
            lines.append(block.text)
        else:
            for row in block.rows:
                lines += [f"{cell} |" if cell else "|" for cell in row]
    return "\n".join(lines) + "\n"


def render_blank_separated(report: list[Block]) -> str:
    lines = []
    for block in report:
        if block.kind == "para":
            lines += [block.text, ""]
        else:
            for row in block.rows:
                for cell in row:
                    # As the dev set shows: an empty cell is one extra blank line.
                    lines += [cell, ""] if cell else [""]
    return "\n".join(lines) + "\n"


def render_plain_lines(report: list[Block]) -> str:
    """One cell per line and nothing else: empty cells vanish."""
    lines = []
    for block in report:
        if block.kind == "para":
            lines.append(block.text)
        else:
            lines += [cell for row in block.rows for cell in row if cell]
    return "\n".join(lines) + "\n"


RENDERERS = {
    "html": (".html", render_html),
    "docx": (".docx", render_docx),
    "pipe": (".txt", render_pipe_rows),
    "cells": (".txt", render_cell_lines),
    "blank": (".txt", render_blank_separated),
    "plain": (".txt", render_plain_lines),
}


def render(layout: str, report: list[Block]) -> tuple[str, bytes]:
    suffix, renderer = RENDERERS[layout]
    out = renderer(report)
    return f"report{suffix}", out if isinstance(out, bytes) else out.encode("utf-8")
