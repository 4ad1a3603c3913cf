"""``inspect(agencies, at)``: the national website inspection of each agency's site at T.

Every indicator is read for all the agencies at once — a fixed number of queries however
many agencies there are (pinned by tests/inspection/test_queries.py) — then judged per agency.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gongkai.inspection import deductions, errors, freshness, interaction, monitoring, services
from gongkai.inspection.results import NOT_MEASURED, AgencyVerdict, IndicatorResult
from gongkai.inspection.scheme import Scheme, default_scheme
from gongkai.inspection.site import PublicPaths, agency_columns


def aware(at: datetime) -> datetime:
    """A naive instant is China time (Asia/Shanghai, the project's time zone)."""
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def working_functions(agency, at: datetime) -> set[str]:
    """The functions that stand in for a column's items and work for the agency at T: the
    application form and the annual reports for every agency of the group that is not
    retired; the message form while it accepts inquiries."""
    if interaction.retired_by(agency, at):
        return set()
    working = {"applications", "annual_reports"}
    if interaction.consultation_channel_open(agency, at):
        working.add("messages")
    return working


class Facts:
    """What the records say about all the agencies at T, read indicator by indicator."""

    def __init__(self, agencies, at: datetime, scheme: Scheme):
        ids = [agency.pk for agency in agencies]
        self.paths = paths = PublicPaths()
        self.columns = agency_columns(ids, at, paths)
        self.overdue = interaction.overdue_messages(ids, at, scheme)
        self.expressions = errors.wrong_expressions(ids, at, paths)
        self.dates = errors.fraudulent_dates(ids, at, paths)
        self.services = services.service_facts(ids, at, scheme, paths)
        self.probes = monitoring.probe_summaries(ids, at)
        self.links = monitoring.broken_links(ids, at)
        self.link_checked = monitoring.link_checked(ids, at)
        self.accounts = monitoring.stale_accounts(ids, at, scheme)
        self.late_items = deductions.late_items(ids, at, scheme, paths)
        self.late_reports = deductions.late_reports(agencies, at)
        self.stale_guides = deductions.stale_guides(ids, at, scheme, paths)


def _home_url(facts: Facts, agency) -> str | None:
    root = facts.paths.root
    return facts.paths(f"{root}{agency.slug}/") if root else None


def agency_indicators(agency, at: datetime, scheme: Scheme, facts: Facts):
    pk = agency.pk
    columns = facts.columns.get(pk, [])
    if pk in facts.link_checked:
        links = deductions.deduction("broken_links", facts.links.get(pk, []), scheme)
    else:
        links = IndicatorResult.of("broken_links", NOT_MEASURED)
    return [
        freshness.homepage_not_updated(columns, at, scheme, _home_url(facts, agency)),
        freshness.columns_not_updated(columns, at, scheme, working_functions(agency, at)),
        monitoring.site_unreachable(facts.probes.get(pk), scheme),
        interaction.interaction_poor(
            agency, facts.overdue.get(pk, []), interaction.consultation_channel_open(agency, at)
        ),
        services.services_impractical(facts.services.get(pk, []), scheme, facts.paths),
        errors.serious_errors(facts.expressions.get(pk, []), facts.dates.get(pk, [])),
        links,
        deductions.deduction("late_publication", facts.late_items.get(pk, []), scheme),
        deductions.deduction("annual_report_late", facts.late_reports.get(pk, []), scheme),
        deductions.deduction("guide_not_updated", facts.stale_guides.get(pk, []), scheme),
        deductions.deduction("newmedia_not_updated", facts.accounts.get(pk, []), scheme),
    ]


def inspect(agencies, at: datetime, scheme: Scheme | None = None) -> list[AgencyVerdict]:
    """The verdict of each agency's site at ``at``, in the order given."""
    scheme = scheme or default_scheme()
    agencies = list(agencies)
    at = aware(at)
    facts = Facts(agencies, at, scheme)
    return [
        AgencyVerdict.from_indicators(
            agency, agency_indicators(agency, at, scheme, facts), scheme.pass_score
        )
        for agency in agencies
    ]
