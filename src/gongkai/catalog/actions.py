"""The catalog's recorded acts beside Wagtail's own publishing: the 保密审查 of a text about
to be published (Art. 17) and the periodic review of what is withheld (Art. 18).

Each takes ``acting_user=``, runs in one transaction with the item's row locked, and writes
one audit entry ``gongkai.catalog.<action>``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, AuditNames, audit, locked
from gongkai.catalog.categories import DisclosureMode

# From the modules themselves: the reviewer's task (models/review.py) records reviews
# through this module while the models package is still loading.
from gongkai.catalog.models.pages import InfoItem
from gongkai.catalog.models.secrecy import ReviewConclusion, SecrecyReview, WithholdingReview

AUDIT = AuditNames(
    "catalog",
    {
        "secrecy_review": _("保密审查"),
        "withholding_review": _("不予公开信息定期评估审查"),
    },
)

NOT_PROACTIVE = (DisclosureMode.ON_APPLICATION, DisclosureMode.WITHHELD)


def _check_day(day: date, label: str) -> None:
    if day is None:
        raise ActionError(f"请填写{label}", f"The {label} is required")
    if day > timezone.localdate():
        raise ActionError(f"{label}不能晚于今天", f"The {label} cannot be in the future")


@transaction.atomic
def do_record_secrecy_review(
    item: InfoItem, *, reviewer: str, reviewed_on: date, acting_user, revision_id=None
) -> SecrecyReview:
    """Record that ``reviewer`` reviewed a revision of the item (its latest unless
    ``revision_id`` says which) for secrets on ``reviewed_on`` (Art. 17 ¶2); recorded by one
    who may publish in the item's agency."""
    if not can(acting_user, Capability.PAGES_PUBLISH, item.agency_id):
        raise ActionError("只有审核人可以记录保密审查", "Only a reviewer may record it")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ActionError("请填写保密审查人", "The reviewer is required")
    _check_day(reviewed_on, "保密审查日期")
    item = locked(InfoItem, item.pk)
    revision_id = revision_id or item.latest_revision_id
    review = SecrecyReview.objects.create(
        item=item,
        revision_id=revision_id,
        reviewer=reviewer[:60],
        reviewed_on=reviewed_on,
        recorded_by=acting_user,
    )
    audit(
        item,
        AUDIT,
        "secrecy_review",
        user=acting_user,
        old_state=item.disclosure_mode,
        reviewer=review.reviewer,
        reviewed_on=reviewed_on,
        revision=revision_id,
    )
    return review


@transaction.atomic
def do_record_withholding_review(
    item: InfoItem, *, reviewed_on: date, conclusion: str, note: str = "", acting_user
) -> WithholdingReview:
    """Record a periodic review (定期评估审查, Art. 18) of an item that is not proactively
    disclosed. A conclusion of 可以主动公开 is recorded here; the item itself changes its
    公开属性 through the editor and is published through the gate, with its 保密审查."""
    if not can(acting_user, Capability.PAGES_WITHHELD_REVIEW, item.agency_id):
        raise ActionError("没有权限进行评估审查", "You may not review this item")
    if conclusion not in ReviewConclusion.values:
        raise ActionError("请选择评估结论", "Choose a conclusion")
    _check_day(reviewed_on, "评估审查日期")
    item = locked(InfoItem, item.pk)
    if item.disclosure_mode not in NOT_PROACTIVE:
        raise ActionError(
            "主动公开的信息不需要评估审查", "Only withheld or on-application items are reviewed"
        )
    last = item.withholding_reviews.order_by("-reviewed_on").first()
    if last is not None and reviewed_on < last.reviewed_on:
        raise ActionError(
            f"评估审查日期不能早于上次评估审查（{last.reviewed_on}）",
            f"The review date cannot be before the last review ({last.reviewed_on})",
        )
    review = WithholdingReview.objects.create(
        item=item,
        reviewed_on=reviewed_on,
        conclusion=conclusion,
        note=(note or "").strip()[:500],
        mode_reviewed=item.disclosure_mode,
        reviewed_by=acting_user,
    )
    audit(
        item,
        AUDIT,
        "withholding_review",
        user=acting_user,
        old_state=item.disclosure_mode,
        reviewed_on=reviewed_on,
        conclusion=conclusion,
        ground=item.withheld_ground,
    )
    return review
