from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.agencies.policy import Capability, group_wide
from gongkai.applications import staff, staff_archive, staff_assigned, staff_case
from gongkai.applications.access import listed_for
from gongkai.applications.audit import AUDIT
from gongkai.applications.periods import period_alerts


@hooks.register("register_log_actions")
def register_application_actions(actions):
    AUDIT.register(actions)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("applications/", staff.case_list, name="applications_staff_list"),
        path("applications/new/", staff.register, name="applications_staff_register"),
        path("applications/remedies/", staff.remedy_list, name="applications_staff_remedies"),
        path("applications/<int:pk>/", staff_case.case_detail, name="applications_staff_detail"),
        path(
            "applications/<int:pk>/do/<slug:name>/",
            staff_case.case_action,
            name="applications_staff_action",
        ),
        path(
            "applications/<int:pk>/files/<int:file_pk>/",
            staff_case.reply_file,
            name="applications_staff_file",
        ),
        path(
            "applications/<int:pk>/opinions/<int:file_pk>/",
            staff_assigned.opinion_file,
            name="applications_staff_opinion_file",
        ),
        path(
            "applications/assigned/",
            staff_assigned.assigned_list,
            name="applications_staff_assigned",
        ),
        path(
            "applications/assigned/<int:pk>/",
            staff_assigned.assigned_detail,
            name="applications_staff_assigned_detail",
        ),
        path(
            "applications/<int:pk>/notices/<int:notice_pk>.<slug:ext>",
            staff_case.notice_file,
            name="applications_staff_notice",
        ),
        path(
            "applications/<int:pk>/corrections/<int:file_pk>/",
            staff_case.correction_file,
            name="applications_staff_correction_file",
        ),
        path(
            "applications/<int:pk>/identity/",
            staff_case.identity_copy,
            name="applications_staff_identity_copy",
        ),
        path(
            "applications/<int:pk>/archive.zip",
            staff_archive.archive_download,
            name="applications_staff_archive",
        ),
        path(
            "applications/<int:pk>/remedies/<int:remedy_pk>/document/",
            staff_case.remedy_document,
            name="applications_staff_remedy_document",
        ),
        path(
            "applications/<int:pk>/letter.<slug:ext>",
            staff_case.reply_letter,
            name="applications_staff_letter",
        ),
    ]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return staff.can_use(request.user)


class AssignedMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_assigned.can_take_assignments(request.user)


@hooks.register("register_admin_menu_item")
def register_assigned_menu_item():
    return AssignedMenuItem(
        _("承办事项"), reverse("applications_staff_assigned"), icon_name="tasks", order=151
    )


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ApplicationsMenuItem(
        _("依申请公开"), reverse("applications_staff_list"), icon_name="doc-full", order=150
    )


class DeadlinesPanel(Component):
    """Due-soon and overdue cases: the officer's own, or per agency for the supervisor."""

    name = "application_deadlines"
    order = 100
    template_name = "applications/staff/panel.html"

    def __init__(self, rows, show_agency):
        self.rows, self.show_agency = rows, show_agency

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows,
            "show_agency": self.show_agency,
            "provisional": sum(r.provisional for r in self.rows),
        }


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    if staff.can_use(request.user):
        user = request.user
        panels.append(
            DeadlinesPanel(staff.deadline_counts(user), group_wide(user, Capability.CASES_LIST))
        )


class PeriodsPanel(Component):
    """The other periods of the cases the user sees: receipts to confirm (from the day they
    arrive), correction notices, consultation windows, fee payments."""

    name = "application_periods"
    order = 101
    template_name = "applications/staff/periods_panel.html"

    def __init__(self, alerts, show_agency):
        self.alerts, self.show_agency = alerts, show_agency

    def get_context_data(self, parent_context):
        return {"alerts": self.alerts, "show_agency": self.show_agency}


@hooks.register("construct_homepage_panels")
def add_periods_panel(request, panels):
    if staff.can_use(request.user):
        user = request.user
        panels.append(
            PeriodsPanel(period_alerts(listed_for(user)), group_wide(user, Capability.CASES_LIST))
        )
