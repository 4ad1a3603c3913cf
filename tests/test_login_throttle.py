"""The door: 5 failed logins of an account (20 of an address) within 15 minutes lock logins
for 30 minutes; the login page still renders, and the right password is refused with a
Chinese message."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from gongkai.throttle import locks
from tests.sitegroup import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)
LOCKED = "登录失败次数过多"


def attempt(client, username, password, address="10.3.3.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(response):
    return response.status_code == 302 and "/admin/login/" not in response["Location"]


def test_five_failures_lock_the_account_for_thirty_minutes():
    client = Client()
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            assert attempt(client, "clerk_a", "wrong-password").status_code == 200
        fifth = attempt(client, "clerk_a", "wrong-password")
        assert fifth.status_code == 403 and LOCKED in fifth.content.decode()
        refused = attempt(client, "clerk_a", PASSWORD)
        assert not logged_in(refused)
        assert refused.status_code == 403 and LOCKED in refused.content.decode()
        # The page still renders for everyone, the locked person included.
        assert client.get(LOGIN).status_code == 200
        # From another address too: it is the account that is locked.
        assert not logged_in(attempt(Client(), "clerk_a", PASSWORD, address="10.4.4.4"))
        # Another account is not.
        assert logged_in(attempt(Client(), "clerk_b", PASSWORD))
    # Thirty minutes after the last refused attempt (each one during a lockout renews it).
    with time_machine.travel(T0 + timedelta(minutes=29), tick=False):
        assert not logged_in(attempt(Client(), "clerk_a", PASSWORD))
    with time_machine.travel(T0 + timedelta(minutes=29 + 31), tick=False):
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))


def test_four_failures_then_the_right_password_logs_in_and_starts_again():
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            attempt(Client(), "clerk_a", "wrong-password")
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))
        for _ in range(4):
            attempt(Client(), "clerk_a", "wrong-password")
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))


def test_twenty_failures_from_an_address_lock_it():
    with time_machine.travel(T0, tick=False):
        for number in range(20):
            attempt(Client(), f"nobody-{number}", "guess")
        assert not logged_in(attempt(Client(), "clerk_b", PASSWORD))
        assert logged_in(attempt(Client(), "clerk_b", PASSWORD, address="10.5.5.5"))


def test_an_administrator_lifts_a_lock():
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt(Client(), "clerk_a", "wrong-password")
        assert AccessAttempt.objects.filter(username="clerk_a").exists()
        call_command("axes_reset_username", "clerk_a", verbosity=0)
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))


def minutes(*offsets):
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_five_failures_inside_fifteen_minutes_lock():
    assert locks(minutes(0, 1, 2, 3, 14), 5, now=T0 + timedelta(minutes=14))


def test_five_failures_spread_over_more_than_fifteen_minutes_do_not():
    # The window ending at the fifth failure (minute 15) holds minutes 1, 2, 3 and 15 only:
    # a failure exactly 15 minutes earlier is outside it.
    assert not locks(minutes(0, 1, 2, 3, 15), 5, now=T0 + timedelta(minutes=15))
    assert locks(minutes(0, 1, 2, 3, 14, 15), 5, now=T0 + timedelta(minutes=15))


def test_the_lock_lasts_thirty_minutes_from_the_failure_that_locked():
    times = minutes(0, 1, 2, 3, 4)
    assert locks(times, 5, now=T0 + timedelta(minutes=33, seconds=59))
    assert not locks(times, 5, now=T0 + timedelta(minutes=34))


def test_fewer_failures_than_the_limit_never_lock_and_future_ones_do_not_count():
    assert not locks(minutes(0, 1, 2, 3), 5, now=T0 + timedelta(minutes=4))
    assert not locks(minutes(0, 1, 2, 3, 4), 5, now=T0 + timedelta(minutes=3))


def test_failures_more_than_fifteen_minutes_apart_leave_the_account_open_over_http():
    client = Client()
    for offset in (0, 1, 2, 3):
        with time_machine.travel(T0 + timedelta(minutes=offset), tick=False):
            assert attempt(client, "clerk_a", "wrong-password").status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=16), tick=False):
        # Four failures at minutes 0-3 are outside the window that ends at minute 16.
        assert attempt(client, "clerk_a", "wrong-password").status_code == 200
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))


@pytest.mark.parametrize("username", ["A" * 4000, "clerk\x00_a", "x" * 151])
@pytest.mark.parametrize("login", [LOGIN, "/_util/login/"])
def test_an_overlong_or_nul_username_is_never_a_500(login, username):
    """Axes keeps 255 characters and PostgreSQL refuses more, and any NUL: such a name is
    cut to Django's 150 and cleaned before axes counts the failure (Wagtail's page login
    answered 500). A form that refuses the name itself counts nothing."""
    from axes.models import AccessFailureLog

    client = Client(raise_request_exception=False)
    with time_machine.travel(T0, tick=False):
        for _ in range(6):
            response = client.post(
                login, {"username": username, "password": "wrong"}, REMOTE_ADDR="10.3.3.3"
            )
            assert response.status_code in (200, 403)
    recorded = set(AccessFailureLog.objects.values_list("username", flat=True))
    assert recorded <= {username.replace("\x00", "")[:150]}


def test_a_151_character_name_is_counted_and_locks_as_itself():
    username = "x" * 151
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt(Client(), username, "wrong-password")
        refused = attempt(Client(), username, "wrong-password")
        assert refused.status_code == 403 and LOCKED in refused.content.decode()


def test_a_long_wrong_name_does_not_lock_the_account_it_starts_with():
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt(Client(), "clerk_a" + "x" * 200, "wrong-password")
        assert logged_in(attempt(Client(), "clerk_a", PASSWORD))
