"""Permission-scoped fetching of cases: another agency's case is a 404, never a 403."""

from django.http import Http404

from gongkai.agencies.policy import Capability, scope
from gongkai.applications.models import Application
from gongkai.applications.tracking import normalise_code, secret_matches


def applications_for(user, *, write: bool = False):
    """The cases ``user`` may open (or handle, with ``write=True``): the disclosure office
    its agency's, supervisors every agency's to read; nobody else's."""
    capability = Capability.CASES_HANDLE if write else Capability.CASES_READ
    return scope(Application.objects.all(), user, capability)


def listed_for(user):
    """The cases in ``user``'s lists — the agency admin's too, masked."""
    return scope(Application.objects.all(), user, Capability.CASES_LIST)


def access_application(user, pk, *, write: bool = False) -> Application:
    """The case ``pk`` if ``user`` may see it — supervisors read every agency's cases but
    change none — else Http404."""
    try:
        return applications_for(user, write=write).select_related("agency").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such application") from exc


# A hash of nothing anyone knows: compared against when the code is unknown, so that a wrong
# code and a wrong secret take the same time and answer the same 404.
_NO_SECRET_HASH = "0" * 64


def access_by_tracking(code: str, secret: str) -> Application:
    """The applicant's own view of a case: tracking code plus secret, else Http404 — the same
    answer whether the code exists or not."""
    app = (
        Application.objects.select_related("agency")
        .filter(tracking_code=normalise_code(code or ""))
        .first()
    )
    stored = app.secret_hash if app else _NO_SECRET_HASH
    if not secret_matches(secret or "", stored) or app is None:
        raise Http404("No such application")
    return app
