"""Permission-scoped access: staff see their own agency, supervisors see every agency.

An object of another agency is answered with 404, never 403, so that a clerk cannot even
learn that it exists. Which agency an object belongs to is answered here, for every kind
of object the back office names in a URL (pages, revisions, workflow states, documents,
images, collections, departments, accounts, groups, sites, workflows); whether the user
may see that agency is answered by the policy.
"""

from django.contrib.auth.models import Group
from django.http import Http404
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
from gongkai.agencies.models import Agency, Role, StaffProfile
from gongkai.agencies.policy import Capability
from gongkai.agencies.sites import sites


def staff_profile(user) -> StaffProfile | None:
    return policy._profile(user)


def is_supervisor(user) -> bool:
    """Group-wide sight: superusers and the 政务公开办 supervisors."""
    return policy.group_wide(user, Capability.AGENCY_SEE)


def user_agency_id(user) -> int | None:
    return policy.agency_id_of_user(user)


def own_agency(user) -> Agency | None:
    """The agency an agency admin manages; None for the supervisor (every agency)."""
    if is_supervisor(user):
        return None
    profile = staff_profile(user)
    if profile is None or profile.agency is None or not profile.has_role(Role.AGENCY_ADMIN):
        raise Http404("Not an agency admin")
    return profile.agency


def can_see_agency(user, agency_id: int | None) -> bool:
    """Objects of no agency (the portal, the tree root, shared records) are open to staff."""
    if agency_id is None:
        return True
    return policy.can(user, Capability.AGENCY_SEE, agency_id)


def agency_id_of_page(page) -> int | None:
    """The agency whose site holds ``page`` (None for the group portal and the tree root)."""
    return sites().agency_id_of_page(page)


def agency_id_of_collection(collection) -> int | None:
    """An agency's documents and images live in its own collection under the root, named
    after it (``roles.agency_collection``); the root and other collections are shared."""

    if collection is None:
        return None
    top = (
        collection if collection.depth <= 2 else collection.get_ancestors().filter(depth=2).first()
    )
    if top is None or top.depth != 2:
        return None
    return Agency.objects.filter(name=top.name).values_list("pk", flat=True).first()


def hidden_collections(user):
    """The collections of agencies ``user`` may not see (their subtrees included)."""

    visible = policy.agency_ids_where(user, Capability.AGENCY_SEE)
    if visible is None:
        return Collection.objects.none()
    others = Agency.objects.exclude(pk__in=visible).values_list("name", flat=True)
    tops = Collection.objects.filter(depth=2, name__in=list(others)).values_list("path", flat=True)
    hidden = Collection.objects.none()
    for path in tops:
        hidden |= Collection.objects.filter(path__startswith=path)
    return hidden


def scope_to_visible_collections(queryset, user):
    """Documents or images ``queryset`` without those of agencies ``user`` may not see."""
    return queryset.exclude(collection__in=hidden_collections(user))


def agency_id_of_group(group) -> int | None:
    """Groups are named ``<agency slug>:<role>`` by ``roles.group_name``."""

    slug, sep, _rest = group.name.partition(":")
    if not sep:
        return None
    return Agency.objects.filter(slug=slug).values_list("pk", flat=True).first()


def agency_id_of(obj) -> int | None:
    """The agency ``obj`` belongs to, or None when it belongs to the whole site group."""

    if isinstance(obj, Agency):
        return obj.pk
    if isinstance(obj, Page):
        return agency_id_of_page(obj)
    if isinstance(obj, Collection):
        return agency_id_of_collection(obj)
    if isinstance(obj, Group):
        return agency_id_of_group(obj)
    if isinstance(obj, Site):
        return agency_id_of_page(obj.root_page)
    if isinstance(obj, Revision | WorkflowState):
        target = obj.content_object
        return agency_id_of(target) if target is not None else None
    if isinstance(obj, TaskState):
        return agency_id_of(obj.workflow_state)
    if isinstance(obj, Workflow):
        return _agency_of_pages(obj.workflow_pages.values_list("page", flat=True))
    if isinstance(obj, Task):
        workflows = Workflow.objects.filter(workflow_tasks__task=obj)
        pages = Page.objects.filter(workflowpage__workflow__in=workflows).values_list(
            "pk", flat=True
        )
        return _agency_of_pages(pages)
    collection = getattr(obj, "collection", None)
    if isinstance(collection, Collection):
        return agency_id_of_collection(collection)
    profile = getattr(obj, "staff_profile", None) if hasattr(obj, "get_username") else None
    if profile is not None:
        return profile.agency_id
    if hasattr(obj, "get_username"):
        # An account without a profile (a superuser, or one not yet given a role) is
        # managed by the site group.
        return None
    return getattr(obj, "agency_id", None)


def _agency_of_pages(page_ids) -> int | None:

    for page in Page.objects.filter(pk__in=list(page_ids)):
        agency_id = agency_id_of_page(page)
        if agency_id is not None:
            return agency_id
    return None


def access_object(user, obj):
    """Return ``obj`` if the user may see the agency it belongs to, else raise Http404."""
    if obj is None or not can_see_agency(user, agency_id_of(obj)):
        raise Http404("No such object")
    return obj
