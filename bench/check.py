"""Throughput of the report check, one process on one core: reports per second for text,
HTML, DOCX and PDF separately (issue 17 targets: >= 200/s for text and HTML, >= 2/s for
PDF). Prints the figures; it asserts nothing about time.

Inputs: the dev set's texts, the seed, and complete reports in every text layout, rendered
by the project's own renderers (tests/reportcheck/rendered.py) as HTML pages, DOCX and PDF;
the dev set's real PDF as well. Rendering happens once, before the clock starts.

    PYTHONPATH=src .venv/bin/python bench/check.py [--min 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the rendered fixtures in tests/reportcheck

from gongkai.reportcheck import check_bytes  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "reports-dev"
SEED = SHARED / "seed"
TARGETS = {"text": 200, "html": 200, "docx": None, "pdf": 2}


def rendered_inputs() -> dict[str, list[tuple[str, bytes]]]:
    # The project's HTML renderer uses Django templates (no database).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.documents.pdf import MissingFonts
    from gongkai.rules.formats import load_format
    from tests.reportcheck import rendered
    from tests.reportcheck.fixtures import complete_cells, golden_2021_city_cells

    out: dict[str, list[tuple[str, bytes]]] = {k: [] for k in TARGETS}
    for fmt_id, year in (("gb2019", 2020), ("gb2021", 2023)):
        fmt = load_format(fmt_id)
        cells = golden_2021_city_cells(fmt) if fmt_id == "gb2021" else complete_cells(fmt)
        data = rendered.report_data(fmt, year, cells)
        out["html"].append(("report.html", rendered.html_page(data)))
        out["docx"].append(("report.docx", rendered.docx(data)))
        try:
            out["pdf"].append(("report.pdf", rendered.pdf_bytes(data)))
        except MissingFonts:
            # Without CJK fonts WeasyPrint cannot render; the dev set's real PDF still counts.
            print("(no CJK font installed: rendered PDFs left out, see scripts/ensure-fonts.sh)")
        for layout in rendered.TEXT_LAYOUTS.values():
            out["text"].append(("report.txt", layout(data)))
    return out


def measure(label: str, inputs: list[tuple[str, bytes]], minimum: int) -> float:
    repeat = -(-minimum // len(inputs))
    batch = inputs * repeat
    start = time.process_time()
    for name, data in batch:
        check_bytes(name, data)
    elapsed = time.process_time() - start
    rate = len(batch) / elapsed
    print(f"{label:<34} {len(batch):>6} reports  {elapsed:7.2f} s CPU  {rate:8.1f} reports/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min", type=int, default=1000, help="reports per text/HTML run")
    args = parser.parse_args()
    inputs = rendered_inputs()
    if DEV.is_dir():
        inputs["text"] += [(p.name, p.read_bytes()) for p in sorted(DEV.glob("*.txt"))]
        inputs["pdf"] += [(p.name, p.read_bytes()) for p in sorted(DEV.glob("*.pdf"))]
    if SEED.is_dir():
        inputs["text"] += [(p.name, p.read_bytes()) for p in sorted(SEED.glob("*.txt"))]
    runs = {
        "text": args.min,
        "html": args.min,
        "docx": max(50, args.min // 10),
        "pdf": max(10, args.min // 100),
    }
    for kind, minimum in runs.items():
        files = len(inputs[kind])
        if not files:
            print(f"{kind}: no inputs")
            continue
        rate = measure(f"{kind} ({files} distinct files)", inputs[kind], minimum)
        target = TARGETS[kind]
        if target:
            verdict = "meets" if rate >= target else "below"
            print(f"  target >= {target} reports/s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
