from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, group_wide
from gongkai.applications import staff, staff_archive, staff_assigned, staff_case
from gongkai.applications.access import listed_for
from gongkai.applications.audit import AUDIT
from gongkai.applications.periods import period_alerts
from gongkai.backoffice import Panel, add_menu_item

hooks.register("register_log_actions", AUDIT.register)


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


add_menu_item(
    staff_assigned.can_take_assignments,
    _("承办事项"),
    "applications_staff_assigned",
    icon_name="tasks",
    order=151,
)
add_menu_item(
    staff.can_use, _("依申请公开"), "applications_staff_list", icon_name="doc-full", order=150
)


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    """Due-soon and overdue cases: the officer's own, or per agency for the supervisor."""
    if staff.can_use(request.user):
        user = request.user
        rows = staff.deadline_counts(user)
        panels.append(
            Panel(
                "application_deadlines",
                100,
                "applications/staff/panel.html",
                rows=rows,
                show_agency=group_wide(user, Capability.CASES_LIST),
                provisional=sum(r.provisional for r in rows),
            )
        )


@hooks.register("construct_homepage_panels")
def add_periods_panel(request, panels):
    """The other periods of the cases the user sees: receipts to confirm (from the day they
    arrive), correction notices, consultation windows, fee payments."""
    if staff.can_use(request.user):
        user = request.user
        panels.append(
            Panel(
                "application_periods",
                101,
                "applications/staff/periods_panel.html",
                alerts=period_alerts(listed_for(user)),
                show_agency=group_wide(user, Capability.CASES_LIST),
            )
        )
