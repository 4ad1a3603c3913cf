"""The back-office queue of messages: assign, draft, approve and publish, redirect."""

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import is_supervisor, staff_profile
from gongkai.interaction import actions
from gongkai.interaction.models import Message, MessageState
from gongkai.rules.interaction import ALARM_CALENDAR_DAYS, DUE_SOON_WORKDAYS
from gongkai.workdays.models import current_calendar

OPEN_STATES = [MessageState.RECEIVED, MessageState.ASSIGNED, MessageState.DRAFTED]


def visible_messages(user):
    queryset = Message.objects.select_related("agency", "department")
    if is_supervisor(user):
        return queryset
    profile = staff_profile(user)
    if profile is None or profile.agency_id is None:
        raise Http404("No agency")
    return queryset.filter(agency_id=profile.agency_id)


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
            "show_agency": is_supervisor(request.user),
        },
    )


def detail(request, pk):
    message = actions.access_message(request.user, pk)
    if request.method == "POST":
        message = actions.access_message(request.user, pk, write=True)
        try:
            _perform(request, message)
        except (ValidationError, PermissionDenied) as exc:
            for text in getattr(exc, "messages", None) or [str(exc)]:
                notices.error(request, text)
        else:
            notices.success(request, _("已保存。"))
        return redirect("interaction_staff_detail", pk=message.pk)
    departments = message.agency.departments.all()
    return TemplateResponse(
        request,
        "interaction/staff_detail.html",
        {
            "page_title": _("留言 %(code)s") % {"code": message.tracking_code},
            "message": message,
            "departments": departments,
            "can_write": actions.can_write(request.user, message),
        },
    )


def _perform(request, message):
    action = request.POST.get("action")
    user = request.user
    if action == "assign":
        department = message.agency.departments.filter(
            pk=request.POST.get("department") or 0
        ).first()
        if department is None:
            raise ValidationError(_("请选择承办股室。"))
        actions.do_assign(message, department, acting_user=user)
    elif action == "draft":
        actions.do_draft_reply(message, request.POST.get("reply", ""), acting_user=user)
    elif action == "approve":
        actions.do_approve_reply(
            message,
            acting_user=user,
            public=request.POST.get("reply_public") == "on",
            private_reason=request.POST.get("private_reason", ""),
        )
    elif action == "convert":
        registration = actions.do_convert_to_application(
            message,
            acting_user=user,
            id_document_type=request.POST.get("id_document_type", ""),
            id_document_number=request.POST.get("id_document_number", ""),
            provision_form=request.POST.get("provision_form", ""),
            delivery_route=request.POST.get("delivery_route", ""),
        )
        # Shown once to the officer, who passes them to the writer (by phone or letter).
        notices.info(
            request,
            _(
                "已转为政府信息公开申请：查询码 %(code)s，查询密码 %(secret)s（仅显示一次，请告知申请人）。"
            )
            % {"code": registration.application.tracking_code, "secret": registration.secret},
        )
    elif action == "redirect":
        actions.do_redirect(message, request.POST.get("explanation", ""), acting_user=user)
    else:
        raise ValidationError(_("未知的操作。"))


def _own_agency(user):
    profile = staff_profile(user)
    if (
        profile is None
        or profile.agency_id is None
        or not profile.has_role(*actions.APPROVER_ROLES)
    ):
        raise Http404("Agency approvers only")
    return profile.agency


def settings_view(request):
    """An agency's campaigns (opened and closed here) and its reply deadlines."""
    from gongkai.interaction.models import Campaign, ReplyPolicy

    agency = _own_agency(request.user)
    policy, _created = ReplyPolicy.objects.get_or_create(agency=agency)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "policy":
                days = {
                    k: int(request.POST.get(f"{k}_days", ""))
                    for k in ("inquiry", "suggestion", "complaint")
                }
                if not all(1 <= n <= 60 for n in days.values()):
                    raise ValueError
                for kind, n in days.items():
                    setattr(policy, f"{kind}_days", n)
                policy.save()
            elif action == "open_campaign":
                title = request.POST.get("title", "").strip()
                if not title:
                    raise ValidationError(_("请填写活动名称。"))
                Campaign.objects.create(
                    agency=agency,
                    title=title[:100],
                    description=request.POST.get("description", ""),
                )
            elif action == "toggle_campaign":
                campaign = Campaign.objects.filter(
                    agency=agency, pk=request.POST.get("campaign") or 0
                ).first()
                if campaign is None:
                    raise Http404("No such campaign")
                campaign.is_open = not campaign.is_open
                campaign.save(update_fields=["is_open"])
        except ValueError:
            notices.error(request, _("答复期限应为1至60之间的整数（工作日）。"))
        except ValidationError as exc:
            notices.error(request, " ".join(exc.messages))
        else:
            notices.success(request, _("已保存。"))
        return redirect("interaction_staff_settings")
    return TemplateResponse(
        request,
        "interaction/staff_settings.html",
        {
            "page_title": _("留言设置"),
            "policy": policy,
            "campaigns": Campaign.objects.filter(agency=agency),
        },
    )
