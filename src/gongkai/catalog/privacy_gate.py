"""The privacy gate: nothing with personal information goes public by accident.

Every way an InfoItem can be published passes here: the editor's publish button, the
reviewer's approval in the workflow, and bulk publishing. With findings the publication is
refused and the findings are listed (masked); a reviewer may publish anyway only by recording
a reason, which goes in the audit log.
"""

import hashlib
import json
import re
from dataclasses import dataclass, replace
from html import unescape

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import RichTextField
from wagtail.log_actions import log

from gongkai.casework.uploads import private_storage
from gongkai.extract.properties import read_properties
from gongkai.jobs.results import awaited
from gongkai.privacy import BLOCKING, UnreadableFileError, mask_text, scan_file, scan_text

OVERRIDE_ACTION = "gongkai.privacy_override"
UNREADABLE = "无法自动检查的文件"


@dataclass(frozen=True)
class GateFinding:
    where: str
    kind: str
    masked: str

    def __str__(self) -> str:
        return f"{self.where}：{self.kind} {self.masked}"


# The names staff know an item's fields by, in the order findings are listed. Every other
# text field of the page is scanned too, under its own verbose name, so that a field added
# later is not forgotten.
FIELD_NAMES = {
    "title": "标题",
    "summary": "内容概述",
    "document_number": "文号",
    "keywords": "关键词",
    "body": "正文",
    "topic": "主题分类",
    "genre": "体裁",
    "slug": "网址别名",
    "seo_title": "SEO标题",
    "search_description": "搜索描述",
}
# Text fields that are the tree's bookkeeping, or generated, not content anyone writes, and
# the guide's office contacts, which the law wants published (Art. 12: 咨询电话 …).
NOT_CONTENT = {
    "path",
    "url_path",
    "draft_title",
    "index_number",
    "phone",
    "fax",
    "email",
    "postal_address",
    "office_address",
    "postcode",
}
# Attributes of rich text the reader does not see as text but the page carries.
_ATTRIBUTE = re.compile(r"""\b(alt|href|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ATTRIBUTE_NAMES = {"alt": "图片说明文字", "href": "链接地址", "title": "提示文字"}


def text_findings(where: str, text: str) -> list[GateFinding]:
    return [
        GateFinding(where, finding.kind.label, finding.masked)
        for finding in scan_text(text or "", min_confidence=BLOCKING)
    ]


def content_fields(item):
    """(name shown to staff, field) for every text field of ``item`` that is published."""
    fields = [
        field
        for field in item._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_CONTENT
    ]
    order = list(FIELD_NAMES)
    fields.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    return [(FIELD_NAMES.get(f.name, str(f.verbose_name)), f) for f in fields]


def rich_text_findings(where: str, html: str) -> list[GateFinding]:
    """The visible text of rich text, then its image alt texts, link targets and titles."""
    found = text_findings(where, strip_tags(html))
    for match in _ATTRIBUTE.finditer(html):
        name = match.group(1).lower()
        value = unescape(match.group(2) if match.group(2) is not None else match.group(3))
        found += text_findings(f"{where}（{_ATTRIBUTE_NAMES[name]}）", value)
    return found


def scan_item(item) -> list[GateFinding]:
    """Findings of blocking confidence in every published field of the page (an item, a
    column's description, a guide, a home page) and in its attached files: their titles,
    names, text and properties."""
    found = []
    for where, field in content_fields(item):
        value = field.value_from_object(item) or ""
        if isinstance(field, RichTextField):
            found += rich_text_findings(where, value)
        else:
            found += text_findings(where, str(value))
    attachments = getattr(item, "attachments", None)
    for attachment in attachments.all() if attachments is not None else ():
        document = attachment.document
        where = f"附件《{mask_text(document.title)}》"
        found += text_findings(f"{where}标题", document.title)
        found += text_findings(f"{where}文件名", document.filename)
        with document.file.open("rb") as handle:
            data = handle.read()
        found += file_findings(data, document.filename, where)
    return found


def _sheet_cell(match) -> str:
    name, state, cell = match.groups()
    state = {" (hidden)": "（隐藏）", " (very hidden)": "（深度隐藏）"}.get(state, "")
    return f"工作表“{name}”{state}{cell}"


# The scanner names places in files in English (its command line is bilingual); the back
# office names them in Chinese.
_LOCATION_WORDS = [
    (re.compile(r"^table (\d+) row (\d+) cell (\d+)"), r"第\1个表格第\2行第\3格"),
    (re.compile(r"^paragraph (\d+)"), r"第\1段"),
    (re.compile(r"^page (\d+)"), r"第\1页"),
    (re.compile(r"^line (\d+)"), r"第\1行"),
    (re.compile(r"^sheet (.+?)((?: \((?:very )?hidden\))?) ([A-Z]+\d+)"), _sheet_cell),
    (re.compile(r"^(comment|footnote|endnote|header|footer)\b"), None),
    (re.compile(r"^property (.+)"), r"文件属性“\1”"),
]
_PART_NAMES = {
    "comment": "批注",
    "footnote": "脚注",
    "endnote": "尾注",
    "header": "页眉",
    "footer": "页脚",
}
_NOTES = [
    (" (tracked changes)", "（含修订痕迹）"),
    (" (hidden row, hidden column)", "（隐藏行、隐藏列）"),
    (" (hidden row)", "（隐藏行）"),
    (" (hidden column)", "（隐藏列）"),
    (" comment", " 批注"),
]


def chinese_location(location: str) -> str:
    """A place in a file as the scanner names it (``paragraph 2``), in Chinese (第2段)."""
    for pattern, replacement in _LOCATION_WORDS:
        match = pattern.match(location)
        if match is None:
            continue
        if replacement is None:
            head = _PART_NAMES[match.group(1)]
            rest = location[match.end() :]
            number = re.match(r" (\d+)", rest)
            if number:
                head += number.group(1)
                rest = rest[number.end() :]
            location = head + rest
        else:
            location = pattern.sub(replacement, location, count=1)
        break
    for english, chinese in _NOTES:
        location = location.replace(english, chinese)
    return location


def file_findings(data: bytes, filename: str, where: str = "") -> list[GateFinding]:
    """Blocking findings in one file, located after ``where``; an unreadable file (a scan, a
    .doc) is itself a finding: the scanner cannot clear it, a person must."""
    try:
        findings = scan_file(data, filename, min_confidence=BLOCKING)
        # A file's own properties (author, subject…) travel with every download.
        for block in read_properties(data, filename):
            findings += [
                replace(finding, location=block.location)
                for finding in scan_text(block.text, min_confidence=BLOCKING)
            ]
    except UnreadableFileError:
        return [GateFinding(where, UNREADABLE, "请人工核对")]
    return [
        GateFinding(f"{where} {chinese_location(f.location)}".strip(), f.kind.label, f.masked)
        for f in findings
    ]


def gated(page) -> bool:
    """Whether publishing ``page`` passes the gate: every page of the public site (items,
    columns, guides, home pages); only Wagtail's root is not public content."""
    return page.depth is not None and page.depth > 1


SCAN_JOB = "catalog.privacy_scan"
# What a scan that could not finish (its attempts spent, its worker gone) counts as: a finding
# a person must clear, never a clean page.
NOT_FINISHED = GateFinding("", "个人信息检查未能完成", "请人工核对")


@dataclass(frozen=True)
class Scan:
    """The gate's answer for a page: still checking (``pending``), or its findings."""

    pending: bool
    findings: tuple[GateFinding, ...] = ()

    @classmethod
    def of(cls, outcome) -> "Scan":
        """The answer of a scan job's outcome (``jobs.results.awaited``)."""
        if outcome.pending or (not outcome.failed and outcome.result is None):
            return cls(pending=True)
        if outcome.failed:
            return cls(pending=False, findings=(NOT_FINISHED,))
        return cls(pending=False, findings=tuple(GateFinding(*row) for row in outcome.result))


# The rich-text editor gives each block a new random key on every save; it is not text.
_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def _scanned(page, revision=None):
    """(revision, what would be published, its key) for ``page``: its latest revision, or
    the one given."""
    revision = revision or page.get_latest_revision()
    item = revision.as_object() if revision else page
    # Keyed by what the scan reads — every published field and the attached files as they
    # are now (a draft's file may be replaced in the library while the draft waits) — and
    # not by the revision: saving the same text again (the publish button saves a revision)
    # is answered by the scan already made.
    fields = [
        [field.name, _BLOCK_KEY.sub("", str(field.value_from_object(item) or ""))]
        for _where, field in content_fields(item)
    ]
    attachments = getattr(item, "attachments", None)
    files = [
        (a.document_id, a.document.title, a.document.file.name, a.document.file_hash)
        for a in (attachments.all() if attachments is not None else ())
    ]
    digest = hashlib.sha256(
        json.dumps([fields, files], sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()
    return revision, item, f"privacy-gate:v3:{digest}"


def scan_page(page: int, revision: int | None, key: str):
    """The worker's job: the findings of that revision of the page as rows, or None when
    what it would scan no longer has ``key`` (a file replaced since), so that it is asked
    again."""
    from wagtail.models import Page, Revision

    specific = Page.objects.get(pk=page).specific
    # The revision asked about, or (pruned since) the latest: the key decides either way.
    given = Revision.objects.filter(pk=revision).first() if revision is not None else None
    _revision, item, now_key = _scanned(specific, given)
    if now_key != key:
        return None
    return [[f.where, f.kind, f.masked] for f in scan_item(item)]


def scan_for(page) -> Scan:
    """The gate's answer for the latest revision of ``page`` (what would be published).

    The scan runs as a job of the worker (``SCAN_JOB``), once per content: until it has run
    the answer is pending, and a job that failed counts as a finding a person must clear.
    """
    revision, _item, key = _scanned(page)
    outcome = awaited(
        SCAN_JOB, key, page=page.pk, revision=revision.pk if revision else None, key=key
    )
    return Scan.of(outcome)


FILE_SCAN_JOB = "catalog.privacy_file_scan"
FILE_SCANS = "privacy-scans"


def file_scan(data: bytes, filename: str) -> Scan:
    """The gate's answer for one uploaded file (a reply's attachment), scanned on the worker.

    The file waits in the private files under its digest until the worker has read it; the
    answer is kept in the job, keyed by the digest and the name (a reader is chosen by the
    name's suffix), so the same file sent again is answered at once.
    """
    from django.core.files.base import ContentFile

    digest = hashlib.sha256(data).hexdigest()
    name_digest = hashlib.sha256(filename.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    key = f"privacy-file:v1:{digest}:{name_digest}"
    stored = f"{FILE_SCANS}/{digest}"
    store = private_storage()
    if not store.exists(stored):
        store.save(stored, ContentFile(data))
    outcome = awaited(FILE_SCAN_JOB, key, stored=stored, filename=filename)
    return Scan.of(outcome)


def scan_stored_file(stored: str, filename: str):
    """The worker's job: the findings of a kept upload, as rows; None when the file is gone
    (removed after an earlier scan of the same content under another name), so that the
    next request keeps it again."""
    if not stored.startswith(f"{FILE_SCANS}/") or ".." in stored:
        raise ValueError("privacy scan file outside its place")
    store = private_storage()
    if not store.exists(stored):
        return None
    with store.open(stored, "rb") as handle:
        data = handle.read()
    rows = [[f.where, f.kind, f.masked] for f in file_findings(data, filename)]
    store.delete(stored)
    return rows


def describe(findings: list[GateFinding]) -> str:
    return "；".join(str(f) for f in findings)


def record_override(page, user, reason: str, findings: list[GateFinding]) -> None:
    log(
        instance=page,
        action=OVERRIDE_ACTION,
        user=user,
        data={"reason": reason, "findings": [str(f) for f in findings]},
    )
