"""Who may see and change an agency's annual report and figures.

Staff of the agency read; its disclosure officer and agency admin write; supervisors read
every agency and write none. Another agency is a 404, never a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.access import is_supervisor, staff_profile
from gongkai.agencies.models import Agency, Role
from gongkai.reports.models import AnnualReport

WRITER_ROLES = frozenset({Role.DISCLOSURE_OFFICER, Role.DISCLOSURE_HEAD, Role.AGENCY_ADMIN})


def agencies_for(user):
    """The agencies whose reports ``user`` may read."""
    if is_supervisor(user):
        return Agency.objects.all()
    profile = staff_profile(user)
    if profile is None or profile.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk=profile.agency_id)


def can_write(user, agency_id: int) -> bool:
    profile = staff_profile(user)
    return (
        profile is not None and profile.agency_id == agency_id and profile.has_role(*WRITER_ROLES)
    )


def check_write(user, agency_id: int) -> None:
    if not can_write(user, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以修改年报")


def access_agency(user, agency_id, *, write: bool = False) -> Agency:
    try:
        agency = agencies_for(user).get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such agency") from exc
    if write:
        check_write(user, agency.pk)
    return agency


def access_report(user, pk, *, write: bool = False) -> AnnualReport:
    try:
        report = AnnualReport.objects.select_related("agency").get(
            pk=pk, agency__in=agencies_for(user)
        )
    except (AnnualReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such report") from exc
    if write:
        check_write(user, report.agency_id)
    return report
