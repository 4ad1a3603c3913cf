"""Issuing a notice (告知书、通知书) in the agency's 文号 sequence, and its downloads.

:func:`issue_notice` runs inside an action's transaction: it takes the next number of the
agency's sequence (``gongkai.agencies.numbering``), builds the text with that number, stores
the snapshot and writes the audit entry — so a refused or rolled-back action leaves neither a
document nor a used number. An agency without a 文号 prefix cannot issue: the action is
refused with the reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

from django.http import FileResponse, Http404

from gongkai.agencies.numbering import MissingPrefix, issue_number
from gongkai.applications.audit import AUDIT
from gongkai.applications.letters import render_document_docx, render_document_pdf
from gongkai.applications.models import Application, Notice, NoticeKind
from gongkai.casework import ActionError, audit


def issue_notice(
    app: Application,
    kind: NoticeKind,
    *,
    issued_on: date,
    build: Callable[[str], dict],
    acting_user,
    addressee: str = "",
    to_applicant: bool = True,
) -> Notice:
    """Number, compose (``build(reference)`` → snapshot) and store one notice of ``app``."""
    try:
        number = issue_number(app.agency, issued_on.year)
    except MissingPrefix as exc:
        raise ActionError(exc.zh, exc.en, code="missing_document_prefix") from exc
    content = build(str(number))
    notice = Notice.objects.create(
        application=app,
        agency=app.agency,
        kind=kind,
        year=number.year,
        serial=number.serial,
        number=str(number),
        issued_on=issued_on,
        addressee=addressee or app.applicant_name,
        to_applicant=to_applicant,
        content=content,
        issued_by=acting_user,
    )
    audit(
        app,
        AUDIT,
        "issue_notice",
        user=acting_user,
        old_state=app.state,
        notice=notice.pk,
        kind=kind.value,
        number=notice.number,
        issued_on=issued_on,
        to_applicant=to_applicant,
    )
    return notice


RENDER = {"docx": render_document_docx, "pdf": render_document_pdf}

#: ASCII names of the kinds, for file names safe in a Content-Disposition header.
FILE_STEM = {
    NoticeKind.RECEIPT: "queren",
    NoticeKind.CORRECTION: "buzheng",
    NoticeKind.EXTENSION: "yanqi",
    NoticeKind.CONSULTATION: "zhengqiu",
    NoticeKind.THIRD_PARTY_DECISION: "juedinggongkai",
    NoticeKind.FEE: "shoufei",
    NoticeKind.TERMINATION: "zhongzhi",
    NoticeKind.REPLY: "gaozhishu",
}


def notice_filename(notice: Notice, ext: str) -> str:
    """``<kind>-<year>-<serial>.<ext>``: ASCII, unique in the agency's sequence."""
    if not re.fullmatch(r"[a-z0-9]{1,8}", ext):
        raise ValueError(f"not a file extension: {ext!r}")
    return f"{FILE_STEM[NoticeKind(notice.kind)]}-{notice.year}-{notice.serial}.{ext}"


def notice_response(notice: Notice, ext: str):
    """The notice as a download (docx or pdf) once the caller has checked access; another
    extension is a 404. Rendered from the snapshot: the document as it was issued."""
    render = RENDER.get(ext)
    if render is None:
        raise Http404("No such format")
    return FileResponse(
        io.BytesIO(render(notice.content)),
        as_attachment=True,
        filename=notice_filename(notice, ext),
    )
