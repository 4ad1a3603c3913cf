"""Who may see and change an agency's annual report and figures.

Staff of the agency read; its disclosure officer and agency admin write; its officers and
head submit it; supervisors read every agency and accept or return submitted reports. Another agency is a 404, never a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can, scope
from gongkai.reports.records import AnnualReport


def agencies_for(user):
    """The agencies whose reports ``user`` may read."""
    return scope(Agency.objects.all(), user, Capability.REPORTS_READ, field="pk")


def can_write(user, agency_id: int) -> bool:
    return can(user, Capability.REPORTS_WRITE, agency_id)


def check_write(user, agency_id: int) -> None:
    if not can_write(user, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以修改年报")


def can_submit(user, agency_id: int) -> bool:
    return can(user, Capability.REPORTS_SUBMIT, agency_id)


def check_submit(user, agency_id: int) -> None:
    if not can_submit(user, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员和负责人可以报送年报")


def can_review(user, agency_id: int | None = None) -> bool:
    return can(user, Capability.REPORTS_REVIEW, agency_id)


def check_review(user, agency_id: int) -> None:
    if not can_review(user, agency_id):
        raise PermissionDenied("只有政府信息公开工作主管部门可以接收或退回年报")


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
