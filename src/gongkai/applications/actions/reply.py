"""The reply (Art. 36-39): one outcome of the statutory list, and the files released with it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.agencies.policy import Capability, can, refusal_needs_head_approval
from gongkai.applications import particulars
from gongkai.applications.actions.common import (
    check_move,
    check_staff,
    check_step_date,
    locked_case,
    move,
)
from gongkai.applications.audit import AUDIT
from gongkai.applications.letters import applicant_you, letter_content, letter_snapshot
from gongkai.applications.models import (
    DENIALS,
    REPLY_OUTCOMES,
    Application,
    NoticeKind,
    Outcome,
    Reply,
    ReplyFile,
    State,
)
from gongkai.applications.notices import issue_notice
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, audit, check_choice
from gongkai.casework.uploads import deleted_on_failure, random_name
from gongkai.rules.clock import EventKind


def _check_outcome_grounds(app: Application, outcome: Outcome) -> None:
    """Outcomes the law allows only after a step: a request still unclear after a correction
    that was asked for and received (Art. 30); a refusal to protect a third party after the
    third party was consulted (Art. 32); excessive requests not handled after the applicant
    was asked for their reasons (Art. 35)."""
    kinds = set(app.clock_events.values_list("kind", flat=True))
    if (
        outcome == Outcome.UNABLE_UNCLEAR
        and not {
            EventKind.CORRECTION_REQUESTED,
            EventKind.CORRECTION_RECEIVED,
        }
        <= kinds
    ):
        raise ActionError("“补正后申请内容仍不明确”须先告知补正并收到补正材料（第三十条）")
    if outcome == Outcome.DENIED_THIRD_PARTY and EventKind.CONSULTATION_STARTED not in kinds:
        raise ActionError("以保护第三方合法权益为由不予公开，须先征求第三方意见（第三十二条）")
    if outcome == Outcome.NP_EXCESSIVE and app.reasons_requested_on is None:
        raise ActionError(
            "以“无正当理由大量反复申请”为由不予处理，须先要求申请人说明理由（第三十五条）"
        )


def _check_particulars(outcome: Outcome, given: dict) -> dict:
    """The structured content the law requires for ``outcome`` (``particulars.py``)."""
    unknown = set(given) - set(particulars.FIELDS)
    if unknown:
        raise TypeError(f"do_reply() got unexpected keyword arguments {sorted(unknown)}")
    problems = particulars.problems(outcome, given)
    if problems:
        first, *rest = dict.fromkeys(problems.values())
        raise ActionError(first, details=rest, code="reply_particulars")
    return particulars.clean(outcome, given)


def do_reply(
    application: Application,
    *,
    outcome: Outcome | str,
    text: str,
    replied_on: date,
    acting_user,
    **given,
) -> Reply:
    """Answer with exactly one outcome of the statutory list (Art. 36-39), stating what the
    law requires for it (``given``: the fields of ``particulars.FIELDS`` it needs); the letter
    takes the next 文号 of the agency's sequence."""
    with transaction.atomic():
        reply = _record_reply(
            application,
            outcome=outcome,
            text=text,
            replied_on=replied_on,
            acting_user=acting_user,
            **given,
        )
        issue_reply_notice(reply, acting_user)
    return reply


def issue_reply_notice(reply: Reply, acting_user):
    """The 答复告知书 as issued, with the files released with it."""
    app = reply.application
    return issue_notice(
        app,
        NoticeKind.REPLY,
        issued_on=reply.replied_on,
        build=lambda ref: letter_snapshot(
            letter_content(reply, reference=ref), you=applicant_you(app)
        ),
        acting_user=acting_user,
    )


def _record_reply(
    application: Application, *, outcome, text: str, replied_on: date, acting_user, **given
) -> Reply:
    check_staff(acting_user, application.agency_id)
    outcome = check_choice(Outcome, outcome, "办理结果")
    if outcome not in REPLY_OUTCOMES:
        raise ActionError("该办理结果由撤回或逾期终止登记，不能作为答复结果")
    if not text.strip():
        raise ActionError("请填写答复内容")
    stated = _check_particulars(outcome, given)
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.REPLIED)
        check_step_date(app, replied_on, "答复日期")
        _check_outcome_grounds(app, outcome)
        _check_refusal_approval(app, outcome, acting_user)
        reply = Reply.objects.create(
            application=app,
            outcome=outcome,
            replied_on=replied_on,
            text=text,
            replied_by=acting_user,
            **stated,
        )
        app.outcome, app.replied_on, app.concluded_on = outcome, replied_on, replied_on
        late = app.reply_due is not None and replied_on > app.reply_due
        move(app, State.REPLIED, "reply", acting_user, outcome=outcome.value, late=late)
        notify_applicant(app, "申请已答复", f"本机关已于 {replied_on} 作出答复：{outcome.label}。")
    return reply


#: Replies that refuse disclosure, wholly (不予公开, Art. 14-16, 36(7)) or in part (Art. 37).
REFUSALS = frozenset({Outcome.PARTIAL, *DENIALS})


def _check_refusal_approval(app: Application, outcome: Outcome, user) -> None:
    """Where the agency requires it, a refusal goes out only with its 公开办负责人's approval:
    the head (or whoever the policy lets approve refusals) sends it."""
    if outcome not in REFUSALS or not refusal_needs_head_approval(app.agency):
        return
    if not can(user, Capability.CASES_APPROVE_REFUSAL, app.agency):
        raise ActionError(
            "本机关规定：不予公开（含部分公开）的答复须经公开办负责人审批，请由公开办负责人作出答复。",
            "This agency requires its head of the disclosure office to approve a refusal: "
            "the head sends this reply.",
            code="refusal_needs_head_approval",
        )


def do_reply_with_files(
    app: Application,
    *,
    outcome,
    text,
    replied_on,
    files,
    privacy_override_reason="",
    findings=None,
    acting_user,
    **given,
) -> Reply:
    """``do_reply`` and the files released with it, in one transaction.

    ``findings`` (file index → masked findings) come from the privacy gate; a file with
    findings is stored only with the override reason, which goes into the audit log with the
    masked findings (never a file's name or content).
    """
    findings = findings or {}
    reason = privacy_override_reason.strip()
    storage = ReplyFile._meta.get_field("file").storage
    with deleted_on_failure(storage) as stored, transaction.atomic():
        reply = _record_reply(
            app,
            outcome=outcome,
            text=text,
            replied_on=replied_on,
            acting_user=acting_user,
            **given,
        )
        overridden = {}
        for index, upload in enumerate(files):
            released = _release(reply, upload, reason if index in findings else "", acting_user)
            stored.append(released.file.name)
            if index in findings:
                overridden[str(released.pk)] = findings[index]
        if overridden:
            case = reply.application
            audit(
                case,
                AUDIT,
                "reply_privacy_override",
                user=acting_user,
                old_state=case.state,
                reason=reason,
                files=overridden,
            )
        issue_reply_notice(reply, acting_user)
    return reply


def _release(reply: Reply, upload, override_reason: str, acting_user) -> ReplyFile:
    released = ReplyFile(
        reply=reply,
        name=upload.name[-200:],
        privacy_override_reason=override_reason,
        uploaded_by=acting_user,
    )
    # A random stored name: a file's name may itself name a person.
    released.file.save(random_name(upload), upload, save=False)
    released.save()
    return released
