"""Time and peak memory of ``gongkai.extract`` per format, and on files crafted to cross
each reading limit. Prints figures; asserts nothing (times depend on the machine).

Each file is read in a forked child, so that its peak resident memory (``ru_maxrss``)
is its own and not the maximum of everything read before.

    .venv/bin/python bench/extract.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the fixture builders in tests/

from gongkai import extract  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "reports-dev"


def in_child(work) -> tuple[object, float, float]:
    """(result of work(), seconds, peak MB of the child)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        start = time.perf_counter()
        try:
            result = work()
        except Exception as error:  # noqa: BLE001 - reported, whatever it is
            result = f"{type(error).__name__}: {error}"
        elapsed = time.perf_counter() - start
        with os.fdopen(write_end, "wb") as out:
            pickle.dump((result, elapsed), out)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as incoming:
        payload = incoming.read()
    _, _, usage = os.wait4(pid, 0)
    result, elapsed = pickle.loads(payload) if payload else ("child died", float("nan"))
    return result, elapsed, usage.ru_maxrss / 1024


def outcome(reading) -> object:
    try:
        extraction = reading()
    except extract.UnreadableError as error:
        return f"refused: {error.reason_en}"
    return f"{len(extraction.blocks)} blocks, {len(extraction.tables)} tables"


def row(label: str, size: int, reading, repeat: int = 1) -> None:
    def work():
        result = None
        for _ in range(repeat):
            result = outcome(reading)
        return result

    result, elapsed, peak = in_child(work)
    per_file = elapsed / repeat
    print(
        f"{label:<34} {size / 1024:>9.0f} KB {per_file * 1000:>9.1f} ms {peak:>7.0f} MB  {result}"
    )


def sheet_xlsx(cells: int, cell_xml: bytes = b"<c><v>%d</v></c>") -> bytes:
    """A minimal workbook whose one sheet holds ``cells`` cells, 100 per row; a ``%d`` in
    ``cell_xml`` takes the cell's number, so that the sheet compresses like a real one."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows = []
    for start in range(0, cells, 100):
        row_cells = (
            cell_xml.replace(b"%d", b"%d" % n) for n in range(start, min(start + 100, cells))
        )
        rows.append(b"<row>" + b"".join(row_cells) + b"</row>")
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData>'.encode()
        + b"".join(rows)
        + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20, help="reads per ordinary file")
    args = parser.parse_args()
    from gongkai.rules.formats import load_format
    from tests.extract import crafted
    from tests.privacy.builders import build_docx, build_xlsx
    from tests.reportcheck.fixtures import blocks, complete_cells, render

    fmt = load_format("gb2021")
    report = blocks(fmt, complete_cells(fmt), 2023)
    ordinary = [
        ("html report (rendered)", "r.html", render("html", report)[1]),
        ("docx report (rendered)", "r.docx", render("docx", report)[1]),
        ("docx (privacy builder)", "p.docx", build_docx()),
        ("xlsx (privacy builder)", "p.xlsx", build_xlsx()),
        ("xlsx 1,000 rows × 10", "t.xlsx", crafted.xlsx_with_cells(1000)),
        ("pdf 5 pages (builder)", "b.pdf", crafted.pdf_with_pages(5)),
    ]
    if DEV.is_dir():
        ordinary[:0] = [
            (f"text {p.name} (dev set)", p.name, p.read_bytes())
            for p in sorted(DEV.glob("*.txt"))[:2]
        ]
        ordinary += [
            (f"pdf {p.name} (dev set)", p.name, p.read_bytes()) for p in sorted(DEV.glob("*.pdf"))
        ]
    utf16 = ordinary[0][2].decode("utf-8", "replace") if DEV.is_dir() else "一、申请 1\n" * 500
    ordinary.insert(0, ("text UTF-16 without BOM", "u.txt", utf16.encode("utf-16-le")))

    print(f"{'file':<34} {'size':>12} {'per read':>12} {'peak':>10}  outcome")
    # What a child holds before reading anything: the bench process it was forked from.
    row("baseline (nothing read)", 0, lambda: extract.Extraction("text"))
    for label, name, data in ordinary:
        repeat = args.repeat if not name.endswith(".pdf") else max(1, args.repeat // 5)
        row(label, len(data), lambda name=name, data=data: extract.read_bytes(data, name), repeat)

    print("\ncrafted to cross a limit (default limits):")
    crafted_files = [
        ("docx entity bomb (DTD)", "bomb.docx", crafted.docx_with_entity_bomb()),
        ("docx zip bomb 256 MB of zeros", "zip.docx", crafted.docx_zip_bomb(256)),
        ("docx with 5,000 parts", "parts.docx", crafted.docx_with_many_parts(5000)),
        ("xlsx 1.2 M numbered cells", "cells.xlsx", sheet_xlsx(1_200_000)),
        (
            "xlsx 2 M cells with references",
            "big.xlsx",
            sheet_xlsx(2_000_000, b'<c r="A1"><v>%d</v></c>'),
        ),
        ("pdf 20,000 pages", "pages.pdf", crafted.pdf_with_pages(20_000)),
        (
            "pdf flate bomb 1 GB in ~1 MB",
            "flate.pdf",
            crafted.pdf_with_streams((b"", b"0 0 m 1 1 l S\n" * (1024**3 // 14))),
        ),
        ("junk named .pdf", "junk.pdf", os.urandom(1_000_000)),
        ("junk named .docx", "junk.docx", b"PK\x03\x04" + os.urandom(1_000_000)),
        ("truncated docx", "cut.docx", build_docx()[:3000]),
        ("html 10^6 nested tags", "deep.html", b"<div>" * 10**6 + b"x" + b"</div>" * 10**6),
        ("html 90,000 nested tags (within)", "deep2.html", b"<div>" * 90_000 + b"</div>" * 90_000),
    ]
    # The crafted files above are held by the bench process, so each child starts bigger.
    row("baseline (nothing read)", 0, lambda: extract.Extraction("text"))
    for label, name, data in crafted_files:
        row(label, len(data), lambda name=name, data=data: extract.read_bytes(data, name))
    with tempfile.TemporaryDirectory() as folder:
        fifo = Path(folder, "fifo.txt")
        os.mkfifo(fifo)
        zero = Path(folder, "zero.txt")
        zero.symlink_to("/dev/zero")
        row("FIFO named .txt", 0, lambda: extract.read_path(fifo))
        row("symlink to /dev/zero named .txt", 0, lambda: extract.read_path(zero))
    return 0


if __name__ == "__main__":
    sys.exit(main())
