"""``gongkai privacy-scan PATH...``: scan files and folders for personal information.

The management command only wires ``add_arguments`` and ``run``; ``gongkai privacy-scan``
calls :func:`main` without booting Django (``gongkai.cli``); everything testable is here. Output never contains a clear value, only masked ones, so it can go into CI logs.

One line per finding, ``PATH:LOCATION: KIND MASKED`` (confidence only in ``--json``). Exit status (issue 3):
1 when anything is found; otherwise 2 when a path is missing or a file could not be read or
is of an unsupported kind; otherwise 0.
"""

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from gongkai.extract import KNOWN_UNSUPPORTED_SUFFIXES, SUPPORTED_SUFFIXES

from .files import UnreadableFileError, scan_file
from .findings import BLOCKING, Confidence

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_UNREADABLE = 2


def add_arguments(parser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (folders are read recursively)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--min-confidence",
        choices=[level.label for level in Confidence],
        default=BLOCKING.label,
        help="report findings from this confidence up (default: %(default)s; "
        "low adds office landlines, agency mailboxes and bare checksum matches)",
    )
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="VALUE",
        help="a value that is public on purpose, such as the office phone (repeatable)",
    )


def run(
    paths: Iterable[str],
    as_json: bool,
    stdout,
    stderr,
    *,
    min_confidence: str | Confidence = BLOCKING,
    allow: Iterable[str] = (),
) -> int:
    threshold = Confidence.parse(min_confidence)
    allow = tuple(allow)
    findings: list[dict] = []
    errors: list[dict] = []
    scanned = 0
    for path in _files(paths, errors):
        try:
            found = scan_file(path, allow=allow, min_confidence=threshold)
        except UnreadableFileError as error:
            errors.append({"path": str(path), "message": f"{error.reason_zh} / {error.reason_en}"})
            continue
        scanned += 1
        findings.extend({"path": str(path), **finding.to_dict()} for finding in found)

    if as_json:
        document = {
            "min_confidence": threshold.label,
            "files_scanned": scanned,
            "findings": findings,
            "errors": errors,
        }
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        for item in findings:
            # Exactly PATH:LOCATION: KIND MASKED (issue 3); confidence is in --json.
            stdout.write(f"{item['path']}:{item['location']}: {item['kind']} {item['masked']}\n")
        for error in errors:
            stderr.write(f"{error['path']}: {error['message']}\n")
        stderr.write(
            f"扫描 {scanned} 个文件，发现 {len(findings)} 处个人信息，{len(errors)} 个文件无法读取"
            f" / {scanned} files scanned, {len(findings)} findings, {len(errors)} unreadable"
            f" (confidence >= {threshold.label})\n"
        )
    if findings:
        return EXIT_FOUND
    if errors:
        return EXIT_UNREADABLE
    return EXIT_CLEAN


def _files(paths: Iterable[str], errors: list[dict]) -> Iterator[Path]:
    """Files named directly (whatever their kind, so an unsupported one is reported) and the
    documents inside folders. Inside folders, files that are not documents at all (images,
    stylesheets) are passed over; document kinds we cannot read are still reported."""
    wanted = SUPPORTED_SUFFIXES + KNOWN_UNSUPPORTED_SUFFIXES
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, directories, files in os.walk(path):
                # Hidden folders are version-control or tool state, not content.
                directories[:] = sorted(d for d in directories if not d.startswith("."))
                for file in sorted(files):
                    if Path(file).suffix.lower() in wanted and not file.startswith("~$"):
                        yield Path(root) / file
        elif path.exists():
            yield path
        else:
            errors.append({"path": name, "message": "路径不存在 / no such file or folder"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai privacy-scan",
        description="Find personal information (ID, mobile, bank card numbers …) in files "
        "and folders",
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    return run(
        options.paths,
        options.json,
        sys.stdout,
        sys.stderr,
        min_confidence=options.min_confidence,
        allow=options.allow or (),
    )
