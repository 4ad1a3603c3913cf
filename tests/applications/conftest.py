from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.applications import sms
from gongkai.applications.actions import do_register

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def users(db):
    User = get_user_model()
    return {u.username: u for u in User.objects.all()}


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
def register(agency_a, users):
    """Register an application at agency A in person by ``officer_a`` (receipt = arrival)."""

    def make(arrived=None, **overrides):
        fields = dict(
            agency=agency_a,
            acting_user=users["officer_a"],
            channel="in_person",
            arrived_at=arrived or at(2026, 9, 21),
            applicant_kind="natural_person",
            applicant_name="张三",
            id_document_type="id_card",
            id_document_number=ID_NUMBER,
            phone=PHONE,
            email="zhangsan@example.com",
            description="2026年本市公交线路调整的决定及其依据",
            provision_form="electronic",
            delivery_route="email",
        )
        fields.update(overrides)
        return do_register(**fields)

    return make


def d(y, m, day):
    return date(y, m, day)


def on_day(y, m, day):
    """Stand on that day (6 pm in China): a step may not be dated after today."""
    return time_machine.travel(at(y, m, day, 18), tick=False)
