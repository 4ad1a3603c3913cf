"""The case page of the back office: the case with one form per action its state allows,
the forms' handler, and the downloads of a case.

Every case is fetched through ``access.py`` (another agency's case is a 404); every change
goes through ``actions.py``, named in :data:`CASE_ACTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from gongkai.agencies.policy import Capability, can
from gongkai.applications import actions, letters, particulars
from gongkai.applications import notices as notices_module
from gongkai.applications import staff_forms as forms
from gongkai.applications.access import access_application, applications_for
from gongkai.applications.clock import clock_settings, compute
from gongkai.applications.models import (
    Application,
    CorrectionFile,
    FeeMethod,
    FeeNotice,
    Notice,
    Outcome,
    Reply,
    ReplyFile,
    State,
    Transfer,
    can_move,
)
from gongkai.applications.notifications import unsent_sms
from gongkai.applications.repeats import find_repeats
from gongkai.casework.models import CaseKind, record_access
from gongkai.disputes import actions as register
from gongkai.disputes.models import RemedyResult
from gongkai.rules import clock_text
from gongkai.rules.clock import ClockError, DeadlineStatus, EventKind, china_today, statute_for
from gongkai.rules.clock import deadline_status as clock_deadline_status
from gongkai.workdays.models import current_calendar


@dataclass(frozen=True)
class CaseAction:
    name: str
    label: str
    form: type[forms.ActionForm]
    allowed: Callable[[Application], bool]
    run: Callable  # the action: (app, acting_user=, **cleaned_data)
    multipart: bool = False  # the form sends files

    def perform(self, app: Application, data: dict, user):
        return self.run(app, acting_user=user, **data)


def _may_request_reasons(app: Application) -> bool:
    return app.state in (State.PROCESSING, State.CONSULTING) and app.reasons_requested_on is None


def _state_in(*states: State) -> Callable[[Application], bool]:
    return lambda app: app.state in states


def _can_move_to(state: State) -> Callable[[Application], bool]:
    return lambda app: can_move(app.state, state)


def _may_request_correction(app: Application) -> bool:
    # Art. 30: one notice only (一次性告知).
    return (
        can_move(app.state, State.AWAITING_CORRECTION)
        and not app.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).exists()
    )


def _may_extend(app: Application) -> bool:
    used = sum(e.working_days for e in app.extensions.all())
    return (
        app.state in (State.PROCESSING, State.CONSULTING)
        and used < statute_for(app.received_on).extension_max.working_days
    )


def _may_send_fee_notice(app: Application) -> bool:
    return (
        can_move(app.state, State.AWAITING_FEE)
        and not FeeNotice.objects.filter(application=app).exists()
    )


def _may_notify_third_party(app: Application) -> bool:
    return (
        app.state in (State.PROCESSING, State.CONSULTING)
        and app.clock_events.filter(kind=EventKind.CONSULTATION_STARTED).exists()
    )


def _has_unserved_notice(app: Application) -> bool:
    return app.notices.filter(served_on__isnull=True).exists()


def _may_forward(app: Application) -> bool:
    return (
        app.state == State.REPLIED
        and app.outcome == Outcome.UNABLE_NOT_THIS_AGENCY
        and not app.transfers.filter(forwarded_as__isnull=False).exists()
    )


def _has_pending_remedy(app: Application) -> bool:
    return app.remedies.filter(result=RemedyResult.PENDING).exists()


def _may_set_deadline(app: Application) -> bool:
    return (
        app.state in (State.PROCESSING, State.CONSULTING)
        and not app.clock_events.filter(kind=EventKind.DEADLINE_SET).exists()
    )


def _may_correct_step_date(app: Application) -> bool:
    return app.is_open and app.clock_events.exists()


def _on_chosen(field: str, action: Callable) -> Callable:
    """``action`` run on what the form's ``field`` chose (a consultation, a notice …)
    rather than on the case."""

    def run(app, *, acting_user, **data):
        return action(data.pop(field), acting_user=acting_user, **data)

    return run


#: told to the officer when SMS is off (GONGKAI_SMS_BACKEND=off) and the applicant gave a phone
NO_SMS = gettext_lazy(
    "本网站群未开通短信，没有向申请人发送短信（%(what)s）；"
    "如需告知申请人，请通过电话、电子邮件或邮寄等方式联系。"
)

CASE_ACTIONS = {
    a.name: a
    for a in [
        CaseAction(
            "confirm_receipt",
            gettext_lazy("确认收到申请"),
            forms.ConfirmReceiptForm,
            _state_in(State.AWAITING_CONFIRMATION),
            actions.do_confirm_receipt,
        ),
        CaseAction(
            "request_correction",
            gettext_lazy("告知补正"),
            forms.RequestCorrectionForm,
            _may_request_correction,
            actions.do_request_correction,
        ),
        CaseAction(
            "receive_correction",
            gettext_lazy("收到补正"),
            forms.OnDateForm,
            _state_in(State.AWAITING_CORRECTION),
            actions.do_receive_correction,
        ),
        CaseAction(
            "request_reasons",
            gettext_lazy("要求说明理由（第三十五条）"),
            forms.RequestReasonsForm,
            _may_request_reasons,
            actions.do_request_reasons,
        ),
        CaseAction(
            "start_consultation",
            gettext_lazy("征求第三方或其他机关意见"),
            forms.StartConsultationForm,
            _state_in(State.PROCESSING, State.CONSULTING),
            actions.do_start_consultation,
        ),
        CaseAction(
            "end_consultation",
            gettext_lazy("登记征求意见结果"),
            forms.ConsultationResultForm,
            _state_in(State.CONSULTING),
            _on_chosen("consultation", actions.do_record_consultation_result),
        ),
        CaseAction(
            "extend", gettext_lazy("延期答复"), forms.ExtendForm, _may_extend, actions.do_extend
        ),
        CaseAction(
            "set_deadline",
            gettext_lazy("另行确定答复期限（第三十五条）"),
            forms.SetDeadlineForm,
            _may_set_deadline,
            actions.do_set_deadline,
        ),
        CaseAction(
            "correct_step_date",
            gettext_lazy("更正办理日期"),
            forms.CorrectStepDateForm,
            _may_correct_step_date,
            _on_chosen("event", actions.do_correct_step_date),
        ),
        CaseAction(
            "send_fee_notice",
            gettext_lazy("发出收费通知"),
            forms.FeeNoticeForm,
            _may_send_fee_notice,
            actions.do_send_fee_notice,
        ),
        CaseAction(
            "record_payment",
            gettext_lazy("登记缴费"),
            forms.PaymentForm,
            _state_in(State.AWAITING_FEE),
            actions.do_record_payment,
        ),
        CaseAction(
            "transfer",
            gettext_lazy("转办"),
            forms.TransferForm,
            _state_in(State.AWAITING_CONFIRMATION, State.PROCESSING),
            actions.do_transfer,
        ),
        CaseAction(
            "forward",
            gettext_lazy("经申请人同意转送其他机关"),
            forms.ForwardForm,
            _may_forward,
            actions.do_forward,
        ),
        CaseAction(
            "reply",
            gettext_lazy("答复"),
            forms.ReplyForm,
            _can_move_to(State.REPLIED),
            actions.do_reply_with_files,
            multipart=True,
        ),
        CaseAction(
            "withdraw",
            gettext_lazy("申请人撤回"),
            forms.OnDateForm,
            _can_move_to(State.WITHDRAWN),
            actions.do_withdraw,
        ),
        CaseAction(
            "close_unanswered",
            gettext_lazy("逾期未补正或未缴费终止"),
            forms.OnDateForm,
            _can_move_to(State.CLOSED),
            actions.do_close_unanswered,
        ),
        CaseAction(
            "notify_third_party_decision",
            gettext_lazy("告知第三方决定公开"),
            forms.ThirdPartyDecisionForm,
            _may_notify_third_party,
            actions.do_notify_third_party_decision,
        ),
        CaseAction(
            "record_service",
            gettext_lazy("登记送达"),
            forms.ServiceForm,
            _has_unserved_notice,
            _on_chosen("notice", actions.do_record_service),
        ),
        CaseAction(
            "assign",
            gettext_lazy("交股室承办"),
            forms.AssignForm,
            lambda app: app.is_open,
            actions.do_assign,
        ),
        CaseAction(
            "record_remedy",
            gettext_lazy("登记行政复议、行政诉讼"),
            forms.RemedyForm,
            _state_in(State.REPLIED, State.CLOSED),
            register.do_record_remedy,
        ),
        CaseAction(
            "conclude_remedy",
            gettext_lazy("登记复议、诉讼结果"),
            forms.ConcludeRemedyForm,
            _has_pending_remedy,
            _on_chosen("remedy", register.do_conclude_remedy),
            multipart=True,
        ),
    ]
}


def _form(action: CaseAction, app: Application, *args) -> forms.ActionForm:
    # Field names stay plain (``on``, ``reason``); ids are unique on the page per action.
    return action.form(*args, application=app, auto_id=f"{action.name}-%s")


def case_detail(request, pk):
    app = access_application(request.user, pk)
    return _render_case(request, app)


@require_POST
def case_action(request, pk, name):
    app = access_application(request.user, pk, write=True)
    action = CASE_ACTIONS.get(name)
    if action is None:
        raise Http404("No such action")
    if not action.allowed(app):
        notices.error(
            request,
            _("申请当前状态为“%(state)s”，不能%(action)s。")
            % {"state": app.get_state_display(), "action": action.label},
        )
        return redirect("applications_staff_detail", pk=app.pk)
    form = _form(action, app, request.POST, request.FILES)
    if form.is_valid():
        if "preview" in request.POST:  # the fee form's 计算金额: show, send nothing
            return _render_case(request, app, bound=(name, form))
        data = dict(form.cleaned_data)
        if name == "reply":
            data["findings"] = form.findings
        try:
            with unsent_sms() as unsent:
                action.perform(app, data, request.user)
        except (actions.ActionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            notices.success(request, _("已办理：%(action)s。") % {"action": action.label})
            if unsent:
                notices.warning(request, NO_SMS % {"what": "、".join(unsent)})
            if not applications_for(request.user).filter(pk=app.pk).exists():
                return redirect("applications_staff_list")  # transferred away
            return redirect("applications_staff_detail", pk=app.pk)
    return _render_case(request, app, bound=(name, form))


def _render_case(request, app: Application, bound=None):
    can_write = applications_for(request.user, write=True).filter(pk=app.pk).exists()
    personal = can(request.user, Capability.CASES_PERSONAL, app.agency_id)
    if personal:
        record_access(request.user, app, CaseKind.APPLICATION)
    case_forms = []
    if can_write:
        for action in CASE_ACTIONS.values():
            if action.allowed(app):
                form = bound[1] if bound and bound[0] == action.name else _form(action, app)
                case_forms.append((action, form))
    reply = Reply.objects.filter(application=app).first()
    return TemplateResponse(
        request,
        "applications/staff/detail.html",
        {
            "page_title": _("申请 %(code)s") % {"code": app.tracking_code},
            "header_icon": "doc-full",
            "app": app,
            "can_write": can_write,
            "today": china_today(),
            # The applicant's details in clear only for the disclosure office, and logged.
            "personal": personal,
            "clock": case_clock(app),
            "case_forms": case_forms,
            "fee_per_piece": _fee_per_piece(app, case_forms),
            "reply": reply,
            "reply_files": reply.files.all() if reply else [],
            "reply_stated": particulars.rows(reply) if reply else [],
            "remedies": app.remedies.select_related("review"),
            "extensions": app.extensions.select_related("approved_by"),
            "fee_notice": FeeNotice.objects.filter(application=app).first(),
            "transfers": app.transfers.select_related("from_agency", "to_agency", "forwarded_as"),
            "forwarded_from": Transfer.objects.filter(forwarded_as=app)
            .select_related("application", "from_agency")
            .first(),
            "corrections": app.corrections.prefetch_related("files"),
            "clock_events": app.clock_events.select_related("recorded_by"),
            "consultations": app.consultations.all(),
            "step_corrections": app.step_corrections.select_related("corrected_by"),
            "deadline_changes": app.deadline_changes.all(),
            "assignments": app.assignments.select_related(
                "department", "answered_by"
            ).prefetch_related("files"),
            "audit": _audit_entries(app),
            "notices": app.notices.select_related("service_recorded_by"),
            "repeats": find_repeats(app).explanations(),
        },
    )


@dataclass(frozen=True)
class StepView:
    """A line of the deadline's explanation in the reader's language."""

    kind: str
    text: str
    citation: str


@dataclass(frozen=True)
class ClockView:
    steps: tuple
    warnings: list[str]
    provisional: bool
    missing_years: tuple[int, ...]
    correction_due: object
    close_after: object  # the period whose end allows closing an unanswered case
    status: DeadlineStatus | None  # due soon / overdue, for an open case
    error: str = ""


def case_clock(app: Application) -> ClockView | None:
    """The deadline of ``app`` with its explanation; None before the receipt is confirmed."""
    if app.received_on is None:
        return None
    lang = clock_text.language(translation.get_language())
    try:
        result = compute(app)
    except ClockError as exc:
        return ClockView((), [], app.provisional, (), None, None, None, error=exc.text(lang))
    status = None
    if app.is_open and app.reply_due:
        status = clock_deadline_status(
            app.reply_due,
            china_today(),
            current_calendar(),
            settings=clock_settings(),
            provisional=True,
        )
    closing = result.correction_reply_due
    if app.state == State.AWAITING_FEE:
        closing = result.fee_payment_due
    return ClockView(
        steps=tuple(
            StepView(step.kind, step.render(lang), clock_text.citation_text(step.citation, lang))
            for step in result.steps
        ),
        warnings=[w.text(lang) for w in result.warnings],
        provisional=result.provisional,
        missing_years=result.missing_years,
        correction_due=result.correction_due,
        close_after=closing,
        status=status,
    )


def _fee_per_piece(app: Application, case_forms) -> tuple[int, int] | None:
    """(nth request of the month, amount) under 按件计收, when a fee notice may be sent."""
    if not any(action.name == "send_fee_notice" for action, _unused in case_forms):
        return None
    return actions.fee_for(app, FeeMethod.PER_PIECE)


@dataclass(frozen=True)
class AuditRow:
    entry: ModelLogEntry
    old_state: str
    new_state: str


def _state_label(value) -> str:
    return State(value).label if value in State.values else ""


def _audit_entries(app: Application) -> list[AuditRow]:
    entries = ModelLogEntry.objects.for_instance(app).select_related("user")
    return [
        AuditRow(
            entry,
            _state_label(entry.data.get("old_state")),
            _state_label(entry.data.get("new_state")),
        )
        for entry in entries.order_by("timestamp", "pk")
    ]


# --- downloads -------------------------------------------------------------------------------


@never_cache
def reply_file(request, pk, file_pk):
    """A released file, streamed to staff who may see the case (never a public URL)."""
    app = access_application(request.user, pk)
    released = get_object_or_404(ReplyFile, pk=file_pk, reply__application=app)
    return FileResponse(released.file.open("rb"), as_attachment=True, filename=released.name)


@never_cache
def notice_file(request, pk, notice_pk, ext):
    """A notice of the case as issued, DOCX or PDF, for staff who may see the case."""
    app = access_application(request.user, pk)
    notice = get_object_or_404(Notice, pk=notice_pk, application=app)
    return notices_module.notice_response(notice, ext)


def correction_file(request, pk, file_pk):
    """A file of the applicant's correction, to staff who may see the case."""
    app = access_application(request.user, pk)
    kept = get_object_or_404(CorrectionFile, pk=file_pk, correction__application=app)
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name)


@never_cache
def identity_copy(request, pk):
    """The copy of the identity document: personal data, so only for those who may see the
    applicant's details in clear, and the access is recorded."""
    app = access_application(request.user, pk)
    if not app.id_document_copy or not can(request.user, Capability.CASES_PERSONAL, app.agency_id):
        raise Http404("No identity document copy for this user")
    record_access(request.user, app, CaseKind.APPLICATION)
    suffix = app.id_document_copy.name.rsplit(".", 1)[-1]
    return FileResponse(
        app.id_document_copy.open("rb"),
        as_attachment=True,
        filename=f"{app.tracking_code}-身份证明.{suffix}",
    )


@never_cache
def remedy_document(request, pk, remedy_pk):
    """The decision document of a 复议 or lawsuit, to staff who may see the case."""
    app = access_application(request.user, pk)
    remedy = get_object_or_404(app.remedies.exclude(decision_document=""), pk=remedy_pk)
    return FileResponse(
        remedy.decision_document.open("rb"),
        as_attachment=True,
        filename=remedy.decision_document_name or "decision",
    )


@never_cache
def reply_letter(request, pk, ext):
    """The reply letter (告知书) as DOCX or PDF."""
    app = access_application(request.user, pk)
    reply = get_object_or_404(Reply, application=app)
    return letters.letter_response(reply, ext)
