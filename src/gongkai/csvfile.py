"""CSV for people who open it in a spreadsheet: UTF-8 with a BOM (Excel, which most offices
open CSV with, then reads Chinese) and no cell that a spreadsheet would run as a formula.

Every CSV the product hands out is written here, so that uploaded or typed text — a finding's
evidence quoted from a report, an item's title — can never become ``=HYPERLINK(...)`` in a
supervisor's spreadsheet.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
#: A text starting with one of these is a formula (or a DDE call) to Excel, LibreOffice, WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value) -> str | int | float:
    """``value`` as a cell: numbers stay numbers; text that would run gets a leading quote."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable], *, lineterminator: str = "\r\n") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([neutral(cell) for cell in header])
    writer.writerows([neutral(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A download named ``filename`` (ASCII, without .csv)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class _Line:
    """What csv.writer writes to: hands back the line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_stream_response(
    filename: str, header: Iterable, rows: Iterable[Iterable], *, lines_per_chunk: int = 200
) -> StreamingHttpResponse:
    """``csv_response`` sent while ``rows`` are read: no more than a chunk of lines is held."""
    writer = csv.writer(_Line(), lineterminator="\r\n")

    def chunks():
        lines = [BOM + writer.writerow([neutral(cell) for cell in header])]
        for row in rows:
            lines.append(writer.writerow([neutral(cell) for cell in row]))
            if len(lines) >= lines_per_chunk:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
