"""The supervisor's first screen: every agency of the site group at a glance."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.reports.due import DueStatus, agency_due_status, current_site_group
from gongkai.reports.models import PUBLIC_STATES, AnnualReport


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    items_live: int
    items_this_year: int
    last_published: date | None
    awaiting_review: int
    empty_columns: int
    late_items: int
    report: DueStatus  # the annual report on last year (Art. 49), by the agency's deadline


def agency_rows(today: date | None = None) -> list[AgencyRow]:
    """One row per agency, from a fixed number of queries whatever the number of agencies."""
    today = today or timezone.localdate()
    # Page querysets are ordered by tree path; clear it, or GROUP BY would include the path.
    live = InfoItem.objects.live().public().order_by()
    totals = {
        row["agency"]: row
        for row in live.values("agency").annotate(n=Count("pk"), last=Max("first_published_at"))
    }
    late = dict(
        live.filter(publication_late=True)
        .values("agency")
        .annotate(n=Count("pk"))
        .values_list("agency", "n")
    )
    this_year = dict(
        live.filter(first_published_at__year=today.year)
        .values("agency")
        .annotate(n=Count("pk"))
        .values_list("agency", "n")
    )
    # A page's workflow state names the generic Page as its base type and the specific
    # type as its content type.
    in_review = WorkflowState.objects.active().filter(
        content_type=ContentType.objects.get_for_model(InfoItem)
    )
    awaiting = {}
    page_agency = dict(
        InfoItem.objects.filter(
            pk__in=[int(pk) for pk in in_review.values_list("object_id", flat=True)]
        ).values_list("pk", "agency")
    )
    for agency_id in page_agency.values():
        awaiting[agency_id] = awaiting.get(agency_id, 0) + 1
    # A leaf column (no sub-columns) without a live public page of any kind (an item, an
    # annual report, a guide) is a 空白栏目 of the inspection rules.
    steplen = ColumnPage.steplen
    columns = list(ColumnPage.objects.live().values_list("path", "agency"))
    parents_of_columns = {path[:-steplen] for path, _ in columns}
    column_depths = {len(path) // steplen + 1 for path, _ in columns}
    children = Page.objects.live().public().filter(depth__in=column_depths).order_by()
    parents_of_items = {path[:-steplen] for path in children.values_list("path", flat=True)}
    empty = {}
    for path, agency_id in columns:
        if path not in parents_of_columns and path not in parents_of_items:
            empty[agency_id] = empty.get(agency_id, 0) + 1

    reported = set(
        AnnualReport.objects.filter(year=today.year - 1, state__in=PUBLIC_STATES).values_list(
            "agency_id", flat=True
        )
    )
    group = current_site_group()
    rows = []
    for agency in Agency.objects.all():
        total = totals.get(agency.pk, {})
        last = total.get("last")
        rows.append(
            AgencyRow(
                agency=agency,
                items_live=total.get("n", 0),
                items_this_year=this_year.get(agency.pk, 0),
                last_published=timezone.localdate(last) if last else None,
                awaiting_review=awaiting.get(agency.pk, 0),
                empty_columns=empty.get(agency.pk, 0),
                late_items=late.get(agency.pk, 0),
                report=agency_due_status(
                    agency, today, published=agency.pk in reported, site_group=group
                ),
            )
        )
    return rows


def lacking_credit_code(rows: list[AgencyRow]) -> list[Agency]:
    """Agencies in service without a 统一社会信用代码: their 索引号 cannot carry the
    organisation code (the front code falls back to a number) until one is entered."""
    return [row.agency for row in rows if not row.agency.credit_code and not row.agency.is_retired]
