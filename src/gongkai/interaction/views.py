"""The public side of 政民互动: leave a message, follow it, read the answered ones."""

from datetime import MAXYEAR

from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency
from gongkai.casework import ActionError
from gongkai.catalog.templatetags.portal import page_stub
from gongkai.formguard import spam
from gongkai.interaction import actions
from gongkai.interaction.forms import MessageForm, TrackingForm
from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.statistics import current_year, yearly_statistics
from gongkai.privacy import mask_text
from gongkai.querystring import whole_number

PAGE_SIZE = 15


def _public_view(message: Message) -> dict:
    """What the public may see of a message: never the name or phone, and masked text."""
    return {
        "kind": message.get_kind_display(),
        "subject": mask_text(message.subject),
        "body": mask_text(message.body),
        "received_on": message.received_at,
        "replied_on": message.replied_at,
        "department": message.reply_department.name if message.reply_department else "",
        "reply": mask_text(message.reply) if message.reply_public else "",
        "reply_private_reason": mask_text(message.reply_private_reason),
        "redirected": message.state == MessageState.REDIRECTED,
        "redirect_explanation": mask_text(message.redirect_explanation),
    }


@require_safe
def listing(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    messages = (
        Message.objects.filter(
            agency=agency,
            public_allowed=True,
            state__in=[MessageState.ANSWERED, MessageState.REDIRECTED],
        )
        .select_related("reply_department")
        .order_by("-replied_at")
    )
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_public_view(m) for m in page.object_list]
    return TemplateResponse(
        request,
        "interaction/listing.html",
        {
            "page": page_stub(_("政民互动"), agency),
            "agency": agency,
            "page_obj": page,
            "statistics": yearly_statistics(agency, current_year()),
        },
    )


@require_safe
def statistics_json(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    # Statistics of a year reach into its neighbours; the calendar's ends cannot be asked for.
    year = whole_number(request.GET.get("year", str(current_year())), 1900, MAXYEAR - 1)
    if year is None:
        # A year outside the calendar's (-1, 23 digits) made date() fail with a 500.
        return JsonResponse({"error": "年份参数应为数字 / year must be a number"}, status=400)
    return JsonResponse(yearly_statistics(agency, year), json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET", "POST"])
def new_message(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, agency=agency)
        if form.is_valid():
            data = form.cleaned_data
            ip_hash = spam.client_ip_hash(request)
            digest = spam.content_hash(agency.pk, data["subject"], data["body"])
            refused = spam.refusal(request, form)
            if refused:
                status = refused
            elif Message.objects.filter(content_hash=digest).exists():
                form.add_error(None, _("相同内容的留言已经提交过，请勿重复提交。"))
            else:
                with transaction.atomic():
                    claimed = spam.claim_token(data["token"], "messages")
                    if claimed:
                        message, secret = actions.do_submit(
                            agency,
                            kind=data["kind"],
                            subject=data["subject"],
                            body=data["body"],
                            name=data["name"],
                            phone=data["phone"],
                            public_allowed=data["public_allowed"],
                            campaign=data["campaign"],
                            ip_hash=ip_hash,
                            content_hash=digest,
                        )
                if not claimed:
                    form.add_error(None, _("该留言已经提交，请勿重复提交。"))
                else:
                    return TemplateResponse(
                        request,
                        "interaction/submitted.html",
                        {
                            "page": page_stub(_("留言已提交"), agency),
                            "agency": agency,
                            "message": message,
                            "secret": secret,
                        },
                    )
        status = 429 if status == 429 else 400
    else:
        form = MessageForm(agency=agency)
    question = spam.refresh_challenge(form)
    return TemplateResponse(
        request,
        "interaction/new.html",
        {
            "page": page_stub(_("我要留言"), agency),
            "agency": agency,
            "form": form,
            "question": question,
        },
        status=status,
    )


TRACK_SCOPE, TRACK_LIMIT = "messages-track", 20  # tracking attempts per IP per hour


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackingForm(request.POST or None)
    message = None
    error = ""
    status = 200
    if request.method == "POST" and spam.rate_limited(
        spam.client_ip_hash(request), scope=TRACK_SCOPE, limit=TRACK_LIMIT
    ):
        # Guessing secrets by trying them: the same limit as the applications' tracking.
        error, status = _("查询过于频繁，请一小时后再试。"), 429
    elif request.method == "POST" and form.is_valid():
        message = actions.find_by_tracking(
            form.cleaned_data["tracking_code"], form.cleaned_data["secret"]
        )
        if message is None:
            error = _("查询码或查询密码不正确。")
        elif "rating" in request.POST:
            try:
                actions.do_rate(message, int(request.POST["rating"]))
            except ActionError as exc:
                error = " ".join(exc.messages)
            except ValueError:
                error = _("评价应为1至5星。")
    return TemplateResponse(
        request,
        "interaction/track.html",
        {
            "page": page_stub(_("留言查询")),
            "form": form,
            "message": message,
            "error": error,
            "view": _public_view(message) if message else None,
        },
        status=400 if error and status == 200 else status,
    )
