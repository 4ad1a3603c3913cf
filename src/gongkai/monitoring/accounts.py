"""The register of 政务新媒体: the actions that change it, each checked against the policy
(``newmedia.manage`` in the account's agency) and audited, and ``posts_in``, the figure a
year's report quotes (e.g. "123 Weibo posts") counted from the records.

Post counts are kept per period (both ends included). An account has at most one count per
period; periods of one account do not overlap (a count for an existing period replaces it),
so a sum over periods never counts a post twice. Counts read from a feed are per day; they
never replace a count entered or imported for a period that covers that day, and such a
count, recorded later, replaces the feed's days inside its period.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, audit, locked
from gongkai.monitoring.audit import AUDIT
from gongkai.monitoring.models import Account, PostCount, PostSource

ACCOUNT_FIELDS = (
    "platform",
    "name",
    "account_id",
    "url",
    "department",
    "opened_on",
    "closed_on",
    "feed_url",
)


def check_manage(user, agency_id: int) -> None:
    if not can(user, Capability.NEWMEDIA_MANAGE, agency_id):
        raise ActionError(
            "无权管理该机关的政务新媒体账号",
            "you may not manage this agency's new-media accounts",
            code="forbidden",
        )


def _validated(account: Account) -> None:
    try:
        account.full_clean()
    except ValidationError as error:
        lines = [f"{field}: {'; '.join(msgs)}" for field, msgs in error.message_dict.items()]
        raise ActionError(
            "账号信息不完整或有误", "the account's details are incomplete or wrong", details=lines
        ) from error
    if account.opened_on and account.closed_on and account.closed_on < account.opened_on:
        raise ActionError("关停日期早于开设日期", "closed before it was opened")


def do_save_account(agency: Agency, values: dict, *, acting_user, account=None) -> Account:
    """Register a new account of ``agency`` (``account`` None) or change one."""
    check_manage(acting_user, agency.pk)
    with transaction.atomic():
        if account is None:
            account = Account(agency=agency)
            old = {}
        else:
            account = locked(Account, account.pk)
            if account.agency_id != agency.pk:
                raise ActionError("账号不属于该机关", "the account belongs to another agency")
            old = {f: getattr(account, f) for f in ACCOUNT_FIELDS}
        for field in ACCOUNT_FIELDS:
            if field in values:
                setattr(account, field, values[field] if values[field] is not None else "")
                if field in ("opened_on", "closed_on") and not values[field]:
                    setattr(account, field, None)
        _validated(account)
        account.save()
        changes = {
            f: [old.get(f), getattr(account, f)]
            for f in ACCOUNT_FIELDS
            if old.get(f) != getattr(account, f) and (old or getattr(account, f))
        }
        action = "update_account" if old else "create_account"
        if changes or not old:
            audit(account, AUDIT, action, user=acting_user, agency=agency.pk, changes=changes)
    return account


def _overlapping(account: Account, start: date, end: date):
    """Other periods that meet [start, end]; the feed's days give way to a period entered
    or imported (they are deleted when it is recorded)."""
    return covered_days(account, start, end).exclude(start=start, end=end)


def do_record_posts(
    account: Account,
    start: date,
    end: date,
    count: int,
    *,
    acting_user,
    source: str = PostSource.ENTERED,
) -> PostCount:
    """Record ``count`` posts of ``account`` in [start, end] (replacing that period's)."""
    check_manage(acting_user, account.agency_id)
    if end < start:
        raise ActionError("截止日期早于起始日期", "the period ends before it starts")
    if count < 0:
        raise ActionError("发文数不能为负", "the count cannot be negative")
    with transaction.atomic():
        account = locked(Account, account.pk)
        clash = _overlapping(account, start, end).first()
        if clash is not None:
            raise ActionError(
                f"与已有的统计期间 {clash.start}—{clash.end} 重叠",
                f"overlaps the recorded period {clash.start}–{clash.end}",
                code="overlap",
            )
        replaced = PostCount.objects.filter(
            account=account, start__gte=start, end__lte=end, source=PostSource.FEED
        ).exclude(start=start, end=end)
        feed_days = sorted(d.isoformat() for d in replaced.values_list("start", flat=True))
        replaced.delete()
        previous = PostCount.objects.filter(account=account, start=start, end=end).first()
        row, _ = PostCount.objects.update_or_create(
            account=account, start=start, end=end, defaults={"count": count, "source": source}
        )
        audit(
            account,
            AUDIT,
            "record_posts",
            user=acting_user,
            start=start,
            end=end,
            count=count,
            previous=previous.count if previous else None,
            source=source,
            replaced_feed_days=feed_days,
        )
    return row


def posts_in(account_or_agency, start: date, end: date) -> int:
    """Posts in the periods that lie within [start, end] of one account, or of every account
    of an agency (an Agency)."""
    rows = PostCount.objects.filter(start__gte=start, end__lte=end)
    if isinstance(account_or_agency, Agency):
        rows = rows.filter(account__agency=account_or_agency)
    else:
        rows = rows.filter(account=account_or_agency)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def covered_days(account: Account, start: date, end: date):
    """Periods recorded other than from the feed that meet [start, end]."""
    return PostCount.objects.filter(
        Q(account=account, start__lte=end, end__gte=start) & ~Q(source=PostSource.FEED)
    )
