"""The back office's register of 政务新媒体: list, register, change, post counts, feed, CSV.

Staff see their own agency's accounts (``agency.see``) and change them with
``newmedia.manage``; supervisors see and change every agency's. Every change is an action of
``accounts``/``feeds``/``sheets``, which checks the policy again and audits it.
"""

from django.contrib import messages
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, agency_ids_where, can, group_wide, require, scope
from gongkai.casework import ActionError
from gongkai.csvfile import csv_response
from gongkai.monitoring import sheets
from gongkai.monitoring.accounts import do_record_posts, do_save_account
from gongkai.monitoring.feeds import do_read_feed
from gongkai.monitoring.forms import AccountForm, ImportForm, PostCountForm
from gongkai.monitoring.models import Account

C = Capability


def _agencies_managed(user):
    ids = agency_ids_where(user, C.NEWMEDIA_MANAGE)
    agencies = Agency.objects.filter(retired_on__isnull=True).order_by("sort_order", "pk")
    return agencies if ids is None else agencies.filter(pk__in=ids)


def _chosen_agency(request, source):
    """The agency a form acts for: one's own, or the one a supervisor picked."""
    managed = _agencies_managed(request.user)
    if group_wide(request.user, C.NEWMEDIA_MANAGE):
        return managed.filter(pk=source.get("agency") or 0).first()
    return managed.first()


def account_list(request):
    require(request.user, C.AGENCY_SEE)
    year = timezone.localdate().year
    accounts = scope(Account.objects.select_related("agency"), request.user, C.AGENCY_SEE)
    agency_id = request.GET.get("agency", "")
    if agency_id.isdigit():
        accounts = accounts.filter(agency_id=int(agency_id))
    accounts = accounts.annotate(
        last_post=Max("post_counts__end", filter=Q(post_counts__count__gt=0)),
        posts_this_year=Sum(
            "post_counts__count",
            filter=Q(post_counts__start__year=year, post_counts__end__year=year),
        ),
    ).order_by("agency__sort_order", "agency_id", "platform", "name")
    if request.GET.get("format") == "csv":
        header = ["机关", *sheets.headers(sheets.ACCOUNT_COLUMNS)]
        rows = (
            [a.agency.name, *row]
            for a, row in zip(accounts, sheets.account_rows(accounts), strict=True)
        )
        return csv_response("newmedia-accounts", header, rows)
    return TemplateResponse(
        request,
        "monitoring/account_list.html",
        {
            "page_title": _("政务新媒体"),
            "accounts": accounts,
            "year": year,
            "may_manage": can(request.user, C.NEWMEDIA_MANAGE),
            "agencies": scope(Agency.objects.all(), request.user, C.AGENCY_SEE, field="pk"),
            "agency_id": agency_id,
        },
    )


def account_add(request):
    require(request.user, C.NEWMEDIA_MANAGE)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = _chosen_agency(request, request.POST)
        if agency is None:
            form.add_error(None, _("请选择机关"))
        else:
            try:
                account = do_save_account(agency, form.cleaned_data, acting_user=request.user)
            except ActionError as error:
                form.add_error(None, str(error))
                for line in error.details:
                    form.add_error(None, line)
            else:
                messages.success(request, _("已登记账号“%s”") % account.name)
                return redirect("monitoring_account", pk=account.pk)
    return TemplateResponse(
        request,
        "monitoring/account_form.html",
        {
            "page_title": _("登记政务新媒体账号"),
            "form": form,
            "agencies": _agencies_managed(request.user)
            if group_wide(request.user, C.NEWMEDIA_MANAGE)
            else None,
        },
    )


def _account(request, pk, *, manage=False):
    account = get_object_or_404(Account.objects.select_related("agency"), pk=pk)
    require(request.user, C.AGENCY_SEE, account.agency_id)
    if manage and not can(request.user, C.NEWMEDIA_MANAGE, account.agency_id):
        raise Http404("Not found")
    return account


def _detail(request, account, form=None, posts_form=None):
    return TemplateResponse(
        request,
        "monitoring/account_detail.html",
        {
            "page_title": str(account),
            "account": account,
            "form": form or AccountForm(instance=account),
            "posts_form": posts_form or PostCountForm(),
            "counts": account.post_counts.order_by("-start"),
            "may_manage": can(request.user, C.NEWMEDIA_MANAGE, account.agency_id),
        },
    )


@require_safe
def account_detail(request, pk):
    """The account and its post counts, with a form per change, each posted to its own URL."""
    return _detail(request, _account(request, pk))


def _refused(request, error: ActionError) -> None:
    messages.error(request, " ".join([str(error), *error.details]))


@require_POST
def account_save(request, pk):
    account = _account(request, pk, manage=True)
    form = AccountForm(request.POST, instance=Account.objects.get(pk=account.pk))
    if not form.is_valid():
        return _detail(request, account, form=form)
    try:
        do_save_account(
            account.agency, form.cleaned_data, acting_user=request.user, account=account
        )
    except ActionError as error:
        _refused(request, error)
        return _detail(request, account, form=form)
    messages.success(request, _("已保存"))
    return redirect("monitoring_account", pk=account.pk)


@require_POST
def account_posts(request, pk):
    account = _account(request, pk, manage=True)
    posts_form = PostCountForm(request.POST)
    if not posts_form.is_valid():
        return _detail(request, account, posts_form=posts_form)
    data = posts_form.cleaned_data
    try:
        do_record_posts(
            account, data["start"], data["end"], data["count"], acting_user=request.user
        )
    except ActionError as error:
        _refused(request, error)
        return _detail(request, account, posts_form=posts_form)
    messages.success(request, _("已记录发文数"))
    return redirect("monitoring_account", pk=account.pk)


@require_POST
def account_feed(request, pk):
    account = _account(request, pk, manage=True)
    try:
        outcome = do_read_feed(account, acting_user=request.user)
    except ActionError as error:
        _refused(request, error)
        return _detail(request, account)
    messages.success(request, _("已读取订阅源：记录 %d 天") % len(outcome["recorded"]))
    return redirect("monitoring_account", pk=account.pk)


def account_import(request):
    require(request.user, C.NEWMEDIA_MANAGE)
    template = request.GET.get("template")
    if template in ("accounts", "posts"):
        columns = sheets.ACCOUNT_COLUMNS if template == "accounts" else sheets.POST_COLUMNS
        return csv_response(f"newmedia-{template}-template", sheets.headers(columns), [])
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        agency = _chosen_agency(request, request.POST)
        if agency is None:
            form.add_error(None, _("请选择机关"))
        else:
            run = (
                sheets.import_accounts
                if form.cleaned_data["kind"] == "accounts"
                else (sheets.import_posts)
            )
            data = form.cleaned_data["file"].read()
            try:
                outcome = run(agency, data, acting_user=request.user)
            except ActionError as error:
                form.add_error(None, str(error))
    return TemplateResponse(
        request,
        "monitoring/account_import.html",
        {
            "page_title": _("导入政务新媒体 CSV"),
            "form": form,
            "outcome": outcome,
            "list_url": reverse("monitoring_accounts"),
            "agencies": _agencies_managed(request.user)
            if group_wide(request.user, C.NEWMEDIA_MANAGE)
            else None,
        },
    )
