"""The back-office dashboard shows each role its own work.

An editor (股室信息员) sees the items they are writing, the ones a reviewer sent back and
the late ones of their department; the agency's annual-report deadline, its cases and its
messages are the disclosure office's business and stay off their dashboard. Panels are
kept by an allow-list, so a panel added later shows to them only once it is named here.
Whoever holds ``agency.panels`` in the policy keeps every panel.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from gongkai.agencies.policy import Capability, can, roles_of
from gongkai.backoffice import Panel

MY_WORK = "my_work"
MY_WORK_SIZE = 20
# Wagtail's panels, by name (its site summary has none, hence the class name).
WAGTAIL_OWN = {
    "user_objects_in_workflow_moderation",
    "locked_pages",
    "recent_edits",
    "SiteSummaryPanel",
}
# the panels of someone without agency.panels: their own work
# ("contributions": what waits for their 采用 and the outcome of what they submitted)
OWN_WORK_PANELS = {MY_WORK, "late_publications", "contributions", *WAGTAIL_OWN}


def panel_name(panel) -> str:
    return getattr(panel, "name", "") or type(panel).__name__


def _page_ids(states) -> list[int]:
    # WorkflowState.object_id is text (it serves snippets too); compare as page ids here
    # rather than joining text to integer, which PostgreSQL refuses.
    page_type = ContentType.objects.get_for_model(Page)
    ids = states.filter(base_content_type=page_type).values_list("object_id", flat=True)
    return [int(pk) for pk in ids if pk.isdigit()]


def my_returns(user):
    """Pages of ``user`` that a reviewer sent back for changes (退回修改)."""
    returned = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
    mine = _page_ids(returned.filter(requested_by=user))
    ids = set(mine) | set(
        Page.objects.filter(owner=user, pk__in=_page_ids(returned)).values_list("pk", flat=True)
    )
    return Page.objects.filter(pk__in=ids).order_by("-latest_revision_created_at")


def my_drafts(user):
    """Pages of ``user`` with changes not yet published and not in review."""
    in_review = WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )
    return (
        Page.objects.filter(owner=user, has_unpublished_changes=True)
        .exclude(pk__in=_page_ids(in_review))
        .order_by("-latest_revision_created_at")
    )


def panels_for_role(user, panels) -> None:
    """Keep the panels ``user``'s role works with and add their own work (in place)."""
    # Accounts without a role (Wagtail's own users) keep Wagtail's dashboard.
    if not roles_of(user) or can(user, Capability.AGENCY_PANELS):
        return
    panels[:] = [panel for panel in panels if panel_name(panel) in OWN_WORK_PANELS]
    panels.append(
        Panel(
            MY_WORK,
            40,
            "catalog/panels/my_work.html",
            drafts=list(my_drafts(user).specific()[:MY_WORK_SIZE]),
            returns=list(my_returns(user).specific()[:MY_WORK_SIZE]),
            title=_("我的工作"),
        )
    )
