from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, can_any
from gongkai.backoffice import add_menu_item
from gongkai.evaluation import views
from gongkai.evaluation.actions import AUDIT


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("evaluation/", views.scores, name="evaluation_scores"),
        path("evaluation/<int:agency_id>/", views.agency_detail, name="evaluation_agency"),
        path(
            "evaluation/<int:agency_id>/score/<slug:indicator_id>/",
            views.score,
            name="evaluation_score",
        ),
        path("evaluation/evidence/<int:pk>/", views.evidence_file, name="evaluation_evidence"),
        path("evaluation/scheme/<int:year>/", views.scheme, name="evaluation_scheme"),
        path(
            "evaluation/scheme/<int:year>/install/",
            views.install_scheme,
            name="evaluation_scheme_install",
        ),
        path("evaluation/report.<str:extension>", views.report, name="evaluation_report"),
    ]


hooks.register("register_log_actions", AUDIT.register)


add_menu_item(
    can_any(Capability.EVALUATION_SELF_CHECK),
    _("考评"),
    "evaluation_scores",
    icon_name="table",
    order=153,
)
