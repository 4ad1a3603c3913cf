"""The back-office queue of messages: assign, draft, approve and publish, redirect.

Each action of the message page is a form of its own posted to its own URL
(``interaction/<pk>/do/<action>/``); a refusal is shown inside that form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.access import staff_profile
from gongkai.agencies.policy import Capability, can, department_id_of_user, group_wide, scope
from gongkai.casework import ActionError, form_errors
from gongkai.casework.models import CaseKind, record_access
from gongkai.interaction import actions
from gongkai.interaction import staff_forms as forms
from gongkai.interaction.models import (
    OPEN_STATES,
    Campaign,
    Message,
    MessageState,
    ReplyPolicy,
)
from gongkai.privacy.findings import mask_significant
from gongkai.rules.interaction import ALARM_CALENDAR_DAYS, DUE_SOON_WORKDAYS
from gongkai.workdays.models import current_calendar


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


@dataclass(frozen=True)
class MessageAction:
    """One form of the message page: its action, and when the page offers it."""

    name: str
    label: str  # its button
    form: type[forms.MessageActionForm] | type[forms.ConvertForm]
    run: Callable  # (request, message, cleaned form) -> None
    offered: Callable  # (message, can_handle) -> bool


def _convert(request, message, form):
    registration = actions.do_convert_to_application(
        message, acting_user=request.user, **form.registration()
    )
    # Shown once to the officer, who passes them to the writer (by phone or letter).
    notices.info(
        request,
        _(
            "已转为政府信息公开申请：查询码 %(code)s，查询密码 %(secret)s（仅显示一次，请告知申请人）。"
        )
        % {"code": registration.application.tracking_code, "secret": registration.secret},
    )


MESSAGE_ACTIONS = {
    a.name: a
    for a in [
        MessageAction(
            "assign",
            gettext_lazy("转办"),
            forms.AssignForm,
            lambda request, m, form: actions.do_assign(
                m, form.cleaned_data["department"], acting_user=request.user
            ),
            lambda m, handle: handle,
        ),
        MessageAction(
            "draft",
            gettext_lazy("保存答复草稿"),
            forms.DraftForm,
            lambda request, m, form: actions.do_draft_reply(
                m, form.cleaned_data["reply"], acting_user=request.user
            ),
            lambda m, handle: True,
        ),
        MessageAction(
            "approve",
            gettext_lazy("审核通过并公开"),
            forms.ApproveForm,
            lambda request, m, form: actions.do_approve_reply(
                m,
                acting_user=request.user,
                public=form.cleaned_data["reply_public"],
                private_reason=form.cleaned_data["private_reason"],
            ),
            lambda m, handle: handle and m.state == MessageState.DRAFTED,
        ),
        MessageAction(
            "convert",
            gettext_lazy("转为政府信息公开申请"),
            forms.ConvertForm,
            _convert,
            lambda m, handle: handle,
        ),
        MessageAction(
            "redirect",
            gettext_lazy("转其他渠道"),
            forms.RedirectForm,
            lambda request, m, form: actions.do_redirect(
                m, form.cleaned_data["explanation"], acting_user=request.user
            ),
            lambda m, handle: handle,
        ),
    ]
}


@require_safe
def detail(request, pk):
    message = actions.access_message(request.user, pk)
    return _render_detail(request, message)


@require_POST
def message_action(request, pk, name):
    """One action of the message page. A refusal comes back inside the form that asked for
    it, the page opening at that form (its URL's fragment); success goes back to the page."""
    message = actions.access_message(request.user, pk, write=True)
    action = MESSAGE_ACTIONS.get(name)
    if action is None:
        raise Http404("No such action")
    form = action.form(request.POST, message=message, auto_id=f"{name}-%s")
    if form.is_valid():
        try:
            action.run(request, message, form)
        except (ActionError, PermissionDenied) as exc:
            for text in getattr(exc, "messages", None) or [str(exc)]:
                form.add_error(None, text)
        else:
            notices.success(request, _("已保存。"))
            return redirect("interaction_staff_detail", pk=message.pk)
    return _render_detail(request, message, bound=(name, form))


def _render_detail(request, message, bound=None):
    personal = actions.sees_personal_data(request.user, message)
    if personal and message.phone:
        record_access(request.user, message, CaseKind.MESSAGE)
    can_handle = can(request.user, Capability.MESSAGES_HANDLE, message.agency_id)
    message_forms = []
    if actions.can_write(request.user, message):
        for action in MESSAGE_ACTIONS.values():
            # A refused form comes back whatever the state, to say why it was refused.
            if (message.is_open and action.offered(message, can_handle)) or (
                bound and bound[0] == action.name
            ):
                form = bound[1] if bound and bound[0] == action.name else None
                message_forms.append(
                    (action, form or action.form(message=message, auto_id=f"{action.name}-%s"))
                )
    return TemplateResponse(
        request,
        "interaction/staff_detail.html",
        {
            "page_title": _("留言 %(code)s") % {"code": message.tracking_code},
            "message": message,
            "message_forms": message_forms,
            "phone": message.phone if personal else mask_significant(message.phone, 3, 4),
        },
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
        first, *rest = form_errors(form)
        raise ActionError(first, details=rest)
    return form


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
