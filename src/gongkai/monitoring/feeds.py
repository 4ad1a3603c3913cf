"""Reading an account's RSS or Atom feed: its posts counted per day (China time).

The feed is fetched with a size limit and a total timeout and parsed with ``defusedxml``
(installed with Wagtail, through Willow), which refuses DTDs and entities: a feed is text
from outside. A feed holds only its newest posts, so a day absent from it is not a day
without posts: only the days it shows are recorded, as per-day counts (source "feed"),
and never over a count entered or imported for a period that covers the day.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gongkai.casework import ActionError, audit, locked
from gongkai.monitoring.accounts import check_manage, covered_days
from gongkai.monitoring.audit import AUDIT
from gongkai.monitoring.fetching import get
from gongkai.monitoring.models import Account, PostCount, PostSource

FEED_MAX_BYTES = 2 * 1024 * 1024
FEED_TIMEOUT = 15
ATOM = "{http://www.w3.org/2005/Atom}"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


class FeedError(ValueError):
    pass


def _parse_time(text: str | None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)  # RSS 2.0: RFC 822
    except (TypeError, ValueError, IndexError):
        moment = parse_datetime(text.replace("Z", "+00:00")) if "T" in text else None
        if moment is None:
            try:
                moment = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
            except ValueError:
                return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def post_times(data: bytes) -> list[datetime | None]:
    """The publication time of every post of an RSS 2.0, RSS 1.0 or Atom document (None for
    a post without a readable date)."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise FeedError(f"订阅源不是有效的 XML / not valid XML: {error}") from error
    if root.tag == f"{ATOM}feed":
        return [
            _parse_time(entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated"))
            for entry in root.iter(f"{ATOM}entry")
        ]
    items = [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "item"]
    if root.tag.rsplit("}", 1)[-1] not in ("rss", "RDF"):
        raise FeedError("不是 RSS 或 Atom 订阅源 / neither RSS nor Atom")
    return [_parse_time(item.findtext("pubDate") or item.findtext(DC_DATE)) for item in items]


def posts_per_day(data: bytes) -> tuple[Counter, int]:
    """(posts per China date, posts without a date)."""
    times = post_times(data)
    days = Counter(timezone.localdate(t) for t in times if t is not None)
    return days, sum(1 for t in times if t is None)


def fetch_feed(url: str) -> bytes:
    answer = get(url, timeout=FEED_TIMEOUT, max_bytes=FEED_MAX_BYTES, keep_body=True)
    if not answer.ok:
        raise ActionError(
            f"无法读取订阅源：{answer.error}", f"could not read the feed: {answer.error}"
        )
    if answer.truncated:
        raise ActionError(
            "订阅源超过 2 MB，未读取", "the feed is larger than 2 MB and was not read"
        )
    return answer.body


def do_read_feed(account: Account, *, acting_user=None, data: bytes | None = None) -> dict:
    """Fetch (or take ``data``) and record the account's posts per day. ``acting_user`` None
    is the worker's daily run. Returns what was recorded and what was skipped."""
    if acting_user is not None:
        check_manage(acting_user, account.agency_id)
    if not account.feed_url and data is None:
        raise ActionError("该账号没有订阅源地址", "the account has no feed URL")
    try:
        days, undated = posts_per_day(data if data is not None else fetch_feed(account.feed_url))
    except FeedError as error:
        raise ActionError(str(error), str(error)) from error
    recorded, kept = {}, []
    with transaction.atomic():
        account = locked(Account, account.pk)
        for day, count in sorted(days.items()):
            if covered_days(account, day, day).exists():
                kept.append(day)
                continue
            PostCount.objects.update_or_create(
                account=account,
                start=day,
                end=day,
                defaults={"count": count, "source": PostSource.FEED},
            )
            recorded[day] = count
        audit(
            account,
            AUDIT,
            "read_feed",
            user=acting_user,
            days={d.isoformat(): n for d, n in recorded.items()},
            kept=kept,
            undated=undated,
        )
    return {"recorded": recorded, "kept": kept, "undated": undated}
