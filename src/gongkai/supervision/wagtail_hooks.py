from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.agencies.policy import Capability, can
from gongkai.supervision import inspection_views, report_review_views, reportcheck_views, views
from gongkai.supervision.inspection import verdicts, vetoes_first


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("supervision/", views.overview, name="supervision_overview"),
        path("supervision/inspection/", inspection_views.dashboard, name="supervision_inspection"),
        path(
            "supervision/inspection/<int:agency_id>/<slug:indicator_id>/",
            inspection_views.evidence,
            name="supervision_evidence",
        ),
        path(
            "supervision/report-check/",
            reportcheck_views.report_check,
            name="supervision_report_check",
        ),
        path(
            "supervision/report-check/<str:token>.csv",
            reportcheck_views.report_check_csv,
            name="supervision_report_check_csv",
        ),
        path(
            "supervision/annual-reports/",
            report_review_views.report_review,
            name="supervision_report_review",
        ),
        path(
            "supervision/annual-reports/<int:pk>/accept/",
            report_review_views.accept_report,
            name="supervision_report_accept",
        ),
        path(
            "supervision/annual-reports/<int:pk>/return/",
            report_review_views.return_report,
            name="supervision_report_return",
        ),
        path(
            "supervision/annual-reports/settings/",
            report_review_views.report_settings,
            name="supervision_report_settings",
        ),
        path(
            "supervision/personal-data-accesses/",
            views.personal_data_accesses,
            name="supervision_personal_data_accesses",
        ),
    ]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.SUPERVISE)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return SupervisorMenuItem(
        _("机关概况"), reverse("supervision_overview"), icon_name="view", order=150
    )


@hooks.register("register_admin_menu_item")
def register_inspection_menu_item():
    return SupervisorMenuItem(
        _("网站检查"), reverse("supervision_inspection"), icon_name="warning", order=149
    )


@hooks.register("register_admin_menu_item")
def register_report_check_menu_item():
    return SupervisorMenuItem(
        _("年报体检"), reverse("supervision_report_check"), icon_name="doc-full", order=151
    )


@hooks.register("register_admin_menu_item")
def register_access_log_menu_item():
    return SupervisorMenuItem(
        _("个人信息查看记录"),
        reverse("supervision_personal_data_accesses"),
        icon_name="history",
        order=152,
    )


class InspectionPanel(Component):
    """The supervisor's landing opens on the group's inspection verdicts, vetoes first."""

    name = "inspection_verdicts"
    order = 10
    template_name = "supervision/inspection_panel.html"

    def __init__(self, results):
        self.results = results

    def get_context_data(self, parent_context):
        return {"results": self.results, "at_query": ""}


@hooks.register("construct_homepage_panels")
def add_inspection_panel(request, panels):
    if can(request.user, Capability.SUPERVISE):
        panels.insert(0, InspectionPanel(vetoes_first(verdicts(request))))


@hooks.register("register_admin_menu_item")
def register_report_review_menu_item():
    return SupervisorMenuItem(
        _("年报报送"), reverse("supervision_report_review"), icon_name="tasks", order=153
    )
