"""CSV import and export of the register: accounts, and post counts per period.

A file is UTF-8 (with or without BOM) or GB18030, as Excel writes it; the header names each
column by its Chinese title or its id. Every good row is recorded (through the actions, so
checked and audited); every bad row is reported with its line, in Chinese and English, and
changes nothing. Files handed out are written by ``gongkai.csvfile``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from gongkai.agencies.sheets import decode
from gongkai.casework import ActionError, audit
from gongkai.monitoring.accounts import check_manage, do_record_posts, do_save_account
from gongkai.monitoring.audit import AUDIT
from gongkai.monitoring.models import Account, Platform, PostSource

ACCOUNT_COLUMNS = (
    ("platform", "平台", True),
    ("name", "账号名称", True),
    ("account_id", "账号ID", False),
    ("url", "网址", False),
    ("department", "主办单位", False),
    ("opened_on", "开设日期", False),
    ("closed_on", "关停日期", False),
    ("feed_url", "订阅源", False),
)
POST_COLUMNS = (
    ("platform", "平台", True),
    ("name", "账号名称", True),
    ("start", "起始日期", True),
    ("end", "截止日期", True),
    ("count", "发文数", True),
)
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    zh: str
    en: str

    def __str__(self) -> str:
        at = f"第 {self.line} 行 / line {self.line}: " if self.line else ""
        column = f"{self.column}: " if self.column else ""
        return f"{at}{column}{self.zh} / {self.en}"


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


class RowError(ValueError):
    def __init__(self, column: str, zh: str, en: str):
        super().__init__(zh)
        self.column, self.zh, self.en = column, zh, en


def parse_platform(text: str) -> str:
    text = text.strip()
    for value, label in Platform.choices:
        if text in (value, str(label)) or text.lower() == value:
            return value
    aliases = {"微信": Platform.WECHAT, "公众号": Platform.WECHAT, "新浪微博": Platform.WEIBO}
    if text in aliases:
        return aliases[text]
    raise RowError("平台", f"未知的平台“{text}”", f"unknown platform {text!r}")


def parse_date(text: str, column: str, *, required=False) -> date | None:
    text = text.strip()
    if not text:
        if required:
            raise RowError(column, "必须填写日期", "a date is required")
        return None
    match = DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise RowError(column, f"日期“{text}”无法识别", f"unreadable date {text!r}") from None


def read_rows(data: bytes, columns) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """(line, {column id: text}) of each non-empty data row, and the header's problems."""
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return [], [Problem(None, "", "无法识别文件编码", "unreadable encoding")]
    records = list(csv.reader(io.StringIO(text)))
    numbered = [(n, [c.strip() for c in r]) for n, r in enumerate(records, 1) if any(r)]
    if not numbered:
        return [], [Problem(None, "", "文件为空", "the file is empty")]
    known = {name: cid for cid, title, _ in columns for name in (cid, title)}
    header_line, header = numbered[0]
    ids = [known.get(name) for name in header]
    problems = [
        Problem(header_line, name, "未知的列", "unknown column")
        for name, cid in zip(header, ids, strict=True)
        if name and cid is None
    ]
    problems += [
        Problem(header_line, title, f"缺少必填列“{title}”", "required column missing")
        for cid, title, required in columns
        if required and cid not in ids
    ]
    if problems:
        return [], problems
    rows = [
        (line, {cid: cell for cid, cell in zip(ids, record, strict=False) if cid})
        for line, record in numbered[1:]
    ]
    return rows, []


def import_accounts(agency, data: bytes, *, acting_user) -> Outcome:
    check_manage(acting_user, agency.pk)
    rows, problems = read_rows(data, ACCOUNT_COLUMNS)
    outcome = Outcome(problems=problems)
    existing = {(a.platform, a.name): a for a in Account.objects.filter(agency=agency)}
    for line, row in rows:
        try:
            values = {
                **{k: row.get(k, "") for k in ("name", "account_id", "url", "department")},
                "feed_url": row.get("feed_url", ""),
                "platform": parse_platform(row.get("platform", "")),
                "opened_on": parse_date(row.get("opened_on", ""), "开设日期"),
                "closed_on": parse_date(row.get("closed_on", ""), "关停日期"),
            }
            if not values["name"]:
                raise RowError("账号名称", "必须填写账号名称", "the account name is required")
            account = existing.get((values["platform"], values["name"]))
            saved = do_save_account(agency, values, acting_user=acting_user, account=account)
        except (RowError, ActionError) as error:
            outcome.problems.append(_row_problem(line, error))
            continue
        existing[(saved.platform, saved.name)] = saved
        if account is None:
            outcome.created += 1
        else:
            outcome.updated += 1
    _audit_import(agency, "import_accounts", acting_user, outcome)
    return outcome


def _row_problem(line: int, error: RowError | ActionError) -> Problem:
    """Why the row at ``line`` was rejected: a value read wrong, or refused by the action."""
    if isinstance(error, RowError):
        return Problem(line, error.column, error.zh, error.en)
    details = "；".join(error.details)
    zh = error.message + (f"（{details}）" if details else "")
    return Problem(line, "", zh, error.english or error.message)


def _audit_import(agency, action, acting_user, outcome: Outcome) -> None:
    audit(
        agency,
        AUDIT,
        action,
        user=acting_user,
        created=outcome.created,
        updated=outcome.updated,
        rejected=[str(p) for p in outcome.problems],
    )


def import_posts(agency, data: bytes, *, acting_user) -> Outcome:
    check_manage(acting_user, agency.pk)
    rows, problems = read_rows(data, POST_COLUMNS)
    outcome = Outcome(problems=problems)
    accounts = {(a.platform, a.name): a for a in Account.objects.filter(agency=agency)}
    for line, row in rows:
        try:
            platform = parse_platform(row.get("platform", ""))
            account = accounts.get((platform, row.get("name", "")))
            if account is None:
                raise RowError(
                    "账号名称",
                    f"该机关没有登记账号“{row.get('name', '')}”",
                    "no such account registered for this agency",
                )
            start = parse_date(row.get("start", ""), "起始日期", required=True)
            end = parse_date(row.get("end", ""), "截止日期", required=True)
            count_text = row.get("count", "").replace(",", "")
            if not count_text.isdigit():
                raise RowError("发文数", "发文数应为非负整数", "the count must be a whole number")
            do_record_posts(
                account, start, end, int(count_text), acting_user=acting_user, source=PostSource.CSV
            )
        except (RowError, ActionError) as error:
            outcome.problems.append(_row_problem(line, error))
            continue
        outcome.created += 1
    _audit_import(agency, "import_posts", acting_user, outcome)
    return outcome


def account_rows(accounts):
    for a in accounts:
        yield [
            a.get_platform_display(),
            a.name,
            a.account_id,
            a.url,
            a.department,
            a.opened_on.isoformat() if a.opened_on else "",
            a.closed_on.isoformat() if a.closed_on else "",
            a.feed_url,
        ]


def headers(columns) -> list[str]:
    return [title for _, title, _ in columns]
