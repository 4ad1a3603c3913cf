"""The whole-case archive (归档, Art. 45): one ZIP of a case for the agency's filing.

``summary.pdf`` (the applicant's data in full, the request, the clock, the timeline, the
reply, corrections, transfers, remedies), the original files (the identity document copy,
correction files, reply files, opinion files, decision documents), the documents the agency
sent (:func:`case_documents`: the reply letter today; the procedural notices are added
there), and ``index.csv`` listing every other file of the ZIP with its size and SHA-256.

The archive holds personal data in clear: building it requires the capability to see it,
records the access (``casework.PersonalDataAccess``) and writes an audit entry.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.agencies.policy import Capability, can
from gongkai.applications import letters, notices
from gongkai.applications.actions.common import audit_case
from gongkai.applications.clock import compute
from gongkai.applications.models import Application, NoticeKind, Reply, Transfer
from gongkai.casework.models import CaseKind, record_access
from gongkai.documents.pdf import html_to_pdf
from gongkai.rules.clock import ClockError

INDEX_NAME = "index.csv"
SUMMARY_NAME = "summary.pdf"


@dataclass(frozen=True)
class ArchivedFile:
    path: str  # inside the ZIP
    what: str  # what it is, in Chinese, for the index
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _safe(name: str) -> str:
    """A file's own name, usable inside a ZIP on every system (no folders, no controls)."""
    cleaned = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", name).strip(" .")
    return cleaned[-120:] or "file"


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def case_documents(app: Application) -> list[ArchivedFile]:
    """Every document the agency sent in the case, as issued (rendered from each notice's
    snapshot, numbered by its 文号), in the order issued. A reply recorded before replies
    were issued as notices is rendered from the reply itself."""
    documents = []
    for notice in app.notices.order_by("issued_on", "pk"):
        stem = f"letters/{notices.FILE_STEM[NoticeKind(notice.kind)]}-{notice.year}-{notice.serial}"
        title = f"{notice.get_kind_display()}（{notice.number}）"
        documents.append(
            ArchivedFile(f"{stem}.pdf", f"{title} PDF", letters.render_document_pdf(notice.content))
        )
        documents.append(
            ArchivedFile(
                f"{stem}.docx", f"{title} DOCX", letters.render_document_docx(notice.content)
            )
        )
    reply = Reply.objects.filter(application=app).first()
    if reply is not None and not app.notices.filter(kind=NoticeKind.REPLY).exists():
        documents.append(
            ArchivedFile("letters/答复告知书.pdf", "答复告知书（PDF）", letters.letter_pdf(reply))
        )
        documents.append(
            ArchivedFile(
                "letters/答复告知书.docx", "答复告知书（DOCX）", letters.letter_docx(reply)
            )
        )
    return documents


def original_files(app: Application) -> list[ArchivedFile]:
    """The files the case received or released, each under a numbered name."""
    files = []
    if app.id_document_copy:
        suffix = app.id_document_copy.name.rsplit(".", 1)[-1]
        files.append(
            ArchivedFile(
                f"files/identity/身份证明复印件.{suffix}",
                "申请人提交的身份证明复印件",
                _read(app.id_document_copy),
            )
        )
    for correction in app.corrections.prefetch_related("files"):
        for kept in correction.files.all():
            files.append(
                ArchivedFile(
                    f"files/corrections/{kept.pk}-{_safe(kept.name)}",
                    f"申请人补正材料（{correction.on}）",
                    _read(kept.file),
                )
            )
    reply = Reply.objects.filter(application=app).first()
    if reply is not None:
        for released in reply.files.all():
            files.append(
                ArchivedFile(
                    f"files/replies/{released.pk}-{_safe(released.name)}",
                    "随答复提供的政府信息",
                    _read(released.file),
                )
            )
    for assignment in app.assignments.select_related("department").prefetch_related("files"):
        for opinion in assignment.files.all():
            files.append(
                ArchivedFile(
                    f"files/opinions/{opinion.pk}-{_safe(opinion.name)}",
                    f"承办意见附件（{assignment.department.name}）",
                    _read(opinion.file),
                )
            )
    for remedy in app.remedies.exclude(decision_document=""):
        files.append(
            ArchivedFile(
                f"files/remedies/{remedy.pk}-{_safe(remedy.decision_document_name or 'decision')}",
                f"{remedy.get_kind_display()}决定或裁判文书",
                _read(remedy.decision_document),
            )
        )
    return files


def summary_pdf(app: Application, files: list[ArchivedFile]) -> bytes:
    try:
        clock = compute(app) if app.received_on else None
    except ClockError:
        clock = None
    entries = ModelLogEntry.objects.for_instance(app).select_related("user")
    context = {
        "app": app,
        "generated_at": timezone.localtime(),
        "clock": clock,
        "clock_events": app.clock_events.select_related("recorded_by"),
        "extensions": app.extensions.select_related("approved_by"),
        "reply": Reply.objects.filter(application=app).first(),
        "corrections": app.corrections.all(),
        "transfers": app.transfers.select_related("from_agency", "to_agency", "forwarded_as"),
        "forwarded_from": Transfer.objects.filter(forwarded_as=app)
        .select_related("application", "from_agency")
        .first(),
        "assignments": app.assignments.select_related("department"),
        "remedies": app.remedies.all(),
        "timeline": entries.order_by("timestamp", "pk"),
        "files": files,
    }
    return html_to_pdf(render_to_string("applications/archive/summary.html", context))


def index_csv(files: list[ArchivedFile]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["path", "sha256", "bytes", "description"])
    for item in files:
        writer.writerow([item.path, item.sha256, len(item.data), item.what])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: Excel reads it as UTF-8


def case_archive(app: Application, user) -> bytes:
    """The ZIP of ``app`` for ``user``, who must be allowed to see personal data in clear."""
    if not can(user, Capability.CASES_PERSONAL, app.agency_id):
        raise PermissionDenied("全案归档含申请人个人信息，只有可查看个人信息的人员可以下载")
    files = [*case_documents(app), *original_files(app)]
    summary = ArchivedFile(SUMMARY_NAME, "全案摘要", summary_pdf(app, files))
    listed = [summary, *files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in listed:
            archive.writestr(item.path, item.data)
        archive.writestr(INDEX_NAME, index_csv(listed))
    record_access(user, app, CaseKind.APPLICATION)
    audit_case(app, "archive", user, app.state, files=len(listed))
    return buffer.getvalue()
