"""A fixed number of queries per inspection, however many agencies: each indicator reads all
the agencies at once."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.catalog.models import PortalHomePage
from gongkai.catalog.tree import ensure_agency_site
from gongkai.inspection.actions import do_add_expression
from gongkai.inspection.engine import inspect
from tests.inspection.helpers import T, days_ago, item, message

pytestmark = pytest.mark.django_db


def _queries(agencies) -> int:
    with CaptureQueriesContext(connection) as queries:
        verdicts = inspect(agencies, T)
    assert len(verdicts) == len(agencies)
    return len(queries)


def test_one_agency_and_three_cost_the_same_queries():
    third = Agency.objects.create(slug="agency-c", name="丙市水利局", sort_order=3)
    ensure_agency_site(PortalHomePage.objects.get(), third)
    supervisor = get_user_model().objects.get(username="group_supervisor")
    do_add_expression(wrong="错误提法", right="规范提法", acting_user=supervisor)
    for slug in ("agency-a", "agency-b", "agency-c"):
        item(slug, "notices", f"{slug}通知含错误提法", days_ago(3))
        item(slug, "services", f"{slug}办事指南", days_ago(3))
        item(slug, "work-news", f"{slug}倒签", days_ago(1), shown=days_ago(9), migrated=False)
        message(slug, days_ago(120))
    one = _queries([Agency.objects.get(slug="agency-a")])
    three = _queries(list(Agency.objects.filter(slug__in=["agency-a", "agency-b", "agency-c"])))
    assert one == three
    assert one <= 30  # 28 when written: about two per indicator
