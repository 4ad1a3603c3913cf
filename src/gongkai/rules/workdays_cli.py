"""``gongkai workdays``: working-day arithmetic from the command line.

    gongkai workdays add 2026-09-21 20   →  2026-10-26
    gongkai workdays check 2026-02-14    →  workday 调休

The Django management command only wires these two functions to its parser and its output
streams; everything the command decides is here, so that tests call it directly.
Exit status: 0 on success, 2 on a missing year or bad input (message on stderr).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import IO, Any

from gongkai.rules.calendar import DayKind, MissingHolidayData, WorkdayCalendar

__all__ = ["EXIT_ERROR", "EXIT_OK", "add_arguments", "run"]

EXIT_OK = 0
EXIT_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # DATE and N are taken as strings and checked in run(), so that bad input gets the same
    # bilingual message and exit status however the command is invoked.
    sub = parser.add_subparsers(dest="subcommand", metavar="{add,check}")
    add = sub.add_parser(
        "add",
        help="print the date N working days after DATE / 计算某日之后第 N 个工作日",
        description="DATE itself never counts, whatever kind of day it is; N ≥ 1.",
    )
    add.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("n", metavar="N", help="number of working days (≥ 1)")
    check = sub.add_parser(
        "check",
        help="print what kind of day DATE is / 查询某日是否为工作日",
        description="Prints: workday, workday 调休, weekend, or holiday <name>.",
    )
    check.add_argument("date", metavar="DATE", help="YYYY-MM-DD")


class _InputError(Exception):
    pass


def _parse_date(value: Any) -> date:
    if isinstance(value, date) and type(value) is date:
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _InputError(
            f"日期无效：{value!r}，应为 YYYY-MM-DD 格式 / invalid date {value!r}: expected YYYY-MM-DD"
        ) from None


def _parse_n(value: Any) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        raise _InputError(
            f"工作日数无效：{value!r}，应为不小于 1 的整数 / "
            f"invalid N {value!r}: expected a whole number of at least 1"
        )
    return int(text)


def _describe(calendar: WorkdayCalendar, day: date) -> str:
    kind, holiday = calendar.day_kind(day)
    if kind is DayKind.ADJUSTED_WORKDAY:
        return "workday 调休"
    if kind is DayKind.HOLIDAY:
        return f"holiday {holiday}"
    return str(kind)


def run(
    options: dict[str, Any], calendar: WorkdayCalendar, stdout: IO[str], stderr: IO[str]
) -> int:
    subcommand = options.get("subcommand")
    try:
        if subcommand == "add":
            start = _parse_date(options.get("date"))
            n = _parse_n(options.get("n"))
            stdout.write(calendar.add_workdays(start, n).isoformat() + "\n")
        elif subcommand == "check":
            stdout.write(_describe(calendar, _parse_date(options.get("date"))) + "\n")
        else:
            raise _InputError(
                "请指定子命令 add DATE N 或 check DATE / "
                "expected a subcommand: add DATE N, or check DATE"
            )
    except (_InputError, MissingHolidayData) as exc:
        stderr.write(f"{exc}\n")
        return EXIT_ERROR
    return EXIT_OK
