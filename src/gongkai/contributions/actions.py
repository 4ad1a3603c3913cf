"""The actions of 信息报送: submit (报送), adopt (采用), adopt with edits, return (退回).

Each runs in one transaction, locks the row it changes, checks the policy and the state
table, writes one audit entry ``gongkai.contributions.<action>`` and, when a column's
listing changed without a page save of its own, sends ``public_pages_changed`` once the
change is committed.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape

from gongkai.agencies.policy import Capability, can, department_bound, department_id_of_user
from gongkai.casework import ActionError, after_commit, audit, check_transition, locked
from gongkai.catalog import public_cache
from gongkai.catalog.categories import Art20Category, DisclosureMode
from gongkai.catalog.changes import public_pages_changed
from gongkai.catalog.models import ColumnPage, InfoItem, live_items
from gongkai.contributions.audit import AUDIT
from gongkai.contributions.entries import listing_pages
from gongkai.contributions.models import (
    OPEN_STATES,
    TRANSITIONS,
    ColumnIntake,
    Contribution,
    ContributionState,
)

S = ContributionState


def announce(columns) -> None:
    """Tell the public pages (now) and static publishing (after commit) that these columns'
    listings changed: the public cache keeps what each listing shows (``catalog.listings``)."""
    public_cache.bump()
    pages = listing_pages(columns)
    if pages:
        after_commit(lambda: public_pages_changed.send(sender=Contribution, pages=pages))


def accepts_submissions(column) -> bool:
    return ColumnIntake.objects.filter(column_id=column.pk, accepts=True).exists()


def open_columns():
    """Every column of the group that accepts submissions."""
    ids = ColumnIntake.objects.filter(accepts=True).values("column_id")
    return ColumnPage.objects.filter(pk__in=ids).select_related("agency").order_by("path")


def visible_to(user, contribution: Contribution) -> bool:
    """The submitting agency's and the target agency's staff (and supervisors) see it."""
    return can(user, Capability.AGENCY_SEE, contribution.agency_id) or can(
        user, Capability.AGENCY_SEE, contribution.target_agency_id
    )


def access_contribution(user, pk) -> Contribution:
    contribution = (
        Contribution.objects.filter(pk=pk)
        .select_related("agency", "department", "target", "target_agency", "item")
        .first()
    )
    if contribution is None or not visible_to(user, contribution):
        raise Http404("No such contribution")
    return contribution


def may_decide(user, contribution: Contribution) -> bool:
    return can(user, Capability.CONTRIBUTIONS_ADOPT, contribution.target_agency_id)


def _check_submitter(user, item: InfoItem) -> None:
    if not can(user, Capability.CONTRIBUTIONS_SUBMIT, item.agency_id):
        raise ActionError(
            "只能报送本机关的信息", "You can submit only your own agency's items", code="permission"
        )
    if department_bound(user) and item.department_id != department_id_of_user(user):
        raise ActionError(
            "只能报送本股室的信息",
            "You can submit only your own department's items",
            code="permission",
        )
    if item.disclosure_mode != DisclosureMode.PROACTIVE:
        raise ActionError(
            "依申请公开的信息不能报送", "An item disclosed on request cannot be submitted"
        )


def _check_target(item: InfoItem, target: ColumnPage) -> None:
    if target.agency_id == item.agency_id:
        raise ActionError(
            "请报送到网站群中其他网站的栏目",
            "Submit to a column of another site of the group",
            code="own_site",
        )
    if not accepts_submissions(target):
        raise ActionError(
            "该栏目不接受报送", "This column does not accept submissions", code="closed"
        )
    if Contribution.objects.filter(item=item, target=target, state__in=OPEN_STATES).exists():
        raise ActionError(
            "该信息已报送到此栏目", "This item was already submitted to this column", code="twice"
        )


@transaction.atomic
def do_submit(item: InfoItem, target: ColumnPage, *, acting_user, note: str = "") -> Contribution:
    """报送 ``item`` (published, or a draft written for the purpose) to ``target``, a column
    of another site that accepts submissions."""
    item = locked(InfoItem, item.pk)
    target = ColumnPage.objects.filter(pk=target.pk).first()
    if target is None:
        raise ActionError("报送栏目不存在", "The column does not exist")
    _check_submitter(acting_user, item)
    _check_target(item, target)
    contribution = Contribution.objects.create(
        item=item,
        title=item.title,
        agency_id=item.agency_id,
        department_id=item.department_id,
        target=target,
        target_agency_id=target.agency_id,
        note=note.strip(),
        submitted_by=acting_user,
        submitted_at=timezone.now(),
    )
    audit(
        contribution,
        AUDIT,
        "submit",
        user=acting_user,
        new_state=S.SUBMITTED,
        item=item.pk,
        index_number=item.index_number,
        target=target.pk,
        target_title=target.title,
    )
    return contribution


def _lock_for_decision(contribution, user, new_state) -> Contribution:
    contribution = locked(Contribution, contribution.pk)
    if not may_decide(user, contribution):
        raise ActionError(
            "只有报送栏目所属机关的信息员和审核人可以处理",
            "Only editors of the column's agency can decide on a submission",
            code="permission",
        )
    check_transition(TRANSITIONS, contribution.state, new_state)
    if contribution.target_id is None:
        raise ActionError("报送栏目已删除", "The column no longer exists")
    return contribution


def _decide(contribution, user, state, action: str, fields: dict, **data) -> None:
    """Record the decision: the new ``state`` with the other ``fields`` it sets, and the
    audit entry ``action`` with ``data``."""
    old = contribution.state
    contribution.state = state
    contribution.decided_by = user
    contribution.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(contribution, name, value)
    contribution.save(
        update_fields=["state", "decided_by", "decided_at", *fields.keys()],
    )
    audit(contribution, AUDIT, action, user=user, old_state=old, new_state=state, **data)


@transaction.atomic
def do_adopt(contribution: Contribution, *, acting_user) -> Contribution:
    """采用: the original, unchanged, is listed in the target column as a reference entry."""
    contribution = _lock_for_decision(contribution, acting_user, S.ADOPTED)
    if contribution.item_id is None or not live_items().filter(pk=contribution.item_id).exists():
        raise ActionError(
            "原信息尚未公开发布，只能修改后采用",
            "The original is not published: adopt it with edits instead",
            code="not_public",
        )
    _decide(
        contribution,
        acting_user,
        S.ADOPTED,
        "adopt",
        {"reason": ""},
        item=contribution.item_id,
        target=contribution.target_id,
    )
    announce([contribution.target])
    return contribution


@transaction.atomic
def do_return(contribution: Contribution, reason: str, *, acting_user) -> Contribution:
    """退回 with a reason; an adopted reference entry leaves the column."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请填写退回理由", "Give the reason for the return", code="reason")
    contribution = _lock_for_decision(contribution, acting_user, S.RETURNED)
    if contribution.with_edits:
        raise ActionError(
            "修改后采用的信息已属本机关，请直接撤销发布",
            "An item adopted with edits is your own: unpublish it instead",
        )
    listed = contribution.reference_entry
    _decide(contribution, acting_user, S.RETURNED, "return", {"reason": reason}, reason=reason)
    if listed:
        announce([contribution.target])
    return contribution


def _source_paragraph(original: InfoItem) -> str:
    label = f"{escape(original.agency.name)}《{escape(original.title)}》"
    if original.live:
        label = f'<a linktype="page" id="{original.pk}">{label}</a>'
    return f"<p>来源：{label}</p>"


@transaction.atomic
def do_adopt_with_edits(contribution: Contribution, *, title: str, acting_user) -> InfoItem:
    """采用 with edits: a new draft item of the adopting agency in the target column, with
    the original's content and a 来源 link to it; the editor edits and publishes it through
    the usual review, and it gets its own 索引号 when published. The original is untouched."""
    contribution = _lock_for_decision(contribution, acting_user, S.ADOPTED)
    if contribution.item_id is None:
        raise ActionError("原信息已删除", "The original was deleted")
    original = InfoItem.objects.select_related("agency").get(pk=contribution.item_id)
    content = original.get_latest_revision_as_object()
    target = contribution.target.specific
    category = (
        target.default_category
        if target.default_category != Art20Category.NONE
        else content.category
    )
    item = InfoItem(
        title=(title or "").strip() or content.title,
        slug=f"contribution-{contribution.pk}",
        live=False,
        has_unpublished_changes=True,
        summary=content.summary,
        body=_source_paragraph(original) + content.body,
        generated_on=timezone.localdate(),
        category=category,
        topic=content.topic,
        genre=content.genre,
        keywords=content.keywords,
        owner=acting_user,
    )
    target.add_child(instance=item)
    item.save_revision(user=acting_user, log_action=True)
    _decide(
        contribution,
        acting_user,
        S.ADOPTED,
        "adopt_with_edits",
        {"reason": "", "with_edits": True, "adopted_item": item},
        item=original.pk,
        adopted_item=item.pk,
        target=target.pk,
    )
    return item
