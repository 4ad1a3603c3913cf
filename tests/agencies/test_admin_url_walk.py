"""Every URL pattern of the back office, walked as every persona, against the matrix.

The walk enumerates the resolver's patterns under /admin/ — Wagtail's and ours — and opens
each one, with the objects of agency A as its arguments, as each persona of the policy
matrix. The answer must agree with the matrix:

- a URL that names an object of agency A answers 404 to a persona who may not see agency A;
- a persona without the URL's capability gets 403 or 404;
- a persona with it gets an answer that is neither 404 nor a server error (403 only where
  Wagtail's finer permissions — a column, a collection — decide; those rows say so).

A pattern missing from ``ROUTES`` fails the walk: when a Wagtail upgrade adds an admin
URL, it has to be added here, with its arguments and capability, before it can ship.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from gongkai.agencies.models import Agency, Department
from gongkai.agencies.roles import agency_collection
from gongkai.applications.actions import do_assign, do_register
from gongkai.catalog.models import ColumnPage
from gongkai.contributions.actions import do_submit
from gongkai.contributions.mapping import do_set_intake
from gongkai.interaction import actions as messages
from gongkai.monitoring.accounts import do_save_account
from gongkai.reports.actions import do_create_report
from tests.agencies.test_policy_matrix import MATRIX, PERSONAS, expected
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db

# Capabilities of the policy, plus "superuser" for areas no persona holds (Wagtail's
# users, groups, sites, workflows, collections, holiday schedule) and "open" for the
# screens before and around login.
SUPERUSER = "group.admin"
OPEN = "open"


@dataclass(frozen=True)
class Route:
    capability: str | tuple[str, ...]
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    method: str = "get"
    # Statuses also acceptable from a persona that holds the capability: 403 where
    # Wagtail's column or collection permissions decide; 404 where the object the URL
    # needs (an upload in progress, a reply letter) does not exist in the walk's world.
    also: tuple[int, ...] = ()
    # Statuses also acceptable from a supervisor who holds the capability (they are not
    # limited by Wagtail's column and collection permissions, so 403 is wrong unless here).
    readers_also: tuple[int, ...] = ()


FINE = (403,)
# Personas who read every agency (the policy's group-wide roles).
GROUP_READERS = ("group_supervisor",)
ABSENT = (404,)
A = "@"  # a kwarg value "@page" is the id of the world's object "page" of agency A
GROUP = "%"  # "%site" is the id of a world object that belongs to no agency (the portal's)


def pages(capability="pages.edit", also=FINE, **kw):
    return Route(capability, also=also, **kw)


ROUTES = {
    "admin/": Route("admin.access"),
    "admin/test404/": Route(OPEN, also=ABSENT),
    "admin/api/main/^pages/": Route("admin.access"),
    # Wagtail answers a page one may not explore with 404.
    "admin/api/main/^pages/<int:pk>/": pages("agency.see", kwargs={"pk": "@page"}, also=ABSENT),
    "admin/api/main/^pages/find/": Route("admin.access", query="?html_path=/", also=ABSENT),
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": pages(
        kwargs={"pk": "@page", "action_name": "copy"}, method="post", also=(400, 403, 405)
    ),
    "admin/api/main/^documents/": Route("admin.access"),
    "admin/api/main/^documents/<int:pk>/": Route("agency.see", {"pk": "@document"}),
    "admin/api/main/^documents/find/": Route("admin.access", also=(400, 404)),
    "admin/api/main/^images/": Route("admin.access"),
    "admin/api/main/^images/<int:pk>/": Route("agency.see", {"pk": "@image"}),
    "admin/api/main/^images/find/": Route("admin.access", also=(400, 404)),
    "admin/pages/": pages("agency.see"),
    "admin/pages/<int:parent_page_id>/": pages("agency.see", kwargs={"parent_page_id": "@column"}),
    "admin/pages/<int:parent_page_id>/results/": pages(
        "agency.see", kwargs={"parent_page_id": "@column"}
    ),
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": pages(
        kwargs={"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
        query="?id=@page",
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": pages(  # noqa: E501
        kwargs={
            "content_type_app_name": "catalog",
            "content_type_model_name": "infoitem",
            "parent_page_id": "@column",
        }
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": pages(  # noqa: E501
        kwargs={
            "content_type_app_name": "catalog",
            "content_type_model_name": "infoitem",
            "parent_page_id": "@column",
        },
        also=(403, 404),
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": Route(
        "group.supervise",
        {"content_type_app_name": "catalog", "content_type_model_name": "infoitem"},
        also=FINE,
    ),
    "admin/pages/create/<slug:app_label>/<slug:model_name>": pages(
        kwargs={"app_label": "catalog", "model_name": "infoitem"}
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": Route(  # noqa: E501
        "group.supervise",
        {"content_type_app_name": "catalog", "content_type_model_name": "infoitem"},
        also=FINE,
    ),
    "admin/pages/<int:page_id>/usage/": pages("agency.see", kwargs={"page_id": "@page"}),
    # A supervisor opening the editor reads the latest version instead (view_draft).
    "admin/pages/<int:page_id>/edit/": pages(kwargs={"page_id": "@page"}, readers_also=(302,)),
    # The privacy scan's status, for the edit page's script (issue 15).
    "admin/privacy-scan/<int:page_id>/": pages(kwargs={"page_id": "@page"}, also=ABSENT),
    "admin/pages/<int:page_id>/edit/preview/": pages(kwargs={"page_id": "@page"}, also=(403, 404)),
    "admin/pages/<int:page_id>/view_draft/": pages("agency.see", kwargs={"page_id": "@page"}),
    "admin/pages/<int:parent_page_id>/add_subpage/": pages(kwargs={"parent_page_id": "@column"}),
    "admin/pages/<int:page_id>/delete/": pages(kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/unpublish/": pages(kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/convert_alias/": pages(kwargs={"page_id": "@page"}, also=(403, 404)),
    "admin/pages/search/": pages(
        "agency.see",
    ),
    "admin/pages/search/results/": pages(
        "agency.see",
    ),
    "admin/pages/<int:page_to_move_id>/move/": pages(kwargs={"page_to_move_id": "@page"}),
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": pages(
        kwargs={"page_to_move_id": "@page", "destination_id": "@column"}
    ),
    "admin/pages/<int:page_to_move_id>/set_position/": pages(
        kwargs={"page_to_move_id": "@page"}, method="post", also=(400, 403, 405)
    ),
    "admin/pages/<int:page_id>/copy/": pages(kwargs={"page_id": "@page"}),
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": Route(
        "pages.publish",
        {
            "page_id": "@page",
            "action_name": "approve_with_secrecy_review",
            "task_state_id": "@task_state",
        },
        method="post",
        also=(403, 405),
    ),
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": Route(  # noqa: E501
        "pages.publish",
        {
            "page_id": "@page",
            "action_name": "approve_with_secrecy_review",
            "task_state_id": "@task_state",
        },
        also=(403,),
    ),
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": pages(kwargs={"page_id": "@page"}),
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": Route(
        "pages.publish", {"page_id": "@page", "task_id": "@task"}, also=FINE
    ),
    "admin/pages/<int:page_id>/privacy/": pages(kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/lock/": pages(kwargs={"page_id": "@page"}, method="post"),
    "admin/pages/<int:page_id>/unlock/": pages(kwargs={"page_id": "@page"}, method="post"),
    "admin/pages/<int:page_id>/revisions/": pages("agency.see", kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": pages(
        "agency.see", kwargs={"page_id": "@page", "revision_id": "@revision"}
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": pages(
        kwargs={"page_id": "@page", "revision_id": "@revision"}
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": pages(
        kwargs={"page_id": "@page", "revision_id": "@revision"}, also=(403, 404)
    ),
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": pages(
        "agency.see",  # noqa: E501
        kwargs={"pk": "@page", "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    "admin/pages/<int:page_id>/workflow_history/": pages("agency.see", kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": pages(
        "agency.see", kwargs={"page_id": "@page", "workflow_state_id": "@workflow_state"}
    ),
    "admin/pages/<int:page_id>/history/": pages("agency.see", kwargs={"page_id": "@page"}),
    "admin/pages/<int:page_id>/history/results/": pages("agency.see", kwargs={"page_id": "@page"}),
    "admin/choose-page/": Route("admin.access"),
    "admin/choose-page/<int:parent_page_id>/": Route("agency.see", {"parent_page_id": "@column"}),
    "admin/choose-page/search/": Route("admin.access"),
    "admin/choose-page/chosen-multiple/": Route("agency.see", query="?id=@page"),
    "admin/choose-external-link/": Route("admin.access"),
    "admin/choose-email-link/": Route("admin.access"),
    "admin/choose-phone-link/": Route("admin.access"),
    "admin/choose-anchor-link/": Route("admin.access"),
    "admin/tag-autocomplete/": Route("admin.access"),
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": Route(
        "admin.access", {"app_name": "catalog", "model_name": "infoitem"}, also=ABSENT
    ),
    "admin/collections/": Route(SUPERUSER),
    "admin/collections/add/": Route(SUPERUSER),
    "admin/collections/<int:pk>/": Route(SUPERUSER, {"pk": "@collection"}),
    "admin/collections/<int:pk>/delete/": Route(SUPERUSER, {"pk": "@collection"}),
    "admin/collections/<int:collection_id>/privacy/": Route(
        SUPERUSER, {"collection_id": "@collection"}
    ),
    "admin/workflows/list/": Route(SUPERUSER),
    "admin/workflows/list/results/": Route(SUPERUSER),
    "admin/workflows/add/": Route(SUPERUSER),
    "admin/workflows/enable/<int:pk>/": Route(SUPERUSER, {"pk": "@workflow"}),
    "admin/workflows/disable/<int:pk>/": Route(SUPERUSER, {"pk": "@workflow"}),
    "admin/workflows/edit/<int:pk>/": Route(SUPERUSER, {"pk": "@workflow"}),
    "admin/workflows/usage/<int:pk>/": Route(SUPERUSER, {"pk": "@workflow"}),
    "admin/workflows/usage/<int:pk>/results/": Route(SUPERUSER, {"pk": "@workflow"}),
    "admin/workflows/remove/<int:page_pk>/": Route(SUPERUSER, {"page_pk": "@home"}),
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": Route(
        SUPERUSER, {"page_pk": "@home", "workflow_pk": "@workflow"}
    ),
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": Route(
        SUPERUSER, {"app_label": "catalog", "model_name": "reviewtask"}
    ),
    "admin/workflows/tasks/select_type/": Route(SUPERUSER),
    "admin/workflows/tasks/index/": Route(SUPERUSER),
    "admin/workflows/tasks/index/results/": Route(SUPERUSER),
    "admin/workflows/tasks/edit/<int:pk>/": Route(SUPERUSER, {"pk": "@task"}),
    "admin/workflows/tasks/disable/<int:pk>/": Route(SUPERUSER, {"pk": "@task"}),
    "admin/workflows/tasks/enable/<int:pk>/": Route(SUPERUSER, {"pk": "@task"}),
    "admin/workflows/task_chooser/": Route(SUPERUSER),
    "admin/workflows/task_chooser/results/": Route(SUPERUSER),
    "admin/workflows/task_chooser/create/": Route(SUPERUSER),
    "admin/workflows/task_chooser/<int:task_id>/": Route(SUPERUSER, {"task_id": "@task"}),
    # Wagtail's reports: only supervisors pass the policy; Wagtail then asks for page
    # permissions supervisors do not hold, except for the site history.
    # Wagtail opens the locked-pages report only to those who may unlock any page; a
    # supervisor unlocks nothing (their Wagtail grant is "change", for reading).
    "admin/reports/locked/": Route("group.supervise", also=FINE, readers_also=FINE),
    "admin/reports/locked/results/": Route("group.supervise", also=FINE, readers_also=FINE),
    "admin/reports/workflow/": Route("group.supervise", also=FINE),
    "admin/reports/workflow/results/": Route("group.supervise", also=FINE),
    "admin/reports/workflow_tasks/": Route("group.supervise", also=FINE),
    "admin/reports/workflow_tasks/results/": Route("group.supervise", also=FINE),
    "admin/reports/site-history/": Route("group.supervise"),
    "admin/reports/site-history/results/": Route("group.supervise"),
    "admin/reports/aging-pages/": Route("group.supervise", also=FINE),
    "admin/reports/aging-pages/results/": Route("group.supervise", also=FINE),
    "admin/reports/page-types-usage/": Route("group.supervise", also=FINE),
    "admin/reports/page-types-usage/results/": Route("group.supervise", also=FINE),
    "admin/account/": Route("admin.access"),
    # Two-factor authentication (gongkai/twofactor): every account's own.
    "admin/twofactor/": Route("admin.access"),
    "admin/twofactor/verify/": Route("admin.access"),
    "admin/twofactor/enrol/": Route("admin.access", method="post"),
    "admin/twofactor/remove/": Route("admin.access", method="post"),
    "admin/twofactor/requirement/": Route(SUPERUSER, method="post"),
    "admin/logout/": Route("admin.access", method="get", also=(405,)),
    "admin/dismissibles/": Route("admin.access", also=(405,)),
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": Route(  # noqa: E501
        "pages.edit",
        {"app_label": "wagtailcore", "model_name": "page", "object_id": "@page", "session_id": 0},
        method="post",
        also=(403, 404),
    ),
    "admin/editing-sessions/release/<int:session_id>/": Route(
        "admin.access", {"session_id": 0}, method="post", also=ABSENT
    ),
    # Without a block to preview Wagtail answers 404.
    "admin/block-preview/": Route("admin.access", also=(400, 404)),
    "admin/publishing/": Route("group.supervise"),
    "admin/supervision/": Route("group.supervise"),
    "admin/supervision/report-check/": Route("group.supervise"),
    "admin/supervision/report-check/<str:token>.csv": Route(
        "group.supervise", {"token": "no-such-check"}, also=ABSENT
    ),
    "admin/supervision/personal-data-accesses/": Route("group.supervise"),
    "admin/supervision/inspection/": Route("group.supervise"),
    "admin/supervision/inspection/<int:agency_id>/<slug:indicator_id>/": Route(
        "evaluation.self_check", {"agency_id": "@agency", "indicator_id": "columns_not_updated"}
    ),
    "admin/evaluation/": Route("evaluation.self_check"),
    "admin/evaluation/<int:agency_id>/": Route("evaluation.self_check", {"agency_id": "@agency"}),
    "admin/evaluation/<int:agency_id>/score/<slug:indicator_id>/": Route(
        "evaluation.score",
        {"agency_id": "@agency", "indicator_id": "policy_interpretation"},
        method="post",
        also=(302,),
    ),
    "admin/evaluation/evidence/<int:pk>/": Route("evaluation.self_check", {"pk": 0}, also=ABSENT),
    "admin/evaluation/scheme/<int:year>/": Route("evaluation.scheme", {"year": 2026}),
    "admin/evaluation/scheme/<int:year>/install/": Route(
        "evaluation.scheme", {"year": 2026}, method="post"
    ),
    "admin/evaluation/report.<str:extension>": Route(
        "evaluation.self_check", {"extension": "xlsx"}
    ),
    "admin/inspection/expressions/": Route("inspection.expressions"),
    "admin/inspection/expressions/<int:pk>/": Route(
        "inspection.expressions", {"pk": 0}, also=ABSENT
    ),
    "admin/inspection/expressions/<int:pk>/delete/": Route(
        "inspection.expressions", {"pk": 0}, method="post", also=ABSENT
    ),
    # Issue 19: the annual reports' path; accepting and returning are the supervisor's.
    "admin/supervision/annual-reports/": Route("reports.review"),
    **{
        f"admin/supervision/annual-reports/<int:pk>/{name}/": Route(
            "reports.review", {"pk": "@report"}, method="post"
        )
        for name in ("accept", "return")
    },
    "admin/supervision/annual-reports/settings/": Route("reports.review", method="post"),
    "admin/applications/": Route("cases.list"),
    "admin/applications/new/": Route("cases.handle"),
    "admin/applications/remedies/": Route("cases.list"),
    "admin/applications/<int:pk>/": Route("cases.read", {"pk": "@application"}),
    "admin/applications/<int:pk>/do/<slug:name>/": Route(
        "cases.handle", {"pk": "@application", "name": "reply"}, method="post", also=(200, 302)
    ),
    "admin/applications/<int:pk>/files/<int:file_pk>/": Route(
        "cases.read", {"pk": "@application", "file_pk": 0}, also=ABSENT
    ),
    "admin/applications/<int:pk>/opinions/<int:file_pk>/": Route(
        "cases.read", {"pk": "@application", "file_pk": 0}, also=ABSENT
    ),
    # 承办: an editor of the assigned department answers; other departments' editors get 404.
    "admin/applications/assigned/": Route("cases.assigned", also=FINE),
    "admin/applications/assigned/<int:pk>/": Route(
        "cases.assigned", {"pk": "@assignment"}, also=ABSENT
    ),
    "admin/applications/<int:pk>/letter.<slug:ext>": Route(
        "cases.read", {"pk": "@application", "ext": "docx"}, also=ABSENT
    ),
    "admin/applications/<int:pk>/notices/<int:notice_pk>.<slug:ext>": Route(
        "cases.read", {"pk": "@application", "notice_pk": 0, "ext": "docx"}, also=ABSENT
    ),
    # Issue 16: the applicant's correction files, the identity copy (none in the walk's world,
    # and only for who sees personal data), the decision documents, the whole-case archive.
    "admin/applications/<int:pk>/corrections/<int:file_pk>/": Route(
        "cases.read", {"pk": "@application", "file_pk": 0}, also=ABSENT
    ),
    "admin/applications/<int:pk>/identity/": Route(
        "cases.personal", {"pk": "@application"}, also=ABSENT
    ),
    "admin/applications/<int:pk>/remedies/<int:remedy_pk>/document/": Route(
        "cases.read", {"pk": "@application", "remedy_pk": 0}, also=ABSENT
    ),
    "admin/applications/<int:pk>/archive.zip": Route("cases.personal", {"pk": "@application"}),
    "admin/interaction/": Route(("messages.list", "messages.assigned")),
    "admin/interaction/<int:pk>/": Route("messages.list", {"pk": "@message"}),
    "admin/interaction/<int:pk>/do/<slug:name>/": Route(
        "messages.handle", {"pk": "@message", "name": "redirect"}, method="post", also=(200, 302)
    ),
    "admin/interaction/settings/": Route("messages.settings"),
    **{
        f"admin/interaction/<int:pk>/{name}/": Route(
            "messages.handle", {"pk": "@message"}, method="post"
        )
        for name in ("assign", "draft", "approve", "convert", "redirect")
    },
    **{
        f"admin/interaction/settings/{name}/": Route("messages.settings", method="post")
        for name in ("policy", "open_campaign")
    },
    # Without a campaign of one's agency posted, there is none to toggle.
    "admin/interaction/settings/toggle_campaign/": Route(
        "messages.settings", method="post", also=ABSENT
    ),
    "admin/newmedia/": Route("agency.see"),
    "admin/newmedia/add/": Route("newmedia.manage"),
    "admin/newmedia/import/": Route("newmedia.manage"),
    "admin/newmedia/<int:pk>/": Route("agency.see", {"pk": "@account"}),
    **{
        f"admin/newmedia/<int:pk>/{name}/": Route(
            "newmedia.manage", {"pk": "@account"}, method="post"
        )
        for name in ("save", "posts", "feed")
    },
    "admin/contributions/": Route(
        ("contributions.submit", "contributions.adopt", "contributions.columns")
    ),
    "admin/contributions/new/": Route("contributions.submit"),
    # From agency A to a column of agency B: the staff of both agencies see it.
    "admin/contributions/<int:pk>/": Route("agency.see", {"pk": "%contribution"}),
    "admin/contributions/columns/": Route("contributions.columns"),
    **{
        f"admin/contributions/columns/{name}/": Route("contributions.columns", method="post")
        for name in ("intake", "map", "unmap")
    },
    # Only the target agency's adopters decide; those of agency A get 404.
    **{
        f"admin/contributions/<int:pk>/{name}/": Route(
            "contributions.adopt", {"pk": "%contribution"}, method="post", also=ABSENT
        )
        for name in ("adopt", "return", "edit")
    },
    "admin/contributions/statistics/": Route("agency.see"),
    "admin/catalog/withheld/": Route("agency.see"),
    # The world's item is proactively disclosed: not on the list, so 404 for everyone; a
    # holder's GET of a listed item is sent back to the list (tests/catalog).
    "admin/catalog/withheld/<int:pk>/review/": Route(
        "pages.withheld_review", {"pk": "@page"}, also=ABSENT
    ),
    "admin/annual-reports/": Route("reports.read"),
    "admin/annual-reports/<int:pk>/": Route("reports.read", {"pk": "@report"}),
    **{
        f"admin/annual-reports/<int:pk>/{name}/": Route(
            "reports.write", {"pk": "@report"}, method="post"
        )
        for name in ("narrative", "acknowledge", "correct", "publish")
    },
    # 报送 is the disclosure office's and its head's (the agency admin writes, not submits).
    "admin/annual-reports/<int:pk>/submit/": Route(
        "reports.submit", {"pk": "@report"}, method="post"
    ),
    "admin/annual-reports/<int:pk>/privacy-check/": Route("reports.read", {"pk": "@report"}),
    "admin/annual-reports/figures/<int:agency_id>/<int:year>/": Route(
        "reports.read", {"agency_id": "@agency", "year": 2025}
    ),
    "admin/annual-reports/figures/<int:agency_id>/<int:year>/import/": Route(
        "reports.write", {"agency_id": "@agency", "year": 2025}, method="post"
    ),
    "admin/annual-reports/rollup/": Route("group.supervise"),
    "admin/annual-reports/rollup/<int:year>/": Route("group.supervise", {"year": 2025}),
    "admin/annual-reports/rollup/<int:year>/rollup.json": Route("group.supervise", {"year": 2025}),
    "admin/annual-reports/rollup/<int:year>/rollup.csv": Route("group.supervise", {"year": 2025}),
    # No model is a snippet any more: Wagtail refuses its empty index to anyone without a
    # snippet permission.
    "admin/snippets/": Route("agency.manage", also=FINE, readers_also=FINE),
    "admin/documents/": Route("pages.edit"),
    "admin/documents/results/": Route("pages.edit"),
    "admin/documents/add/": Route("pages.edit"),
    "admin/documents/edit/<int:document_id>/": Route(
        "pages.edit", {"document_id": "@document"}, also=FINE
    ),
    "admin/documents/delete/<int:document_id>/": Route(
        "pages.edit", {"document_id": "@document"}, also=FINE
    ),
    "admin/documents/multiple/add/": Route("pages.edit"),
    "admin/documents/multiple/<int:doc_id>/": Route(
        "pages.edit", {"doc_id": "@document"}, method="post", also=(400, 403)
    ),
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": Route(
        "pages.edit", {"uploaded_file_id": 0}, method="post", also=(403, 404)
    ),
    "admin/documents/multiple/<int:doc_id>/delete/": Route(
        "pages.edit", {"doc_id": "@document"}, method="post", also=(400, 403)
    ),
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": Route(
        "pages.edit", {"uploaded_file_id": 0}, method="post", also=(403, 404)
    ),
    "admin/documents/usage/<int:document_id>/": Route(
        "pages.edit", {"document_id": "@document"}, also=FINE
    ),
    "admin/images/": Route("pages.edit"),
    "admin/images/results/": Route("pages.edit"),
    "admin/images/<int:image_id>/": Route("pages.edit", {"image_id": "@image"}, also=FINE),
    "admin/images/<int:image_id>/delete/": Route("pages.edit", {"image_id": "@image"}, also=FINE),
    # The URL generator answers 404 where the dynamic image serve view is not installed.
    "admin/images/<int:image_id>/generate_url/": Route(
        "pages.edit", {"image_id": "@image"}, also=(403, 404)
    ),
    "admin/images/<int:image_id>/generate_url/output/": Route(
        "pages.edit", {"image_id": "@image"}, query="?filter_method=original", also=(400, 403, 404)
    ),
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": Route(
        "pages.edit", {"image_id": "@image", "filter_spec": "original"}, also=FINE
    ),
    "admin/images/add/": Route("pages.edit"),
    "admin/images/usage/<int:image_id>/": Route("pages.edit", {"image_id": "@image"}, also=FINE),
    "admin/images/multiple/add/": Route("pages.edit"),
    "admin/images/multiple/<int:image_id>/": Route(
        "pages.edit", {"image_id": "@image"}, method="post", also=(400, 403)
    ),
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": Route(
        "pages.edit", {"uploaded_file_id": 0}, method="post", also=(403, 404)
    ),
    "admin/images/multiple/<int:image_id>/delete/": Route(
        "pages.edit", {"image_id": "@image"}, method="post", also=(400, 403)
    ),
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": Route(
        "pages.edit", {"uploaded_file_id": 0}, method="post", also=(403, 404)
    ),
    "admin/documents/chooser/": Route("pages.edit"),
    "admin/documents/chooser/results/": Route("pages.edit"),
    "admin/documents/chooser/chosen/<str:pk>/": Route("pages.edit", {"pk": "@document"}, also=FINE),
    "admin/documents/chooser/chosen-multiple/": Route("pages.edit", query="?id=@document"),
    "admin/documents/chooser/create/": Route("pages.edit", also=(405,)),
    "admin/images/chooser/": Route("pages.edit"),
    "admin/images/chooser/results/": Route("pages.edit"),
    "admin/images/chooser/chosen/<str:pk>/": Route("pages.edit", {"pk": "@image"}, also=FINE),
    "admin/images/chooser/chosen-multiple/": Route("pages.edit", query="?id=@image"),
    "admin/images/chooser/create/": Route("pages.edit", also=(405,)),
    "admin/images/chooser/<int:image_id>/select_format/": Route(
        "pages.edit", {"image_id": "@image"}, also=FINE
    ),
    "admin/workdays/": Route(SUPERUSER),
    "admin/workdays/<int:year>/": Route(SUPERUSER, {"year": 2027}),
    "admin/sites/": Route(SUPERUSER),
    "admin/sites/results/": Route(SUPERUSER),
    "admin/sites/new/": Route(SUPERUSER),
    # Accounts: the agency admin manages their own agency's staff (issue 13), the supervisor
    # every agency's; Wagtail's own user permissions may still refuse an action (403).
    "admin/users/": Route("agency.manage", also=FINE),
    "admin/users/results/": Route("agency.manage", also=FINE),
    "admin/users/new/": Route("agency.manage", also=FINE),
    # Onboarding: the supervisor creates agencies; an agency admin opens their own.
    "admin/onboarding/": Route("agency.manage"),
    "admin/onboarding/new/": Route("group.supervise", also=FINE),
    "admin/onboarding/<int:pk>/": Route("agency.manage", {"pk": "@agency"}),
    # The old snippet addresses of agencies and departments lead to onboarding.
    "admin/snippets/agencies/agency/": Route("agency.manage"),
    "admin/snippets/agencies/agency/edit/<int:pk>/": Route("agency.manage", {"pk": "@agency"}),
    "admin/snippets/agencies/department/": Route("agency.manage"),
    "admin/snippets/agencies/department/edit/<int:pk>/": Route(
        "agency.manage", {"pk": "@department"}
    ),
    "admin/groups/": Route(SUPERUSER),
    "admin/groups/results/": Route(SUPERUSER),
    "admin/groups/new/": Route(SUPERUSER),
    "admin/sprite/": Route(OPEN),
    "admin/login/": Route(OPEN),
    "admin/password_reset/": Route(OPEN),
    "admin/password_reset/done/": Route(OPEN),
    "admin/password_reset/confirm/<uidb64>/<token>/": Route(
        OPEN, {"uidb64": "MQ", "token": "set-password"}
    ),
    "admin/password_reset/complete/": Route(OPEN),
    "admin/jsi18n/": Route(OPEN),
    "admin/^.*/$": Route(OPEN, also=ABSENT),
}

# Every object view of a model admin (snippets, sites, users, groups) takes the object's
# pk; their capability and object come from the model.
VIEWSET_OBJECTS = {
    "admin/snippets/workdays/holidayschedule/": (SUPERUSER, None),
    "admin/snippets/choose/workdays/holidayschedule/": (SUPERUSER, None),
    "admin/sites/": (SUPERUSER, "%site"),
    "admin/users/": ("agency.manage", "@user"),
    "admin/groups/": (SUPERUSER, "@group"),
}
# Patterns the walk does not open, with the reason.
NOT_WALKED = {
    "admin/failwhale/": "Wagtail's deliberate server error, to test the error page",
}


def admin_patterns():
    """(route, view name) of every URL pattern under /admin/, as the resolver has them."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield prefix + str(pattern.pattern), name

    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns, "", "")
        if route.startswith("admin/")
    ]


def route_for(route: str) -> Route | None:
    if route in ROUTES:
        return ROUTES[route]
    for prefix, (capability, obj) in VIEWSET_OBJECTS.items():
        if not route.startswith(prefix):
            continue
        rest = route[len(prefix) :]
        if "<int:pk>" in rest or "<str:pk>" in rest:
            if obj is None:
                return Route(capability, {"pk": 1}, also=ABSENT)
            # Accounts are deactivated, never deleted: no role holds Wagtail's delete_user.
            refused = FINE if rest.startswith("delete/") else ()
            return Route(capability, {"pk": obj}, also=FINE, readers_also=refused)
        query = f"?id={obj}" if obj and "chosen-multiple" in rest else ""
        return Route(capability, query=query, also=(403, 405) if rest == "create/" else FINE)
    return None


def build_world():
    """Objects of agency A for every kind of argument the admin URLs take."""
    User = get_user_model()
    agency = Agency.objects.get(slug="agency-a")
    clerk = User.objects.get(username="clerk_a")
    item = publish_item("agency-a", "licensing", "甲局路线核准公示", generated_on=_date())
    column = item.get_parent()
    item.title = "甲局路线核准公示（修订稿）"
    revision = item.save_revision(user=clerk)
    workflow = item.get_workflow()
    workflow_state = workflow.start(item, clerk)
    task_state = workflow_state.current_task_state
    collection = agency_collection(agency)
    document = get_document_model().objects.create(
        title="甲局附件", file=ContentFile(b"%PDF-1.4", name="a.pdf"), collection=collection
    )
    image = get_image_model().objects.create(
        title="甲局图片", file=get_test_image_file(), collection=collection
    )
    application = do_register(
        agency=agency,
        acting_user=User.objects.get(username="officer_a"),
        channel="in_person",
        arrived_at=_now(),
        applicant_kind="natural_person",
        applicant_name="张三",
        id_document_type="id_card",
        id_document_number="11010519491231002X",
        description="公交线路调整的决定",
        provision_form="electronic",
        delivery_route="email",
        phone="13812345678",
    ).application
    message = messages.do_submit(
        agency,
        received_at=_now(),
        kind="inquiry",
        subject="驾校收费",
        body="收费标准在哪里公开？",
        name="吴十",
        phone="13612345678",
        public_allowed=True,
    )[0]
    assignment = do_assign(
        application,
        department=Department.objects.get(agency=agency, slug="transport"),
        question="请提出是否公开的意见",
        acting_user=User.objects.get(username="officer_a"),
    )
    report = do_create_report(agency, 2025, acting_user=User.objects.get(username="officer_a"))
    account = do_save_account(
        agency,
        {"platform": "weibo", "name": "甲局发布"},
        acting_user=User.objects.get(username="admin_a"),
    )

    target = ColumnPage.objects.get(agency__slug="agency-b", slug="work-news")
    do_set_intake(target, True, acting_user=User.objects.get(username="group_supervisor"))
    contribution = do_submit(item, target, acting_user=clerk)
    from django.contrib.auth.models import Group

    return {
        "agency": agency.pk,
        "account": account.pk,
        "home": agency.home_page.pk,
        "column": column.pk,
        "page": item.pk,
        "revision": revision.pk,
        "workflow_state": workflow_state.pk,
        "task_state": task_state.pk,
        "task": task_state.task_id,
        "workflow": workflow.pk,
        "collection": collection.pk,
        "document": document.pk,
        "image": image.pk,
        "department": Department.objects.get(agency=agency, slug="transport").pk,
        "user": clerk.pk,
        "group": Group.objects.get(name="agency-a:reviewer").pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "application": application.pk,
        "assignment": assignment.pk,
        "message": message.pk,
        "report": report.pk,
        "contribution": contribution.pk,
    }


def _date():
    from datetime import date

    return date(2026, 9, 1)


def _now():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(2026, 9, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _fill(value, world):
    if isinstance(value, str) and value[:1] in (A, GROUP):
        return world[value[1:]]
    return value


def url_of(route_text, name, spec: Route, world) -> str:
    kwargs = {key: _fill(value, world) for key, value in spec.kwargs.items()}
    query = spec.query
    for key, value in world.items():
        query = query.replace(f"@{key}", str(value))
    if name is None:
        return "/" + route_text.replace("^.*/$", "no-such-screen/") + query
    return reverse(name, kwargs=kwargs) + query


def names_agency_a(spec: Route) -> bool:
    values = list(spec.kwargs.values()) + [spec.query]
    return any(isinstance(v, str) and A in v for v in values)


def holds(capability, username, agency_slug) -> bool:
    """Whether the matrix gives ``username`` the capability in ``agency_slug`` (None: in
    any agency, for a URL that names no agency's object)."""
    capabilities = capability if isinstance(capability, tuple) else (capability,)
    for c in capabilities:
        if c == OPEN:
            return True
        if agency_slug is None and MATRIX[c][PERSONAS.index(username)] != "":
            return True
        if agency_slug is not None and expected(c, username, agency_slug):
            return True
    return False


def verdict(spec: Route, username: str, status: int) -> str | None:
    """None if ``status`` agrees with the matrix, else what was expected."""
    if status >= 500:
        return "no server error"
    if spec.capability == OPEN:
        return None
    in_a = names_agency_a(spec)
    if in_a and not expected("agency.see", username, "agency-a"):
        return None if status == 404 else "404 (another agency's object)"
    if not holds(spec.capability, username, "agency-a" if in_a else None):
        if status in (403, 404) or (username in GROUP_READERS and status in spec.readers_also):
            return None
        return "403 or 404 (lacks the capability)"
    if status in (403, 404) and status not in spec.also:
        return "an answer (holds the capability)"
    if status == 403 and username in GROUP_READERS and 403 not in spec.readers_also:
        # Wagtail's finer permissions (a column, a collection) limit agency staff; a
        # supervisor reads every agency's screens.
        return "an answer (supervisors read every agency)"
    return None


def test_every_admin_url_pattern_is_in_the_walk():
    missing = [
        route
        for route, _name in admin_patterns()
        if route not in NOT_WALKED and route_for(route) is None
    ]
    assert missing == [], "add these admin URLs to ROUTES with their arguments"


def test_matrix_and_walk_name_the_same_personas():
    assert set(PERSONAS) <= set(
        get_user_model().objects.filter(username__in=PERSONAS).values_list("username", flat=True)
    )
    assert set(MATRIX) >= {
        c
        for spec in ROUTES.values()
        for c in (spec.capability if isinstance(spec.capability, tuple) else (spec.capability,))
    } - {SUPERUSER, OPEN}


def test_every_admin_url_answers_every_persona_as_the_matrix_says():
    client = Client(raise_request_exception=False)
    world = build_world()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    wrong = []
    for route, name in admin_patterns():
        if route in NOT_WALKED:
            continue
        spec = route_for(route)
        url = url_of(route, name, spec, world)
        for username in PERSONAS:
            client.force_login(users[username])
            response = getattr(client, spec.method)(url)
            problem = verdict(spec, username, response.status_code)
            if problem:
                wrong.append(
                    f"{username} {spec.method.upper()} {url}: {response.status_code}, expected {problem}"
                )
    assert wrong == [], "\n".join(wrong)
