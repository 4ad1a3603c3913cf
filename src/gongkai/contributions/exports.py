"""The statistics of 信息报送 as an XLSX workbook (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = ("机关", "股室", "报送", "采用", "退回", "采用率")


def statistics_workbook(rows, start, end) -> bytes:
    """One sheet: a title line with the period, the headers, one line per row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "信息报送统计"
    sheet.append([f"信息报送统计（{start.isoformat()} 至 {end.isoformat()}）"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADERS))
    for row in rows:
        rate = row.adoption_rate
        sheet.append(
            [
                row.agency,
                row.department,
                row.submitted,
                row.adopted,
                row.returned,
                round(rate, 4) if rate is not None else None,
            ]
        )
        if rate is not None:
            sheet.cell(row=sheet.max_row, column=6).number_format = "0.0%"
    for letter, width in zip("ABCDEF", (28, 18, 8, 8, 8, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
