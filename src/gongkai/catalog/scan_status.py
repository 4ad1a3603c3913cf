"""What the editor's page asks while the privacy gate's scan runs on the worker.

``GET /admin/privacy-scan/<page id>/`` answers JSON: ``{"state": "pending"}`` until the
worker has scanned the page's latest revision, then ``done`` with the notice that replaces
"checking…" (the findings, masked, or that none were found). It only reads: a page whose
scan was never asked for is asked by its edit page, not here. Staff who may not edit the
page (or do not edit pages at all, as supervisors) get a 404.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.agencies.policy import Capability, can
from gongkai.catalog.privacy_gate import NOT_FINISHED, GateFinding, _scanned, describe
from gongkai.jobs.results import peek


def privacy_scan_status(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    # The policy's capability (supervisors hold Wagtail's page permission but do not edit)
    # and Wagtail's permission on this page (columns, departments).
    agency = getattr(page, "agency_id", None)
    if (
        not can(request.user, Capability.PAGES_EDIT, agency)
        or not page.permissions_for_user(request.user).can_edit()
    ):
        raise Http404("No such page")
    _revision, _item, key = _scanned(page)
    outcome = peek(key)
    if outcome.pending or (outcome.result is None and not outcome.failed):
        return JsonResponse({"state": "pending"})
    findings = [NOT_FINISHED] if outcome.failed else [GateFinding(*row) for row in outcome.result]
    if findings:
        text = _("个人信息检查：%(findings)s") % {"findings": describe(findings)}
    else:
        text = _("个人信息检查完成，未发现个人信息。")
    return JsonResponse({"state": "done", "clean": not findings, "text": text})
