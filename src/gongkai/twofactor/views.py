"""Enrolment, removal and the code page of two-factor authentication."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from gongkai.agencies.models import SiteGroup
from gongkai.agencies.policy import Capability, can
from gongkai.twofactor import actions
from gongkai.twofactor.forms import CodeForm, RequirementForm
from gongkai.twofactor.rules import confirmed_device, required_for

# Wrong codes in one session before it is logged out. Each one is also a failed login for
# django-axes (gongkai/throttle.py), so five in a row lock the account as five wrong
# passwords do, and django-otp's own throttle doubles the wait after each on the device.
WRONG_CODE_LIMIT = 5
SESSION_WRONG_CODES = "twofactor_wrong_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    user = request.user
    device = confirmed_device(user)
    next_url = _next_url(request)
    if device is None or user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            request.session.pop(SESSION_WRONG_CODES, None)
            return redirect(next_url)
        wrong = request.session.get(SESSION_WRONG_CODES, 0) + 1
        request.session[SESSION_WRONG_CODES] = wrong
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if wrong >= WRONG_CODE_LIMIT:
            logout(request)
            messages.error(request, _("验证码错误次数过多，已退出登录。"))
            return redirect("wagtailadmin_login")
        form.add_error(
            None,
            _("验证码错误或已过期，还可尝试%(left)d次。") % {"left": WRONG_CODE_LIMIT - wrong},
        )
    return TemplateResponse(request, "twofactor/verify.html", {"form": form, "next": next_url})


def _page(request, form=None):
    """The account's two-factor page: enrolment (with the key's QR code) or removal, and
    the site group's requirement for its administrator; each form posts to its own URL."""
    user = request.user
    device = confirmed_device(user)
    group = SiteGroup.objects.first()
    context = {
        "page_title": _("双因素认证"),
        "header_icon": "key",
        "required": required_for(user),
        "device": device,
        "next": _next_url(request),
        "form": form or CodeForm(),
        "requirement_form": RequirementForm(
            initial={"requires_two_factor": group.requires_two_factor}
        )
        if group is not None and can(user, Capability.GROUP_ADMIN)
        else None,
    }
    if device is None:
        pending = actions.pending_device(user)
        context["qr_svg"] = mark_safe(  # noqa: S308 - segno's own SVG of the key's URL
            segno.make(pending.config_url, error="m").svg_inline(scale=4)
        )
        context["secret"] = _grouped(base64.b32encode(pending.bin_key).decode())
    return TemplateResponse(request, "twofactor/manage.html", context)


@require_safe
def manage(request):
    return _page(request)


@require_POST
def enrol(request):
    """Confirm the pending device with a code from it; the page again if the code is wrong."""
    if confirmed_device(request.user) is not None:
        return redirect("twofactor_manage")
    pending = actions.pending_device(request.user)
    form = CodeForm(request.POST)
    if form.is_valid():
        if pending.verify_token(form.cleaned_data["code"]):
            actions.do_enrol(pending, acting_user=request.user)
            otp_login(request, pending)
            messages.success(request, _("已启用双因素认证，此后每次登录都需输入验证码"))
            return redirect(_next_url(request) if request.POST.get("next") else "twofactor_manage")
        form.add_error("code", _("验证码错误或已过期，请核对手机时间后重试"))
    return _page(request, form)


@require_POST
def remove(request):
    """Stop using the confirmed device, proven by a current code from it."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("twofactor_manage")
    form = CodeForm(request.POST)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actions.do_remove(device, acting_user=request.user)
            messages.success(request, _("已停用双因素认证"))
            return redirect("twofactor_manage")
        form.add_error("code", _("验证码错误或已过期"))
    return _page(request, form)


@require_POST
def set_requirement(request):
    """The site group's administrator requires (or stops requiring) a second factor."""
    group = SiteGroup.objects.first()
    if group is None or not can(request.user, Capability.GROUP_ADMIN):
        raise Http404("The site group's administrator only")
    form = RequirementForm(request.POST)
    if form.is_valid():
        actions.do_set_requirement(
            group, form.cleaned_data["requires_two_factor"], acting_user=request.user
        )
        messages.success(request, _("已保存双因素认证要求"))
    return redirect("twofactor_manage")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
