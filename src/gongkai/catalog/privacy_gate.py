"""The privacy gate: nothing with personal information goes public by accident.

Every way an InfoItem can be published passes here: the editor's publish button, the
reviewer's approval in the workflow, and bulk publishing. With findings the publication is
refused and the findings are listed (masked); a reviewer may publish anyway only by recording
a reason, which goes in the audit log.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import strip_tags
from wagtail.log_actions import log

from gongkai.privacy import BLOCKING, UnreadableFileError, scan_file, scan_text

OVERRIDE_ACTION = "gongkai.privacy_override"
SCAN_CACHE_SECONDS = 24 * 60 * 60
UNREADABLE = "无法自动检查的文件"


@dataclass(frozen=True)
class GateFinding:
    where: str
    kind: str
    masked: str

    def __str__(self) -> str:
        return f"{self.where}：{self.kind} {self.masked}"


def scan_item(item) -> list[GateFinding]:
    """Findings of blocking confidence in the item's fields and attached files."""
    found = []
    fields = [
        ("标题", item.title),
        ("内容概述", item.summary),
        ("文号", item.document_number),
        ("关键词", item.keywords),
        ("正文", strip_tags(item.body or "")),
    ]
    for where, text in fields:
        for finding in scan_text(text or "", min_confidence=BLOCKING):
            found.append(GateFinding(where, finding.kind.label, finding.masked))
    for attachment in item.attachments.all():
        document = attachment.document
        with document.file.open("rb") as handle:
            data = handle.read()
        found += file_findings(data, document.filename, f"附件《{document.title}》")
    return found


def file_findings(data: bytes, filename: str, where: str = "") -> list[GateFinding]:
    """Blocking findings in one file, located after ``where``; an unreadable file (a scan, a
    .doc) is itself a finding: the scanner cannot clear it, a person must."""
    try:
        findings = scan_file(data, filename, min_confidence=BLOCKING)
    except UnreadableFileError:
        return [GateFinding(where, UNREADABLE, "请人工核对")]
    return [GateFinding(f"{where} {f.location}".strip(), f.kind.label, f.masked) for f in findings]


def findings_for(page) -> list[GateFinding]:
    """Findings in the latest revision of ``page`` (what would be published), cached per revision."""
    revision = page.get_latest_revision()
    item = revision.as_object() if revision else page
    if revision is None:
        return scan_item(item)
    # Keyed by the content itself: a revision id alone could be reused after a rollback.
    digest = hashlib.sha256(
        json.dumps(revision.content, sort_keys=True, default=str).encode()
    ).hexdigest()
    key = f"privacy-gate:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = [(f.where, f.kind, f.masked) for f in scan_item(item)]
        cache.set(key, cached, SCAN_CACHE_SECONDS)
    return [GateFinding(*row) for row in cached]


def describe(findings: list[GateFinding]) -> str:
    return "；".join(str(f) for f in findings)


def record_override(page, user, reason: str, findings: list[GateFinding]) -> None:
    log(
        instance=page,
        action=OVERRIDE_ACTION,
        user=user,
        data={"reason": reason, "findings": [str(f) for f in findings]},
    )
