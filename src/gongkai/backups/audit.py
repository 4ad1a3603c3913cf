"""Keeping and pruning the audit logs (网络安全法 Art. 21: network logs kept at least 6 months).

The audit of the site group lives in five tables: Wagtail's page and model log (every
publication, review step and staff action), the record of who saw personal data in clear,
and django-axes' logins and failed logins. Nothing prunes them by itself. An operator first
exports the entries older than a date to a JSON-lines file (with a ``.sha256`` beside it),
keeps that file as the archive, and then prunes exactly the entries the file holds — never
an entry younger than 183 days, never one that was not exported.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from gongkai.backups import sha256_of

# Art. 21 (四): 留存相关的网络日志不少于六个月. 183 days covers any six calendar months.
RETENTION_DAYS = 183
LOCAL = ZoneInfo("Asia/Shanghai")
BATCH = 500


@dataclass(frozen=True)
class AuditTable:
    label: str  # app_label.ModelName
    time_field: str

    @property
    def model(self):
        return apps.get_model(self.label)


AUDIT_TABLES = (
    AuditTable("wagtailcore.PageLogEntry", "timestamp"),
    AuditTable("wagtailcore.ModelLogEntry", "timestamp"),
    AuditTable("casework.PersonalDataAccess", "accessed_at"),
    AuditTable("axes.AccessLog", "attempt_time"),
    AuditTable("axes.AccessFailureLog", "attempt_time"),
)


class AuditError(Exception):
    """A refusal, in Chinese and English."""


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AuditError(
            f"日期格式应为 YYYY-MM-DD：{text!r} / the date must be YYYY-MM-DD: {text!r}"
        ) from None


def cutoff(before: date) -> datetime:
    """Entries strictly before the start of ``before`` in Beijing time."""
    return datetime.combine(before, time.min, tzinfo=LOCAL)


def earliest_allowed_cutoff(today: date) -> date:
    return today - timedelta(days=RETENTION_DAYS)


def check_retention(before: date, today: date) -> None:
    latest = earliest_allowed_cutoff(today)
    if before > latest:
        raise AuditError(
            f"只能清理{RETENTION_DAYS}天（6个月）以前的日志（网络安全法第二十一条），"
            f"--before 最晚为 {latest.isoformat()} / "
            f"only entries older than {RETENTION_DAYS} days (6 months) may be pruned "
            f"(Cybersecurity Law Art. 21): --before must be {latest.isoformat()} or earlier"
        )


def _older(table: AuditTable, before: date):
    return table.model.objects.filter(**{f"{table.time_field}__lt": cutoff(before)}).order_by("pk")


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def export(before: date, path: Path) -> dict[str, int]:
    """Write every audit entry older than ``before`` to ``path`` (one JSON object a line:
    ``model``, ``pk``, ``fields``) and its SHA-256 to ``path.sha256``; returns the counts."""
    if path.exists():
        raise AuditError(f"文件已存在：{path} / the file exists already: {path}")
    counts = {}
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for table in AUDIT_TABLES:
            counts[table.label] = 0
            for entry in _older(table, before).iterator(chunk_size=BATCH):
                (record,) = serializers.serialize("python", [entry])
                line = {"model": record["model"], "pk": record["pk"], "fields": record["fields"]}
                out.write(json.dumps(line, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
                counts[table.label] += 1
        out.flush()
        os.fsync(out.fileno())
    partial.rename(path)
    checksum_path(path).write_text(f"{sha256_of(path)}  {path.name}\n", encoding="utf-8")
    return counts


def _exported_keys(path: Path, sha256: str | None) -> dict[str, set]:
    if not path.is_file():
        raise AuditError(f"找不到导出文件：{path} / no such export file: {path}")
    actual = sha256_of(path)
    if sha256 is None:
        recorded = checksum_path(path)
        if not recorded.is_file():
            raise AuditError(
                f"缺少校验文件 {recorded.name}，请用 --sha256 给出导出时的校验值 / "
                f"{recorded.name} is missing: give the export's checksum with --sha256"
            )
        sha256 = recorded.read_text(encoding="utf-8").split()[0]
    if actual != sha256.lower():
        raise AuditError(
            f"导出文件与校验值不符，可能不完整或被修改：{path} / "
            f"the export file does not match its checksum (incomplete or changed): {path}"
        )
    keys: dict[str, set] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                keys.setdefault(record["model"], set()).add(record["pk"])
            except (ValueError, KeyError, TypeError):
                raise AuditError(
                    f"导出文件第{number}行无法读取 / line {number} of the export cannot be read"
                ) from None
    return keys


def prune(before: date, exported: Path, *, today: date, sha256: str | None = None) -> dict:
    """Delete the entries older than ``before`` that the export file holds; returns the
    counts. Refuses a ``before`` less than RETENTION_DAYS before ``today``."""
    check_retention(before, today)
    keys = _exported_keys(exported, sha256)
    counts = {}
    with transaction.atomic():
        for table in AUDIT_TABLES:
            label = table.model._meta.label_lower
            wanted = sorted(keys.get(label, ()))
            deleted = 0
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                deleted += _older(table, before).filter(pk__in=batch).delete()[0]
            counts[table.label] = deleted
    return counts
