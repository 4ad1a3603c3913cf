from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, can, can_any
from gongkai.backoffice import Panel, add_menu_item
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


supervises = can_any(Capability.SUPERVISE)
add_menu_item(supervises, _("机关概况"), "supervision_overview", icon_name="view", order=150)
add_menu_item(supervises, _("网站检查"), "supervision_inspection", icon_name="warning", order=149)
add_menu_item(
    supervises, _("年报体检"), "supervision_report_check", icon_name="doc-full", order=151
)
add_menu_item(
    supervises,
    _("个人信息查看记录"),
    "supervision_personal_data_accesses",
    icon_name="history",
    order=152,
)
add_menu_item(supervises, _("年报报送"), "supervision_report_review", icon_name="tasks", order=153)


@hooks.register("construct_homepage_panels")
def add_inspection_panel(request, panels):
    """The supervisor's landing opens on the group's inspection verdicts, vetoes first."""
    if can(request.user, Capability.SUPERVISE):
        results = vetoes_first(verdicts(request))
        panels.insert(
            0,
            Panel(
                "inspection_verdicts",
                10,
                "supervision/inspection_panel.html",
                results=results,
                at_query="",
            ),
        )
