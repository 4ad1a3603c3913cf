"""The scoping of Wagtail's own admin: another agency's objects and areas one lacks are 404.

Wagtail answers an object the user may not touch with a redirect or a 403, which still
confirms that the object exists, and some of its screens (reports, the admin API, bulk
actions) list every agency's records. For a site group that is a leak, so the check
happens here, before any admin view runs, for every URL that names an object: the object
is looked up, its agency asked of ``access.agency_id_of`` and the user's right to see it
of the policy. Areas of the admin that a role lacks answer 404 too; Wagtail's own
"permission denied" redirect becomes a plain 403.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Page,
    Revision,
    Site,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
)

from gongkai.agencies import policy
from gongkai.agencies.access import access_object
from gongkai.agencies.models import Agency, Department
from gongkai.agencies.policy import Capability

# Wagtail admin URL keyword arguments that name a page.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")

# Areas of the admin by view name prefix, and the capability each needs. An area not
# listed is left to its own view's checks (our own screens ask the policy themselves).
AREAS = (
    # Wagtail's screens that show the whole site group at once.
    ("wagtailadmin_reports:", Capability.SUPERVISE),
    ("wagtailadmin_pages:type_use", Capability.SUPERVISE),
    # Pages, documents and images: those who write for an agency.
    # Acting on a review task (approve, reject) is the reviewers'.
    ("wagtailadmin_pages:workflow_action", Capability.PAGES_PUBLISH),
    ("wagtailadmin_pages:collect_workflow_action_data", Capability.PAGES_PUBLISH),
    ("wagtailadmin_pages:workflow_preview", Capability.PAGES_PUBLISH),
    # Reading pages and their history: whoever may see the agency (Wagtail then asks for
    # its own page permissions).
    ("wagtailadmin_explore", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:search", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:usage", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:view_draft", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:revisions_index", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:revisions_view", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:revisions_compare", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:workflow_history", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:history", Capability.AGENCY_SEE),
    ("wagtailadmin_pages:", Capability.PAGES_EDIT),
    # The admin API's page actions (copy, move, delete, publish …) change pages; the
    # editor's ping says who is editing a page.
    ("wagtailadmin_api:pages:action", Capability.PAGES_EDIT),
    ("wagtailadmin_editing_sessions:ping", Capability.PAGES_EDIT),
    ("wagtaildocs:", Capability.PAGES_EDIT),
    ("wagtaildocs_chooser:", Capability.PAGES_EDIT),
    ("wagtailimages:", Capability.PAGES_EDIT),
    ("wagtailimages_chooser:", Capability.PAGES_EDIT),
    # Wagtail's snippets index (no snippet is registered: agencies and departments are
    # edited on the onboarding screens, which ask the policy themselves).
    ("wagtailsnippets:index", Capability.AGENCY_MANAGE),
    # The machinery of the site group.
    ("workdays_", Capability.GROUP_ADMIN),
    ("wagtailadmin_collections:", Capability.GROUP_ADMIN),
    ("wagtailadmin_workflows:", Capability.GROUP_ADMIN),
    ("wagtailsites:", Capability.GROUP_ADMIN),
    # Accounts are the agency admin's (their own agency's staff, scoped by the user
    # screens and by the object check above) and the supervisor's.
    ("wagtailusers_users:", Capability.AGENCY_MANAGE),
    ("wagtailusers_groups:", Capability.GROUP_ADMIN),
)
# A bulk action needs the capability of the area its model belongs to.
BULK_CAPABILITIES = {
    "page": Capability.PAGES_EDIT,
    "document": Capability.PAGES_EDIT,
    "image": Capability.PAGES_EDIT,
    "agency": Capability.AGENCY_MANAGE,
    "department": Capability.AGENCY_MANAGE,
    "user": Capability.GROUP_ADMIN,
}


def _models():

    return {
        "page": Page,
        "revision": Revision,
        "task_state": TaskState,
        "workflow_state": WorkflowState,
        "document": get_document_model(),
        "image": get_image_model(),
        "collection": Collection,
        "workflow": Workflow,
        "task": Task,
        "site": Site,
        "user": get_user_model(),
        "group": Group,
        "agency": Agency,
        "department": Department,
    }


# URL keyword -> kind of object it names, whatever the view.
KWARG_KINDS = {
    **dict.fromkeys(PAGE_KWARGS, "page"),
    "revision_id": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "collection_id": "collection",
    "task_id": "task",
}

# For ``pk`` (and the bulk actions' ``id``) the kind depends on the view: the namespace
# of the URL, or for a bulk action its ``app_label.model_name``.
NAMESPACE_KINDS = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailadmin_collections": "collection",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailsites": "site",
}
URL_NAME_KINDS = {
    "wagtailadmin_workflows:edit": "workflow",
    "wagtailadmin_workflows:enable": "workflow",
    "wagtailadmin_workflows:disable": "workflow",
    "wagtailadmin_workflows:usage": "workflow",
    "wagtailadmin_workflows:usage_results": "workflow",
    "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:enable_task": "task",
    "wagtailadmin_workflows:disable_task": "task",
    "wagtailadmin_workflows:remove": "page",
}
MODEL_KINDS = {
    "wagtailcore.page": "page",
    "wagtaildocs.document": "document",
    "wagtailimages.image": "image",
    "agencies.agency": "agency",
    "agencies.department": "department",
    "auth.user": "user",
    "wagtailcore.collection": "collection",
}


def _lookup(kind, pk):
    model = _models()[kind]
    try:
        obj = model.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        raise Http404("No such object")
    return obj


def _is_page_model(app_label, model_name):

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return issubclass(model, Page)


def named_objects(request, view_kwargs):
    """(kind, pk) of every object the admin request names, in its path or bulk query."""
    match = request.resolver_match
    namespace = (match.namespace or "") if match else ""
    url_name = match.view_name if match else ""
    named = []
    for key, kind in KWARG_KINDS.items():
        if view_kwargs.get(key) is not None:
            named.append((kind, view_kwargs[key]))
    if "workflow_pk" in view_kwargs:
        named.append(("workflow", view_kwargs["workflow_pk"]))
    if "pk" in view_kwargs:
        kind = URL_NAME_KINDS.get(url_name) or NAMESPACE_KINDS.get(namespace)
        if kind is None:
            # A snippet or model admin this table does not know: named by its agency field.
            kind = _snippet_kind(namespace)
        if kind is not None:
            named.append((kind, view_kwargs["pk"]))
    if "object_id" in view_kwargs and "app_label" in view_kwargs:
        kind = _model_kind(view_kwargs["app_label"], view_kwargs["model_name"])
        if kind is not None:
            named.append((kind, view_kwargs["object_id"]))
    if url_name == "wagtailadmin_choose_page_chosen_multiple":
        named.extend(("page", pk) for pk in request.GET.getlist("id"))
    elif url_name.endswith(":chosen_multiple"):
        kind = NAMESPACE_KINDS.get(namespace) or _snippet_kind(namespace)
        ids = request.GET.getlist("id")
        if kind is None and ids:
            raise Http404("No such object")
        named.extend((kind, pk) for pk in ids)
    if url_name == "wagtail_bulk_action":
        kind = _model_kind(view_kwargs["app_label"], view_kwargs["model_name"])
        ids = request.GET.getlist("id") + request.POST.getlist("id")
        if kind is None and ids:
            raise Http404("No such object")
        named.extend((kind, pk) for pk in ids)
        if "childOf" in request.GET:
            named.append(("page", request.GET["childOf"]))
    return named


def _model_kind(app_label, model_name):
    label = f"{app_label}.{model_name}".lower()
    if label in MODEL_KINDS:
        return MODEL_KINDS[label]
    if _is_page_model(app_label, model_name):
        return "page"
    return None


def _snippet_kind(namespace):
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, _sep, model_name = namespace[len(prefix) :].partition("_")
            return _model_kind(app_label, model_name)
    return None


def area_capability(request, view_kwargs) -> str | None:
    """The capability the admin area of this request needs, if the table names one."""
    match = request.resolver_match
    if match is None:
        return None
    if match.view_name == "wagtail_bulk_action":
        kind = _model_kind(view_kwargs["app_label"], view_kwargs["model_name"])
        return BULK_CAPABILITIES.get(kind, Capability.GROUP_ADMIN)
    for prefix, capability in AREAS:
        if match.view_name.startswith(prefix):
            return capability
    return None


class AgencyScopeMiddleware:
    """Turn any back-office request that touches another agency's object into a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return _denied_as_403(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.path.startswith("/admin/"):
            return None
        # Another agency's object first: it answers 404 whatever the area.
        for kind, pk in named_objects(request, view_kwargs):
            access_object(user, _lookup(kind, pk))
        capability = area_capability(request, view_kwargs)
        if capability is not None and not policy.can(user, capability):
            if _reads_instead(request, user):
                return redirect("wagtailadmin_pages:view_draft", view_kwargs["page_id"])
            raise PermissionDenied("This area is not open to the account's roles")
        return None


def _reads_instead(request, user) -> bool:
    """A supervisor who opens a page's editor (the explorer links every title to it) reads
    the page's latest version instead: Wagtail's editor has no read-only mode for someone
    who may not edit, and saving is refused above for any method but GET."""
    return (
        request.method == "GET"
        and request.resolver_match.view_name == "wagtailadmin_pages:edit"
        and policy.can(user, Capability.AGENCY_SEE)
        and not policy.can(user, Capability.PAGES_EDIT)
    )


def _denied_as_403(request, response):
    """Wagtail answers "permission denied" with a redirect to the dashboard and an error
    message; the back office answers it with 403, so that a refusal is one status
    everywhere."""

    if response.status_code != 302 or not request.path.startswith("/admin/"):
        return response
    if response.get("Location") != reverse("wagtailadmin_home"):
        return response
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if not queued:
        return response
    english = "Sorry, you do not have permission to access this area."
    denied = [m for m in queued if m.level == messages.ERROR]
    if not denied:
        return response
    for message in denied:
        queued.remove(message)
    return HttpResponseForbidden(gettext(english))
