"""Permission-scoped access: staff see their own agency, supervisors see every agency.

An object of another agency is answered with 404, never 403, so that a clerk cannot even
learn that it exists.
"""

from django.http import Http404

from gongkai.agencies.models import Role, StaffProfile


def _active(user) -> bool:
    # A deactivated account acts for no one, whatever its profile still says.
    return user is not None and user.is_authenticated and user.is_active


def staff_profile(user) -> StaffProfile | None:
    if not _active(user):
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def is_supervisor(user) -> bool:
    """Group-wide sight: superusers and the 政务公开办 supervisors."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    profile = staff_profile(user)
    return profile is not None and profile.has_role(Role.SUPERVISOR)


def user_agency_id(user) -> int | None:
    profile = staff_profile(user)
    return profile.agency_id if profile else None


def can_see_agency(user, agency_id: int | None) -> bool:
    if agency_id is None:
        return True
    if is_supervisor(user):
        return True
    return user_agency_id(user) == agency_id


def agency_id_of_page(page) -> int | None:
    """The agency whose site holds ``page`` (None for the group portal and the tree root)."""
    from gongkai.catalog.models import AgencyHomePage

    steplen = page.steplen
    prefixes = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    home = AgencyHomePage.objects.filter(path__in=prefixes).only("agency_id").first()
    return home.agency_id if home else None


def access_page(user, page):
    """Return ``page`` if the user may see it in the back office, else raise Http404."""
    if not can_see_agency(user, agency_id_of_page(page)):
        raise Http404("No such page")
    return page
