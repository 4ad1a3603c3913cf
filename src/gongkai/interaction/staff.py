"""The back-office queue of messages: assign, draft, approve and publish, redirect."""

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.access import staff_profile
from gongkai.agencies.policy import Capability, can, department_id_of_user, group_wide, scope
from gongkai.casework import ActionError
from gongkai.casework.models import CaseKind, record_access
from gongkai.interaction import actions
from gongkai.interaction import staff_forms as forms
from gongkai.interaction.models import Campaign, Message, MessageState, ReplyPolicy
from gongkai.privacy.findings import mask_significant
from gongkai.rules.interaction import ALARM_CALENDAR_DAYS, DUE_SOON_WORKDAYS
from gongkai.workdays.models import current_calendar

OPEN_STATES = [MessageState.RECEIVED, MessageState.ASSIGNED, MessageState.DRAFTED]


def visible_messages(user):
    """The disclosure office's, agency admin's and supervisors' queue; for a department
    editor, the messages assigned to their department."""
    queryset = Message.objects.select_related("agency", "department")
    if can(user, Capability.MESSAGES_LIST):
        return scope(queryset, user, Capability.MESSAGES_LIST)
    if can(user, Capability.MESSAGES_ASSIGNED):
        return scope(queryset, user, Capability.MESSAGES_ASSIGNED).filter(
            department_id=department_id_of_user(user)
        )
    raise Http404("No messages for this account")


def queue_sections(user, today=None):
    """Open messages split into overdue, due soon, the 60-day alarm, and the rest."""
    today = today or timezone.localdate()
    calendar = current_calendar()
    soon_limit = calendar.add_workdays(today, DUE_SOON_WORKDAYS, provisional=True).date
    alarm_before = today - timezone.timedelta(days=ALARM_CALENDAR_DAYS)
    open_messages = list(visible_messages(user).filter(state__in=OPEN_STATES).order_by("due_on"))
    return {
        "alarm": [m for m in open_messages if timezone.localdate(m.received_at) <= alarm_before],
        "overdue": [m for m in open_messages if m.due_on < today],
        "due_soon": [m for m in open_messages if today <= m.due_on <= soon_limit],
        "open": [m for m in open_messages if m.due_on > soon_limit],
    }


def queue(request):
    sections = queue_sections(request.user)
    answered = visible_messages(request.user).exclude(state__in=OPEN_STATES)[:30]
    return TemplateResponse(
        request,
        "interaction/staff_queue.html",
        {
            "page_title": _("政民互动留言"),
            "sections": sections,
            "answered": answered,
            "show_agency": group_wide(request.user, Capability.MESSAGES_LIST),
        },
    )


@require_safe
def detail(request, pk):
    """The message with a form per action, each posted to its own URL (``message_action``)."""
    message = actions.access_message(request.user, pk)
    departments = message.agency.departments.all()
    personal = actions.sees_personal_data(request.user, message)
    if personal and message.phone:
        record_access(request.user, message, CaseKind.MESSAGE)
    return TemplateResponse(
        request,
        "interaction/staff_detail.html",
        {
            "page_title": _("留言 %(code)s") % {"code": message.tracking_code},
            "message": message,
            "departments": departments,
            "can_write": actions.can_write(request.user, message),
            "can_handle": can(request.user, Capability.MESSAGES_HANDLE, message.agency_id),
            "phone": message.phone if personal else mask_significant(message.phone, 3, 4),
        },
    )


def _convert(request, message, data):
    registration = actions.do_convert_to_application(message, acting_user=request.user, **data)
    # Shown once to the officer, who passes them to the writer (by phone or letter).
    notices.info(
        request,
        _(
            "已转为政府信息公开申请：查询码 %(code)s，查询密码 %(secret)s（仅显示一次，请告知申请人）。"
        )
        % {"code": registration.application.tracking_code, "secret": registration.secret},
    )


def _report(request, perform) -> None:
    """Run ``perform``; its refusal becomes error notices, its success a "saved" notice."""
    try:
        perform()
    except (ActionError, PermissionDenied) as exc:
        for text in getattr(exc, "messages", None) or [str(exc)]:
            notices.error(request, text)
    else:
        notices.success(request, _("已保存。"))


def _valid(form):
    if not form.is_valid():
        first, *rest = forms.form_errors(form)
        raise ActionError(first, details=rest)
    return form


#: the action's URL name -> (its form, the call of its action with the cleaned data)
MESSAGE_ACTIONS = {
    "assign": (
        forms.AssignForm,
        lambda request, m, data: actions.do_assign(m, data["department"], acting_user=request.user),
    ),
    "draft": (
        forms.DraftForm,
        lambda request, m, data: actions.do_draft_reply(m, data["reply"], acting_user=request.user),
    ),
    "approve": (
        forms.ApproveForm,
        lambda request, m, data: actions.do_approve_reply(
            m,
            acting_user=request.user,
            public=data["reply_public"],
            private_reason=data["private_reason"],
        ),
    ),
    "convert": (forms.ConvertForm, _convert),
    "redirect": (
        forms.RedirectForm,
        lambda request, m, data: actions.do_redirect(
            m, data["explanation"], acting_user=request.user
        ),
    ),
}


def message_action(name):
    """The view of one action on a message: its form posted to
    ``interaction/<pk>/<name>/``, back to the message."""
    form_class, run = MESSAGE_ACTIONS[name]

    @require_POST
    def view(request, pk):
        message = actions.access_message(request.user, pk, write=True)
        form = form_class(request.POST, message=message)
        _report(request, lambda: run(request, message, _valid(form).cleaned_data))
        return redirect("interaction_staff_detail", pk=message.pk)

    view.__name__ = f"message_{name}"
    return view


def _own_agency(user):
    profile = staff_profile(user)
    if profile is None or not can(user, Capability.MESSAGES_SETTINGS, profile.agency_id):
        raise Http404("The agency's disclosure office and admin only")
    return profile.agency


def _toggle(request, form):
    if form is None:
        raise Http404("No such campaign")
    actions.do_toggle_campaign(form.cleaned_data["campaign"], acting_user=request.user)


#: the action's URL name -> (its form, the call of its action with the valid form)
SETTINGS_ACTIONS = {
    "policy": (
        forms.ReplyPolicyForm,
        lambda request, form: actions.do_set_reply_policy(
            form.agency, days=form.days(), acting_user=request.user
        ),
    ),
    "open_campaign": (
        forms.CampaignForm,
        lambda request, form: actions.do_open_campaign(
            form.agency,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            acting_user=request.user,
        ),
    ),
    "toggle_campaign": (forms.ToggleCampaignForm, _toggle),
}


@require_safe
def settings_view(request):
    """An agency's campaigns (opened and closed here) and its reply deadlines; each form
    posts to its own URL (``settings_action``)."""
    agency = _own_agency(request.user)
    # Without a row the defaults apply: shown from an unsaved policy, stored when changed.
    policy = ReplyPolicy.objects.filter(agency=agency).first() or ReplyPolicy(agency=agency)
    return TemplateResponse(
        request,
        "interaction/staff_settings.html",
        {
            "page_title": _("留言设置"),
            "policy": policy,
            "campaigns": Campaign.objects.filter(agency=agency),
        },
    )


def settings_action(name):
    """The view of one settings action: its form posted to ``interaction/settings/<name>/``."""
    form_class, run = SETTINGS_ACTIONS[name]

    @require_POST
    def view(request):
        form = form_class(request.POST, agency=_own_agency(request.user))
        if form_class is forms.ToggleCampaignForm:
            _report(request, lambda: run(request, form if form.is_valid() else None))
        else:
            _report(request, lambda: run(request, _valid(form)))
        return redirect("interaction_staff_settings")

    view.__name__ = f"settings_{name}"
    return view
