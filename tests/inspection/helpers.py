"""Hand-made histories for the inspection's rule tests: items with the moment they became
public and the date they show, messages with their reply times."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from gongkai.agencies.models import Agency
from gongkai.catalog.models import InfoItem
from gongkai.inspection.engine import inspect
from gongkai.interaction.actions import do_submit
from gongkai.interaction.models import Message, MessageState
from tests.sitegroup import column

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The inspections of these tests happen at T, before the session's site group was built:
# its items (published when the test session starts) are not public yet at T.
T = datetime(2026, 6, 30, 12, tzinfo=SHANGHAI)


def days_ago(days: float) -> datetime:
    return T - timedelta(days=days)


def item(
    agency_slug,
    column_slug,
    title,
    became: datetime,
    *,
    shown: datetime | None = None,
    migrated=True,
    **fields,
) -> InfoItem:
    """An item public since ``became``: migrated (it shows ``became``), or written here and
    published then, showing ``shown`` (default ``became``)."""
    parent = column(agency_slug, column_slug)
    page = InfoItem(
        title=title,
        generated_on=fields.pop("generated_on", timezone_date(became)),
        body=fields.pop("body", "<p>正文内容。</p>"),
        **fields,
    )
    if migrated:
        page.mark_migrated(became)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if not migrated:
        # History: it went public at ``became`` and shows ``shown``.
        InfoItem.objects.filter(pk=page.pk).update(
            became_public_at=became, first_published_at=shown or became
        )
    page.refresh_from_db()
    return page


def timezone_date(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def message(agency_slug, received: datetime, replied: datetime | None = None, **fields):
    agency = Agency.objects.get(slug=agency_slug)
    subject = fields.pop("subject", f"咨询 {received.isoformat()}")
    msg, _secret = do_submit(
        agency,
        kind=fields.pop("kind", "inquiry"),
        subject=subject,
        body="请问办理流程？",
        name="市民",
        phone="0792-0000000",
        public_allowed=True,
        received_at=received,
        **fields,
    )
    if replied is not None:
        # A reply of the past (the actions refuse a reply time in the future of now only).
        Message.objects.filter(pk=msg.pk).update(state=MessageState.ANSWERED, replied_at=replied)
    return msg


def verdict(slug="agency-a", at=T):
    return inspect([Agency.objects.get(slug=slug)], at)[0]


def indicator(indicator_id, slug="agency-a", at=T):
    return verdict(slug, at).indicator(indicator_id)


def by_rule(result, rule):
    return sorted(e["label"] for e in result.evidence if e.get("rule") == rule)
