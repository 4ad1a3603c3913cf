from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications.actions import do_register

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


@pytest.fixture
def users(db):
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def agency_a(db):
    return Agency.objects.get(slug="agency-a")


@pytest.fixture
def agency_b(db):
    return Agency.objects.get(slug="agency-b")


@pytest.fixture
def officer(users):
    return users["officer_a"]


@pytest.fixture
def register(agency_a, officer):
    """Register an application at agency A in person (receipt = arrival)."""

    def make(arrived: datetime, **overrides):
        fields = dict(
            agency=agency_a,
            acting_user=officer,
            channel="in_person",
            arrived_at=arrived,
            applicant_kind="natural_person",
            applicant_name="张三",
            id_document_type="other",
            id_document_number="测试",
            description="本市公交线路调整的决定",
            provision_form="paper",
            delivery_route="post",
        )
        fields.update(overrides)
        return do_register(**fields).application

    return make


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site group, loaded once for the module and rolled back afterwards."""
    from gongkai.demo.load import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield Agency.objects.get(slug="lushan-transport")
        transaction.set_rollback(True)


def d(y, m, day):
    return date(y, m, day)
