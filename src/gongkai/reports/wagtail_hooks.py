from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# Wagtail loads only wagtail_hooks modules; the supervisor's hooks register on import.
from gongkai.backoffice import add_menu_item
from gongkai.reports import supervision_hooks, views  # noqa: F401
from gongkai.reports.access import agencies_for
from gongkai.reports.actions import AUDIT


# Under /admin/annual-reports/: Wagtail's own reports (audit log, locked pages…) live under
# /admin/reports/.
@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("annual-reports/", views.index, name="reports_index"),
        path("annual-reports/<int:pk>/", views.detail, name="reports_detail"),
        *(
            path(
                f"annual-reports/<int:pk>/{name}/",
                views.report_action(name),
                name=f"reports_{name}",
            )
            for name in views.REPORT_ACTIONS
        ),
        path(
            "annual-reports/<int:pk>/privacy-check/",
            views.privacy_check_status,
            name="reports_privacy_check",
        ),
        path(
            "annual-reports/figures/<int:agency_id>/<int:year>/",
            views.figures_page,
            name="reports_figures",
        ),
        path(
            "annual-reports/figures/<int:agency_id>/<int:year>/import/",
            views.figures_import,
            name="reports_figures_import",
        ),
    ]


# gongkai.reports.* and the older gongkai_reports.*
hooks.register("register_log_actions", AUDIT.register)


def _reads_reports(user):
    return agencies_for(user).exists()


add_menu_item(
    _reads_reports, _("年度报告"), "reports_index", icon_name="doc-full-inverse", order=170
)
