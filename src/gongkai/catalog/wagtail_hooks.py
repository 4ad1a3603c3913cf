from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.access import can_see_agency, is_supervisor, staff_profile, user_agency_id
from gongkai.agencies.policy import Capability, can_any, department_bound
from gongkai.backoffice import Panel, add_menu_item
from gongkai.catalog import secrecy_gate, withheld
from gongkai.catalog.actions import AUDIT, do_record_secrecy_review
from gongkai.catalog.dashboard import panels_for_role
from gongkai.catalog.drafts import do_keep_as_draft
from gongkai.catalog.forms import SecrecyReviewForm
from gongkai.catalog.models import AgencyHomePage, InfoItem, InfoItemAttachment
from gongkai.catalog.page_types import refuse_creation_outside_role
from gongkai.catalog.privacy_gate import (
    OVERRIDE_ACTION,
    describe,
    gated,
    record_override,
    scan_for,
)
from gongkai.catalog.public_files import public_pages_using
from gongkai.catalog.scan_status import privacy_scan_status

LATE_PANEL_SIZE = 20
CHECKING_NOTICE = _("正在检查个人信息…检查完成后这里会显示结果。")
CHECKING_REFUSAL = _("发布被拦截：个人信息检查尚未完成。请等检查完成（通常不超过一分钟）后再发布。")


@hooks.register("register_admin_urls")
def register_withheld_urls():
    return [
        path("catalog/withheld/", withheld.index, name="catalog_withheld"),
        path("catalog/withheld/<int:pk>/review/", withheld.review, name="catalog_withheld_review"),
    ]


add_menu_item(
    can_any(Capability.PAGES_WITHHELD_REVIEW, Capability.SUPERVISE),
    _("不予公开信息评估"),
    "catalog_withheld",
    icon_name="lock",
    order=175,
)


def late_items_for(user):

    items = (
        InfoItem.objects.live().filter(publication_late=True).select_related("agency", "department")
    )
    if is_supervisor(user):
        return items
    profile = staff_profile(user)
    if profile is None or profile.agency_id is None:
        return items.none()
    items = items.filter(agency_id=profile.agency_id)
    if department_bound(user):
        items = items.filter(department_id=profile.department_id)
    return items


@hooks.register("construct_homepage_panels")
def add_late_publication_panel(request, panels):
    """Art. 26: items published more than 20 working days after they were formed."""
    items = late_items_for(request.user).order_by("-first_published_at")
    total = items.count()
    if total:
        panels.append(
            Panel(
                "late_publications",
                120,
                "catalog/panels/late_publications.html",
                items=list(items[:LATE_PANEL_SIZE]),
                total=total,
                title=_("逾期发布的信息（超过20个工作日）"),
            )
        )


@hooks.register("register_log_actions")
def register_privacy_override(actions):

    actions.register_action(OVERRIDE_ACTION, _("个人信息检查例外发布"), _("个人信息检查例外发布"))
    AUDIT.register(actions)


def _refuse(request, page, message):
    if page.first_published_at is None:
        # Wagtail's create view saves a new page as live before this hook runs; refused, it
        # stays a draft (its content is kept in the revision just saved).
        do_keep_as_draft(page)
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


def _gate(request, page, reason=""):
    """None to let publishing go on; a redirect back to the editor when it is refused.

    Every check passes before anything is recorded: a privacy exception or a 保密审查 is
    written only for a publication that happens."""

    page = page.specific
    if not gated(page):
        return None
    if secrecy_gate.withheld(page):
        return _refuse(
            request,
            page,
            _(
                "不予公开的信息不能发布。如情势变化可以公开，请先将公开属性改为主动公开（《条例》第十八条）。"
            ),
        )
    scan = scan_for(page)
    if scan.pending:
        # No reason lets it through: what was not read cannot be vouched for.
        return _refuse(request, page, CHECKING_REFUSAL)
    findings = list(scan.findings)
    if findings and not reason:
        return _refuse(
            request,
            page,
            _(
                "发布被拦截：发现个人信息（%(findings)s）。请删除或遮盖后再发布；确需公开的，由审核人填写“个人信息检查例外理由”后发布。"
            )
            % {"findings": describe(findings)},
        )
    review = None
    if secrecy_gate.needs_review(page) and not secrecy_gate.reviewed(page):
        review = SecrecyReviewForm(request.POST).review()
        if review is None:
            return _refuse(
                request,
                page,
                _(
                    "发布被拦截：尚未进行保密审查。请勾选“已对拟公开的内容进行保密审查，可以公开”，"
                    "并填写保密审查人和保密审查日期后发布（《条例》第十七条）。"
                ),
            )
    if findings:
        record_override(page, request.user, reason, findings)
    if review is not None:
        do_record_secrecy_review(
            page, reviewer=review[0], reviewed_on=review[1], acting_user=request.user
        )
    return None


@hooks.register("before_publish_page")
def refuse_publishing_personal_information(request, page):
    return _gate(request, page, request.POST.get("privacy_override_reason", "").strip())


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_personal_information(
    request, action_type, objects, action_class_instance
):

    if action_type != "publish":
        return None
    for obj in objects:
        specific = obj.specific
        if not gated(specific):
            continue
        scan = scan_for(specific)
        if scan.pending:
            messages.error(
                request,
                _("批量发布被拦截：《%(title)s》的个人信息检查尚未完成，请稍后再试。")
                % {"title": specific.title},
            )
            return redirect("wagtailadmin_explore", specific.get_parent().pk)
        if findings := list(scan.findings):
            messages.error(
                request,
                _("批量发布被拦截：《%(title)s》含个人信息（%(findings)s）。请逐条处理。")
                % {"title": specific.title, "findings": describe(findings)},
            )
            return redirect("wagtailadmin_explore", specific.get_parent().pk)
        if secrecy_gate.withheld(specific) or (
            secrecy_gate.needs_review(specific) and not secrecy_gate.reviewed(specific)
        ):
            messages.error(
                request,
                _("批量发布被拦截：《%(title)s》尚未进行保密审查或属于不予公开。请逐条处理。")
                % {"title": specific.title},
            )
            return redirect("wagtailadmin_explore", specific.get_parent().pk)
    return None


def _already_told(request, text: str) -> bool:
    """Whether a message waiting to be shown already says ``text``."""

    storage = messages.get_messages(request)
    waiting = [str(message) for message in storage]
    storage.used = False  # reading them must not consume them
    return any(text in message for message in waiting)


@hooks.register("before_edit_page")
def warn_about_personal_information(request, page):

    if request.method == "GET" and gated(page.specific):
        scan = scan_for(page.specific)
        if scan.pending:
            # The editor's script (privacy_scan_status.js) asks privacy_scan_status until the
            # worker has answered and puts the answer in place of this notice.
            messages.info(request, CHECKING_NOTICE, extra_tags="privacy-scan-checking")
            return
        findings = list(scan.findings)
        # After a refused publication the refusal already lists the same findings.
        if findings and not _already_told(request, describe(findings)):
            messages.warning(
                request, _("个人信息检查：%(findings)s") % {"findings": describe(findings)}
            )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def start_the_privacy_scan(request, page):
    """Queue the scan of what was just saved, so the worker has usually answered by the time
    someone presses publish or opens the review."""
    if gated(page.specific):
        scan_for(page.specific)


@hooks.register("register_admin_urls")
def register_privacy_scan_status():
    return [
        path("privacy-scan/<int:page_id>/", privacy_scan_status, name="catalog_privacy_scan_status")
    ]


@hooks.register("insert_editor_js")
def privacy_scan_status_script():
    return format_html('<script src="{}" defer></script>', static("catalog/privacy_scan_status.js"))


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_agency(pages, request):
    """The link chooser of a clerk offers only their own agency's pages (and the portal's)."""

    if is_supervisor(request.user):
        return pages
    others = AgencyHomePage.objects.exclude(agency_id=user_agency_id(request.user))
    for home in others.only("path"):
        pages = pages.exclude(path__startswith=home.path)
    return pages


@hooks.register("before_serve_document")
def serve_only_published_attachments(document, request):
    """A file is public once a page that carries it (as an attachment or a link in its
    text) is live and unrestricted; before that only staff of its agency (and supervisors)
    may open it — document ids are easy to guess."""

    if public_pages_using(document).exists():
        return None
    attachments = InfoItemAttachment.objects.filter(document=document).select_related("item")
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        agencies = {a.item.agency_id for a in attachments}
        if is_supervisor(user) or (agencies and all(can_see_agency(user, a) for a in agencies)):
            return None
        if not agencies and document.uploaded_by_user_id == user.pk:
            return None
    raise Http404("No such document")


@hooks.register("before_create_page")
def refuse_page_types_outside_the_role(request, parent_page, page_class):

    return refuse_creation_outside_role(request, parent_page, page_class)


@hooks.register("construct_homepage_panels", order=1000)
def show_each_role_its_own_work(request, panels):
    """Runs after every app's panels are in (order=1000)."""

    panels_for_role(request.user, panels)
