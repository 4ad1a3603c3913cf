"""The report's path in one call for tests that need a published report: submitted by the
officer, accepted by a supervisor of the site group, published."""

from gongkai.agencies.models import Role, StaffProfile
from gongkai.reports.actions import do_accept, do_publish, do_submit


def a_supervisor():
    return StaffProfile.objects.filter(role_grants__role=Role.SUPERVISOR).first().user


def publish_through_path(report, officer, supervisor=None):
    report = do_submit(report, acting_user=officer)
    report = do_accept(report, acting_user=supervisor or a_supervisor())
    return do_publish(report, acting_user=officer)
