"""What the applicant does on the tracking page, after proving the secret: a correction
(补正, Art. 30) sent online with its text and files."""

from __future__ import annotations

from django.db import transaction

from gongkai.applications.actions.common import (
    check_move,
    last_event_on,
    locked_case,
    move,
    record_event,
)
from gongkai.applications.models import Application, Correction, CorrectionFile, State
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError
from gongkai.casework.uploads import deleted_on_failure, random_name, upload_error
from gongkai.rules.clock import EventKind, china_today

MAX_FILES = 5
TEXT_MAX = 5000


def do_submit_correction(
    application: Application, *, text: str, files=(), findings=None
) -> Correction:
    """The applicant's correction arrives online today: recorded as the clock's "correction
    received" event by the applicant (audited with no user, ``by`` applicant), which restarts
    the reply period (Art. 30). ``findings`` (file index → masked findings of the privacy
    gate) are kept with each file for staff; the audit entry holds only their number."""
    text = text.strip()
    if not text and not files:
        raise ActionError("请填写补正内容或上传补正材料")
    if len(text) > TEXT_MAX:
        raise ActionError(f"补正内容不能超过{TEXT_MAX}个字")
    if len(files) > MAX_FILES:
        raise ActionError(f"补正材料最多上传{MAX_FILES}个文件")
    for upload in files:
        if error := upload_error(upload):
            raise ActionError(f"《{upload.name}》：{error}")
    findings = findings or {}
    on = china_today()
    storage = CorrectionFile._meta.get_field("file").storage
    with deleted_on_failure(storage) as stored, transaction.atomic():
        app = locked_case(application)
        if app.state != State.AWAITING_CORRECTION:
            raise TransitionError("该申请未在等待补正")
        check_move(app, State.PROCESSING)
        requested = last_event_on(app, EventKind.CORRECTION_REQUESTED)
        if requested is not None and on < requested:
            raise ActionError("收到补正日期不能早于补正告知日期")
        correction = Correction.objects.create(application=app, text=text, on=on)
        for index, upload in enumerate(files):
            kept = CorrectionFile(
                correction=correction,
                name=upload.name[-200:],
                findings=list(findings.get(index, [])),
            )
            kept.file.save(random_name(upload), upload, save=False)
            stored.append(kept.file.name)
            kept.save()
        record_event(app, EventKind.CORRECTION_RECEIVED, on, None, note="申请人在线补正")
        move(
            app,
            State.PROCESSING,
            "receive_correction",
            None,
            on=on,
            by="applicant",
            files=len(files),
            files_with_personal_data=sum(1 for i in findings if findings[i]),
        )
        notify_applicant(app, "已收到补正", f"已收到补正材料，答复期限为 {app.reply_due}。")
    return correction
