"""An agency's 文号 (发文字号) for the documents it sends: its own prefix, the year in 六角括号
and a serial that restarts each year (GB/T 9704-2012 §7.2.4: 发文机关代字、年份、发文顺序号;
the year in 〔〕, the serial without leading zeros, followed by 号).

The serial is advanced by one conditional ``UPDATE … SET last = last + 1`` inside the
caller's transaction: on PostgreSQL the updated row stays locked until the caller commits,
on SQLite every transaction is BEGIN IMMEDIATE (settings.py), so writers run one after the
other — either way no two transactions read the same value, and a rolled-back document gives
its number back. A first issue of the year that races another insert falls back, in a
savepoint, to the UPDATE. The concurrent test runs on PostgreSQL (the in-memory SQLite test
database is not shared between connections).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.agencies.models import Agency, DocumentSerial

#: What a preview prints where the serial goes: the number is issued only when a document is.
PREVIEW_SERIAL = "×"


class MissingPrefix(Exception):
    """The agency has no 文号 prefix: it cannot send documents until its admin sets one."""

    zh = "本机关尚未设置依申请公开文书的发文字号前缀，不能发出告知书。请本机关管理员在机关设置中填写（如 庐交依申）。"
    en = (
        "This agency has no document number prefix yet, so it cannot send notices. "
        "Ask the agency's administrator to set it in the agency settings."
    )

    def __init__(self):
        super().__init__(self.zh)


@dataclass(frozen=True)
class DocumentNumber:
    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return format_number(self.prefix, self.year, self.serial)


def format_number(prefix: str, year: int, serial: int | str) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def preview_number(agency: Agency, year: int) -> str:
    """The 文号 a preview prints: the prefix (if set) and the year, the serial ×."""
    return format_number(agency.document_prefix, year, PREVIEW_SERIAL)


def issue_number(agency: Agency, year: int) -> DocumentNumber:
    """The next 文号 of ``agency`` in ``year``; must run inside the caller's transaction, so
    that the number is kept only with the document that uses it."""
    prefix = Agency.objects.filter(pk=agency.pk).values_list("document_prefix", flat=True).get()
    if not prefix:
        raise MissingPrefix()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_number must run inside the transaction that stores the document")
    rows = DocumentSerial.objects.filter(agency_id=agency.pk, year=year)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():  # a savepoint: a concurrent first issue may win
                DocumentSerial.objects.create(agency_id=agency.pk, year=year, last=1)
            return DocumentNumber(prefix, year, 1)
        except IntegrityError:
            rows.update(last=F("last") + 1)
    return DocumentNumber(prefix, year, rows.values_list("last", flat=True).get())
