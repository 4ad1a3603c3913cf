"""Throughput of the report check: reports per second, single process.

Checks the dev set (../shared/data/reports-dev) repeated to at least 1,000 reports, plus
the same count of complete rendered HTML reports (no real HTML report exists in shared/),
and prints the figures. Target: >= 50 reports/s for text and HTML.

    .venv/bin/python bench/check.py [--min 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the rendered-HTML fixture in tests/reportcheck

from gongkai.reportcheck import check_bytes  # noqa: E402
from gongkai.rules.formats import load_format  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "reports-dev"


def measure(label: str, inputs: list[tuple[str, bytes]], minimum: int) -> float:
    repeat = -(-minimum // len(inputs))
    batch = inputs * repeat
    start = time.perf_counter()
    for name, data in batch:
        check_bytes(name, data)
    elapsed = time.perf_counter() - start
    rate = len(batch) / elapsed
    print(f"{label:<28} {len(batch):>6} reports  {elapsed:7.2f} s  {rate:8.1f} reports/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min", type=int, default=1000, help="reports per measurement")
    args = parser.parse_args()
    if not DEV.is_dir():
        print(f"dev set not found at {DEV}", file=sys.stderr)
        return 2
    texts = [(p.name, p.read_bytes()) for p in sorted(DEV.glob("*.txt"))]
    pdfs = [(p.name, p.read_bytes()) for p in sorted(DEV.glob("*.pdf"))]
    from tests.reportcheck.fixtures import blocks, complete_cells, render

    html = []
    for fmt_id, year in (("gb2019", 2020), ("gb2021", 2023)):
        fmt = load_format(fmt_id)
        html.append(render("html", blocks(fmt, complete_cells(fmt), year)))
    rates = {
        "text (dev set)": measure("text (dev set, 41 files)", texts, args.min),
        "html (rendered, complete)": measure("html (rendered, complete)", html, args.min),
    }
    if pdfs:
        measure("pdf (huaian-2024)", pdfs, max(20, args.min // 50))
    slow = [k for k, v in rates.items() if v < 50]
    print("target >= 50 reports/s for text and HTML:", "met" if not slow else f"MISSED {slow}")
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
