"""Command-line entry of the report check: ``gongkai report-check PATH...``.

The Django management command only wires :func:`add_arguments` and :func:`run`;
``python -m gongkai.reportcheck`` uses :func:`main`. Exit status: 0 no errors, 1 errors
found (an unreadable file is an error finding), 2 a path does not exist or nothing at all
could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from . import ids
from .checker import Report, check_file
from .readers import SUPPORTED_SUFFIXES

PROGRESS_THRESHOLD = 3  # more files than this get a progress bar on stderr
_BAR_WIDTH = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", help="报告文件或文件夹（递归；.txt .html .htm .docx .pdf）"
    )
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 文档")


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to check, in a stable order, and the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing


def run(paths: list[str], as_json: bool, stdout: TextIO, stderr: TextIO) -> int:
    files, missing = collect(paths)
    for raw in missing:
        print(f"report-check: 路径不存在：{raw}", file=stderr)
    if missing:
        return 2
    if not files:
        print("report-check: 没有可检查的文件（支持 .txt .html .htm .docx .pdf）", file=stderr)
        return 2
    reports: list[Report] = []
    show_progress = len(files) > PROGRESS_THRESHOLD
    for done, path in enumerate(files, start=1):
        reports.append(check_file(path))
        if show_progress:
            _progress(done, len(files), stderr)
    if show_progress:
        stderr.write("\n")
        stderr.flush()
    if as_json:
        json.dump({"reports": [r.to_dict() for r in reports]}, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        for report in reports:
            _print_report(report, stdout)
    if all(ids.UNREADABLE in r.rules() for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0


def _progress(done: int, total: int, stderr: TextIO) -> None:
    filled = _BAR_WIDTH * done // total
    stderr.write(f"\r[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {done}/{total}")
    stderr.flush()


def _print_report(report: Report, out: TextIO) -> None:
    year = report.year if report.year is not None else "?"
    out.write(f"{report.path}\n")
    out.write(f"  格式 {report.format}  年度 {year}  机关 {report.agency or '?'}\n")
    if not report.findings:
        out.write("  未发现问题\n")
    for finding in report.findings:
        where = f" [{finding.location}]" if finding.location else ""
        out.write(f"  {finding.severity:<7} {finding.rule}{where}: {finding.message}\n")
        if finding.evidence:
            out.write(f"          「{finding.evidence}」\n")
    out.write("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="report-check", description="年报体检：检查政府信息公开工作年度报告"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.paths, args.json, sys.stdout, sys.stderr)
