"""The list of what an agency does not disclose proactively (依申请公开, 不予公开), for its
periodic review (定期评估审查, Art. 18): each item with its ground and reason and when it
was last reviewed, oldest review first; a review is recorded through the action.

Staff see their own agency's items, supervisors every agency's; recording a review needs
``pages.withheld_review`` in the item's agency. Views never save a model themselves.
"""

from django.contrib import messages
from django.db.models import F, Max
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from gongkai.agencies.policy import Capability, can, require, scope
from gongkai.casework import ActionError
from gongkai.catalog.actions import NOT_PROACTIVE, do_record_withholding_review
from gongkai.catalog.forms import WithholdingReviewForm
from gongkai.catalog.models import InfoItem, ReviewConclusion

C = Capability


def withheld_items(user):
    """The items the user may see that are not proactively disclosed, with their last review
    date (``last_reviewed_on``), never reviewed first, then the longest unreviewed."""
    items = InfoItem.objects.filter(disclosure_mode__in=NOT_PROACTIVE).select_related(
        "agency", "department"
    )
    items = scope(items, user, C.AGENCY_SEE, "agency_id")
    return items.annotate(last_reviewed_on=Max("withholding_reviews__reviewed_on")).order_by(
        "agency__sort_order", F("last_reviewed_on").asc(nulls_first=True), "pk"
    )


def _form(data=None):
    return WithholdingReviewForm(data, conclusions=ReviewConclusion.choices)


def index(request):
    require(request.user, C.AGENCY_SEE)
    items = list(withheld_items(request.user))
    for item in items:
        item.reviewable = can(request.user, C.PAGES_WITHHELD_REVIEW, item.agency_id)
        item.latest = item.withholding_reviews.first()
    return TemplateResponse(
        request,
        "catalog/withheld.html",
        {"page_title": _("不予公开信息定期评估审查"), "items": items, "form": _form()},
    )


def review(request, pk):
    item = withheld_items(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such item")
    require(request.user, C.PAGES_WITHHELD_REVIEW, item.agency_id)
    if request.method != "POST":
        return redirect("catalog_withheld")
    form = _form(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"《{item.title}》：{error}")
        return redirect("catalog_withheld")
    try:
        do_record_withholding_review(
            item,
            reviewed_on=form.cleaned_data["reviewed_on"],
            conclusion=form.cleaned_data["conclusion"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
    except ActionError as exc:
        messages.error(request, f"《{item.title}》：{exc}")
    else:
        messages.success(request, _("已记录《%(title)s》的评估审查。") % {"title": item.title})
    return redirect("catalog_withheld")
