import pytest
from django.http import Http404

from gongkai.applications.access import access_by_tracking
from gongkai.applications.actions import do_reply
from gongkai.applications.models import Outcome
from gongkai.applications.queries import deadline_lists
from tests.applications.conftest import at, d

pytestmark = pytest.mark.django_db


def test_tracking_code_and_secret_open_the_case(register):
    reg = register()
    code = reg.application.tracking_code
    assert access_by_tracking(code, reg.secret) == reg.application
    # What a person types: lower case, without dashes.
    assert access_by_tracking(code.replace("-", "").lower(), reg.secret) == reg.application


def test_wrong_secret_or_code_reveals_nothing(register):
    reg = register()
    other = register()
    for code, secret in [
        (reg.application.tracking_code, "wrong"),
        (reg.application.tracking_code, other.secret),
        ("AAAA-BBBB-CCCC", reg.secret),
        ("", ""),
    ]:
        with pytest.raises(Http404):
            access_by_tracking(code, secret)


def test_due_soon_and_overdue_lists_per_persona(register, users, agency_b):
    soon = register(arrived=at(2026, 9, 21)).application  # due 10-26
    late = register(arrived=at(2026, 9, 1)).application
    done = register(arrived=at(2026, 9, 1)).application
    do_reply(
        done,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 10),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    future = register(arrived=at(2026, 12, 10)).application  # provisional, into 2027
    other = register(
        agency=agency_b, acting_user=users["officer_b"], arrived=at(2026, 9, 1)
    ).application

    lists = deadline_lists(users["officer_a"], today=d(2026, 10, 20))
    assert [c.application for c in lists.due_soon] == [soon]
    assert lists.due_soon[0].status.working_days_left == 4
    assert [c.application for c in lists.overdue] == [late]
    assert lists.provisional == [future]

    supervisor = deadline_lists(users["group_supervisor"], today=d(2026, 10, 20))
    assert {c.application for c in supervisor.overdue} == {late, other}
    outsider = deadline_lists(users["officer_b"], today=d(2026, 10, 20))
    assert [c.application for c in outsider.overdue] == [other]
