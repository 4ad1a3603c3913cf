"""Login throttling (等保 2.0: lock an account after repeated failed logins), on django-axes.

Five consecutive failures for one account, or twenty from one address, within 15 minutes
lock further attempts for 30 minutes (from the failure that locked, renewed by each refused
attempt) or until an administrator lifts the lock (``gongkai axes_reset_username NAME`` /
``axes_reset_ip ADDRESS``). Each failure is kept with its time in axes' AccessFailureLog,
each login in its AccessLog: they are the audit of the door. A login, or an administrator's
lift, ends the account's run of failures: its failures of the last 45 minutes (the window and
the lock) are forgotten, older ones stay in the log. During a lockout the login page still
renders and even the right password is refused, with a Chinese message.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=30)


def locks(times: Iterable[datetime], limit: int, now: datetime) -> bool:
    """Whether failures at ``times`` keep the door locked at ``now``: some failure of the
    last LOCKOUT was the ``limit``-th within WINDOW (the window ending at that failure)."""
    ordered = sorted(times)
    for index, time in enumerate(ordered):
        if time <= now - LOCKOUT or time > now:
            continue
        if sum(1 for earlier in ordered[: index + 1] if earlier > time - WINDOW) >= limit:
            return True
    return False


class LoginThrottle(AxesDatabaseHandler):
    """Axes compares one number with one limit (AXES_FAILURE_LIMIT = ADDRESS_LIMIT): this
    handler answers the limit itself when the account's or the address's failures lock (see
    :func:`locks`), and otherwise their weighted count inside the window."""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # Axes asks for the count before it logs this failure: count it in (get_failures).
        if request is not None:
            request.gongkai_failing = True
        super().user_login_failed(sender, credentials, request=request, **kwargs)

    def get_failures(self, request, credentials=None) -> int:
        now = timezone.now()
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        recent = AccessFailureLog.objects.filter(attempt_time__gt=now - LOCKOUT - WINDOW)
        rows = recent.filter(Q(username=username) | Q(ip_address=address)).values_list(
            "username", "ip_address", "attempt_time"
        )
        by_account = [t for user, _ip, t in rows if username and user == username]
        by_address = [t for _user, ip, t in rows if address and ip == address]
        if getattr(request, "gongkai_failing", False):
            by_account.append(request.axes_attempt_time)
            by_address.append(request.axes_attempt_time)
        if locks(by_account, ACCOUNT_LIMIT, now) or locks(by_address, ADDRESS_LIMIT, now):
            return ADDRESS_LIMIT
        in_window = now - WINDOW
        weight = ADDRESS_LIMIT // ACCOUNT_LIMIT
        counted = max(
            sum(t > in_window for t in by_account) * weight,
            sum(t > in_window for t in by_address),
        )
        return min(counted, ADDRESS_LIMIT - 1)

    def user_logged_in(self, sender, request, user, **kwargs):
        """Failures count while consecutive: a login ends the account's own run only.
        (Axes' AXES_RESET_ON_SUCCESS forgets every failure of the address too, so logging in
        to one's own account would lift the lock of the account one was guessing.)"""
        super().user_logged_in(sender, request, user, **kwargs)
        self._forget(username=user.get_username())

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """An administrator lifts a lock (axes_reset_username / axes_reset_ip)."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        self._forget(username=username, ip_address=ip_address)
        return count

    @staticmethod
    def _forget(*, username=None, ip_address=None) -> None:
        if username:
            AccessAttempt.objects.filter(username=username).delete()
        recent = AccessFailureLog.objects.filter(attempt_time__gt=timezone.now() - LOCKOUT - WINDOW)
        if username:
            recent.filter(username=username).delete()
        if ip_address:
            recent.filter(ip_address=ip_address).delete()


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, for logins over the web. ``authenticate()`` without a request (the
    test client's login, a script) is not a login through the door: axes would raise, and
    there is no address to count."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# Django's longest username; axes keeps 255 characters and PostgreSQL refuses more (and any
# NUL): a longer "username" typed into a login form names no account and is cut, so the
# failure is still counted (found by tests/test_fuzz.py: a 4,000-character name was a 500).
USERNAME_LENGTH = 150


def client_username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username axes records, as typed, at most 150 characters,
    without NUL characters."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_LENGTH]


def lockout_response(request, original_response=None, credentials=None):
    message = _("登录失败次数过多，已暂停登录30分钟；如需提前解除，请联系管理员。")
    response = original_response
    form = (
        (response.context_data or {}).get("form")
        if isinstance(response, TemplateResponse)
        else None
    )
    if form is not None:
        # The login page as the person saw it, with the reason instead of "wrong password".
        form.errors.clear()
        form.add_error(None, message)
        response.content = response.rendered_content
        response.status_code = 403
        return response
    return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
