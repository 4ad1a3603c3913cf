"""The back office of 依申请公开: the case list, registration, the case page with one form per
action the state allows, downloads, the reconsideration and litigation register.

Every case is fetched through ``access.py`` (another agency's case is a 404); every change
goes through ``actions.py``. Supervisors read every agency's cases and change none.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR
from pathlib import Path

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can, group_wide
from gongkai.applications import actions
from gongkai.applications import staff_forms as forms
from gongkai.applications.access import access_application, applications_for, listed_for
from gongkai.applications.clock import clock_settings, compute
from gongkai.applications.models import (
    Application,
    Assignment,
    FeeMethod,
    FeeNotice,
    OpinionFile,
    Remedy,
    RemedyKind,
    RemedyResult,
    Reply,
    ReplyFile,
    State,
    can_move,
)
from gongkai.applications.queries import deadline_lists
from gongkai.applications.repeats import find_repeats
from gongkai.applications.tracking import normalise_code
from gongkai.querystring import MAX_ID, whole_number
from gongkai.rules.clock import (
    ClockError,
    DeadlineStatus,
    EventKind,
    china_today,
    statute_for,
)
from gongkai.rules.clock import deadline_status as clock_deadline_status
from gongkai.supervision.models import CaseKind, record_access
from gongkai.workdays.models import current_calendar

REPLY_PRIVACY_OVERRIDE = actions.ACTION_PREFIX + "reply_privacy_override"
#: audit actions written here (registered in wagtail_hooks.py)
LOG_ACTIONS = {REPLY_PRIVACY_OVERRIDE: "答复附件含个人信息仍提供"}
PER_PAGE = 50


def can_use(user) -> bool:
    """The disclosure office, the agency admin (masked) and supervisors list the cases."""
    return can(user, Capability.CASES_LIST)


def _sees_every_agency(user) -> bool:
    return group_wide(user, Capability.CASES_LIST)


def _require_use(user) -> None:
    if not can_use(user):
        raise Http404("No agency")


# --- the list -------------------------------------------------------------------------------


SECTIONS = {
    "all": gettext_lazy("全部"),
    "due_soon": gettext_lazy("即将到期"),
    "overdue": gettext_lazy("已逾期"),
}


@dataclass(frozen=True)
class Filters:
    state: str = ""
    code: str = ""
    agency_id: int | None = None

    @classmethod
    def from_request(cls, request) -> Filters:
        state = request.GET.get("state", "")
        agency = request.GET.get("agency", "")
        return cls(
            state=state if state in State.values else "",
            code=normalise_code(request.GET.get("q", "")),
            agency_id=whole_number(agency, 1, MAX_ID) if _sees_every_agency(request.user) else None,
        )

    def apply(self, cases):
        if self.state:
            cases = cases.filter(state=self.state)
        if self.code:
            cases = cases.filter(tracking_code__contains=self.code)
        if self.agency_id:
            cases = cases.filter(agency_id=self.agency_id)
        return cases

    def matches(self, app: Application) -> bool:
        return (
            (not self.state or app.state == self.state)
            and self.code in app.tracking_code
            and (not self.agency_id or app.agency_id == self.agency_id)
        )


def case_list(request):
    user = request.user
    _require_use(user)
    filters = Filters.from_request(request)
    lists = deadline_lists(user)
    # (case, working days left or past due)
    sections = {
        key: [
            (c.application, abs(c.status.working_days_left))
            for c in getattr(lists, key)
            if filters.matches(c.application)
        ]
        for key in ("due_soon", "overdue")
    }
    section = request.GET.get("section", "all")
    section = section if section in SECTIONS else "all"
    page = None
    if section == "all":
        cases = filters.apply(listed_for(user).select_related("agency"))
        page = Paginator(cases.order_by("-arrived_at", "-pk"), PER_PAGE).get_page(
            request.GET.get("page")
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("section", None)
    return TemplateResponse(
        request,
        "applications/staff/list.html",
        {
            "page_title": _("依申请公开"),
            "header_icon": "doc-full",
            "section": section,
            "tabs": [
                (key, label, len(sections[key]) if key in sections else None)
                for key, label in SECTIONS.items()
            ],
            "deadlines": sections.get(section),
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "states": State.choices,
            "agencies": Agency.objects.all() if _sees_every_agency(user) else None,
            "provisional": lists.provisional,
            "show_agency": _sees_every_agency(user),
            "can_register": can(user, Capability.CASES_HANDLE),
        },
    )


# --- registration ----------------------------------------------------------------------------


def register(request):
    profile = staff_profile(request.user)
    if profile is None or not can(request.user, Capability.CASES_HANDLE, profile.agency_id):
        raise Http404("The disclosure office of an agency only")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.do_register(
                agency=profile.agency, acting_user=request.user, **form.cleaned_data
            )
        except (actions.ActionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            app = registration.application
            # Shown this once: only the secret's hash is stored.
            notices.info(
                request,
                _("已登记申请：查询码 %(code)s，查询密码 %(secret)s（仅显示一次，请告知申请人）。")
                % {"code": app.tracking_code, "secret": registration.secret},
            )
            return redirect("applications_staff_detail", pk=app.pk)
    return TemplateResponse(
        request,
        "applications/staff/register.html",
        {"page_title": _("登记申请"), "header_icon": "doc-full", "form": form},
    )


# --- the case page and its actions ---------------------------------------------------------


@dataclass(frozen=True)
class CaseAction:
    name: str
    label: str
    form: type[forms.ActionForm]
    allowed: Callable[[Application], bool]
    run: Callable | None = None  # (app, acting_user=, **cleaned_data); default actions.do_<name>

    def perform(self, app: Application, data: dict, user):
        run = self.run or getattr(actions, f"do_{self.name}")
        return run(app, acting_user=user, **data)


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


def _has_pending_remedy(app: Application) -> bool:
    return app.remedies.filter(result=RemedyResult.PENDING).exists()


def reply_with_files(
    app: Application,
    *,
    outcome,
    text,
    replied_on,
    files,
    privacy_override_reason="",
    findings=None,
    acting_user,
) -> Reply:
    """``do_reply`` and the files released with it, in one transaction.

    ``findings`` (file index → masked findings) come from the privacy gate; a file with
    findings is stored only with the override reason, which goes into the audit log with the
    masked findings (never a file's name or content).
    """
    findings = findings or {}
    reason = privacy_override_reason.strip()
    storage = ReplyFile._meta.get_field("file").storage
    stored = []
    try:
        with transaction.atomic():
            reply = actions.do_reply(
                app, outcome=outcome, text=text, replied_on=replied_on, acting_user=acting_user
            )
            overridden = {}
            for index, upload in enumerate(files):
                released = ReplyFile(
                    reply=reply,
                    name=upload.name[-200:],
                    privacy_override_reason=reason if index in findings else "",
                    uploaded_by=acting_user,
                )
                # A random stored name: a file's name may itself name a person.
                suffix = Path(upload.name).suffix.lower()[:10]
                released.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
                stored.append(released.file.name)
                released.save()
                if index in findings:
                    overridden[str(released.pk)] = findings[index]
            if overridden:
                log(
                    instance=reply.application,
                    action=REPLY_PRIVACY_OVERRIDE,
                    user=acting_user,
                    data={"reason": reason, "files": overridden},
                )
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise
    return reply


def _reply(app, *, acting_user, **data):
    return reply_with_files(app, acting_user=acting_user, **data)


def _conclude_remedy(app, *, remedy, acting_user, **data):
    return actions.do_conclude_remedy(remedy, acting_user=acting_user, **data)


CASE_ACTIONS = {
    a.name: a
    for a in [
        CaseAction(
            "confirm_receipt",
            gettext_lazy("确认收到申请"),
            forms.ConfirmReceiptForm,
            _state_in(State.AWAITING_CONFIRMATION),
        ),
        CaseAction(
            "request_correction",
            gettext_lazy("告知补正"),
            forms.RequestCorrectionForm,
            _may_request_correction,
        ),
        CaseAction(
            "receive_correction",
            gettext_lazy("收到补正"),
            forms.OnDateForm,
            _state_in(State.AWAITING_CORRECTION),
        ),
        CaseAction(
            "start_consultation",
            gettext_lazy("征求第三方意见"),
            forms.StartConsultationForm,
            _state_in(State.PROCESSING),
        ),
        CaseAction(
            "end_consultation",
            gettext_lazy("收到第三方意见"),
            forms.OnDateForm,
            _state_in(State.CONSULTING),
        ),
        CaseAction("extend", gettext_lazy("延期答复"), forms.ExtendForm, _may_extend),
        CaseAction(
            "send_fee_notice",
            gettext_lazy("发出收费通知"),
            forms.FeeNoticeForm,
            _may_send_fee_notice,
        ),
        CaseAction(
            "record_payment",
            gettext_lazy("登记缴费"),
            forms.PaymentForm,
            _state_in(State.AWAITING_FEE),
        ),
        CaseAction(
            "transfer",
            gettext_lazy("转办"),
            forms.TransferForm,
            _state_in(State.AWAITING_CONFIRMATION, State.PROCESSING),
        ),
        CaseAction(
            "reply", gettext_lazy("答复"), forms.ReplyForm, _can_move_to(State.REPLIED), _reply
        ),
        CaseAction(
            "withdraw", gettext_lazy("申请人撤回"), forms.OnDateForm, _can_move_to(State.WITHDRAWN)
        ),
        CaseAction(
            "close_unanswered",
            gettext_lazy("逾期未补正或未缴费终止"),
            forms.OnDateForm,
            _can_move_to(State.CLOSED),
        ),
        CaseAction(
            "assign",
            gettext_lazy("交股室承办"),
            forms.AssignForm,
            lambda app: app.is_open,
        ),
        CaseAction(
            "record_remedy",
            gettext_lazy("登记行政复议、行政诉讼"),
            forms.RemedyForm,
            _state_in(State.REPLIED, State.CLOSED),
        ),
        CaseAction(
            "conclude_remedy",
            gettext_lazy("登记复议、诉讼结果"),
            forms.ConcludeRemedyForm,
            _has_pending_remedy,
            _conclude_remedy,
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
            action.perform(app, data, request.user)
        except (actions.ActionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            notices.success(request, _("已办理：%(action)s。") % {"action": action.label})
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
            "clock": _clock(app),
            "case_forms": case_forms,
            "fee_per_piece": _fee_per_piece(app, case_forms),
            "reply": reply,
            "reply_files": reply.files.all() if reply else [],
            "remedies": app.remedies.select_related("review"),
            "extensions": app.extensions.select_related("approved_by"),
            "fee_notice": FeeNotice.objects.filter(application=app).first(),
            "transfers": app.transfers.select_related("from_agency", "to_agency"),
            "clock_events": app.clock_events.select_related("recorded_by"),
            "deadline_changes": app.deadline_changes.all(),
            "assignments": app.assignments.select_related(
                "department", "answered_by"
            ).prefetch_related("files"),
            "audit": _audit_entries(app),
            "repeats": find_repeats(app).explanations(),
        },
    )


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


def _clock(app: Application) -> ClockView | None:
    """The deadline of ``app`` with its explanation; None before the receipt is confirmed."""
    if app.received_on is None:
        return None
    try:
        result = compute(app)
    except ClockError as exc:
        return ClockView((), [], app.provisional, (), None, None, None, error=exc.zh)
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
        steps=result.steps,
        warnings=[w.zh for w in result.warnings],
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
def reply_letter(request, pk, ext):
    """The reply letter (告知书) as DOCX or PDF."""
    app = access_application(request.user, pk)
    reply = get_object_or_404(Reply, application=app)
    # Imported here: the letters module is large and only this view needs it.
    from gongkai.applications import letters

    return letters.letter_response(reply, ext)


# --- reconsideration and litigation ----------------------------------------------------------


def remedy_list(request):
    """The register of 行政复议 and 行政诉讼 filed in a year, with the counts of table 四."""
    user = request.user
    _require_use(user)
    filters = Filters.from_request(request)
    remedies = Remedy.objects.filter(
        application__in=filters.apply(listed_for(user))
    ).select_related("application__agency", "review")
    years = sorted({d.year for d in remedies.dates("filed_on", "year")}, reverse=True)
    year = whole_number(request.GET.get("year", ""), MINYEAR, MAXYEAR) or china_today().year
    rows = list(remedies.filter(filed_on__year=year).order_by("filed_on", "pk"))
    counts = Counter((r.kind, r.result) for r in rows)
    summary = [
        (kind.label, [counts[kind, result] for result in RemedyResult], counts_total(counts, kind))
        for kind in RemedyKind
    ]
    return TemplateResponse(
        request,
        "applications/staff/remedies.html",
        {
            "page_title": _("行政复议、行政诉讼"),
            "header_icon": "doc-full",
            "year": year,
            "years": sorted(set(years) | {year}, reverse=True),
            "remedies": rows,
            "results": RemedyResult.choices,
            "summary": summary,
            "filters": filters,
            "agencies": Agency.objects.all() if _sees_every_agency(user) else None,
            "show_agency": _sees_every_agency(user),
        },
    )


def counts_total(counts: Counter, kind) -> int:
    return sum(n for (k, _result), n in counts.items() if k == kind)


# --- the dashboard -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyCounts:
    agency: Agency
    due_soon: int
    overdue: int
    provisional: int


def deadline_counts(user) -> list[AgencyCounts]:
    """Due-soon, overdue and provisional cases per agency ``user`` sees, busiest first."""
    lists = deadline_lists(user)
    due_soon = Counter(c.application.agency_id for c in lists.due_soon)
    overdue = Counter(c.application.agency_id for c in lists.overdue)
    provisional = Counter(a.agency_id for a in lists.provisional)
    if _sees_every_agency(user):
        agencies = Agency.objects.filter(pk__in=set(due_soon) | set(overdue) | set(provisional))
    else:
        agencies = Agency.objects.filter(pk=staff_profile(user).agency_id)
    rows = [AgencyCounts(a, due_soon[a.pk], overdue[a.pk], provisional[a.pk]) for a in agencies]
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_soon, r.agency.sort_order))


# --- 承办: the department's side -------------------------------------------------------------


def assignments_for(user):
    """The assignments of ``user``'s own department, if their role takes part in 承办."""
    profile = staff_profile(user)
    if (
        profile is None
        or profile.department_id is None
        or not can(user, Capability.CASES_ASSIGNED, profile.agency_id)
    ):
        return Assignment.objects.none()
    return Assignment.objects.filter(
        department_id=profile.department_id, application__agency_id=profile.agency_id
    ).select_related("application", "department")


def can_take_assignments(user) -> bool:
    profile = staff_profile(user)
    return (
        profile is not None
        and profile.department_id is not None
        and can(user, Capability.CASES_ASSIGNED, profile.agency_id)
    )


def assigned_list(request):
    if not can_take_assignments(request.user):
        raise PermissionDenied
    rows = assignments_for(request.user).order_by("answered_at", "-assigned_at")
    return TemplateResponse(
        request,
        "applications/staff/assigned_list.html",
        {"page_title": _("承办事项"), "header_icon": "doc-full", "assignments": rows},
    )


@never_cache
def assigned_detail(request, pk):
    """The request text, the deadline and the office's question — never the applicant's
    personal data — and the opinion form while none was returned."""
    assignment = get_object_or_404(assignments_for(request.user), pk=pk)
    form = forms.OpinionForm()
    if request.method == "POST":
        if assignment.answered:
            raise PermissionDenied
        form = forms.OpinionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.do_return_opinion(
                    assignment,
                    opinion=form.cleaned_data["opinion"],
                    files=form.cleaned_data["files"],
                    acting_user=request.user,
                )
            except (actions.ActionError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                notices.success(request, _("承办意见已反馈公开办。"))
                return redirect("applications_staff_assigned_detail", pk=assignment.pk)
    app = assignment.application
    return TemplateResponse(
        request,
        "applications/staff/assigned_detail.html",
        {
            "page_title": _("承办事项 %(code)s") % {"code": app.tracking_code},
            "header_icon": "doc-full",
            "assignment": assignment,
            "app": app,
            "clock": _clock(app),
            "form": form,
            "files": assignment.files.all(),
        },
    )


def opinion_file(request, pk, file_pk):
    """A file returned with an opinion: to the office handling the case and to the
    department that returned it."""
    record = get_object_or_404(OpinionFile.objects.select_related("assignment"), pk=file_pk)
    assignment = record.assignment
    if assignment.application_id != pk:
        raise Http404("No such file")
    office = applications_for(request.user).filter(pk=pk).exists()
    own = assignments_for(request.user).filter(pk=assignment.pk).exists()
    if not (office or own):
        raise Http404("No such file")
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.name)
