from datetime import timedelta

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from gongkai.agencies.policy import Capability, can
from gongkai.backoffice import Panel, add_menu_item
from gongkai.catalog.models import InfoItem
from gongkai.contributions import views
from gongkai.contributions.audit import AUDIT
from gongkai.contributions.models import ContributionState

OUTCOME_DAYS = 30
C = Capability


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("contributions/", views.index, name="contributions_index"),
        path("contributions/new/", views.submit, name="contributions_submit"),
        path("contributions/<int:pk>/", views.detail, name="contributions_detail"),
        path("contributions/columns/", views.columns, name="contributions_columns"),
        *(
            path(
                f"contributions/<int:pk>/{name}/",
                views.decision(name),
                name=f"contributions_{name}",
            )
            for name in views.DECISIONS
        ),
        *(
            path(
                f"contributions/columns/{name}/",
                views.column_action(name),
                name=f"contributions_columns_{name}",
            )
            for name in views.COLUMN_ACTIONS
        ),
        path("contributions/statistics/", views.statistics, name="contributions_statistics"),
    ]


hooks.register("register_log_actions", AUDIT.register)


add_menu_item(views.takes_part, _("信息报送"), "contributions_index", icon_name="upload", order=170)


@hooks.register("register_page_listing_more_buttons")
def offer_submission(page, user, next_url=None):
    """报送 in an item's menu of the page explorer: the submission form with the item chosen."""
    if issubclass(page.specific_class or type(page), InfoItem) and can(
        user, C.CONTRIBUTIONS_SUBMIT
    ):
        url = reverse("contributions_submit") + f"?item={page.pk}"
        yield Button(_("报送"), url, icon_name="upload", priority=50)


@hooks.register("construct_homepage_panels")
def add_contributions_panel(request, panels):
    """The back office's notice of 信息报送: what waits for the user's agency to decide, and
    the outcomes of what it submitted (采用 or 退回 with the reason) in the last 30 days."""
    user = request.user
    if not views.takes_part(user):
        return
    waiting = 0
    if can(user, C.CONTRIBUTIONS_ADOPT):
        waiting = views.incoming(user).filter(state=ContributionState.SUBMITTED).count()
    outcomes = []
    if can(user, C.CONTRIBUTIONS_SUBMIT):
        since = timezone.now() - timedelta(days=OUTCOME_DAYS)
        outcomes = list(
            views.outgoing(user)
            .exclude(state=ContributionState.SUBMITTED)
            .filter(decided_at__gte=since)
            .order_by("-decided_at")[:10]
        )
    if waiting or outcomes:
        panels.append(
            Panel(
                "contributions",
                115,
                "contributions/panel.html",
                waiting=waiting,
                outcomes=outcomes,
            )
        )
