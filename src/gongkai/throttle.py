"""Login throttling (等保 2.0: lock an account after repeated failed logins), on django-axes.

Five consecutive failures for one account, or twenty from one address, within the counting
window lock further attempts for 30 minutes or until an administrator lifts the lock
(``gongkai axes_reset_username NAME`` / ``axes_reset_ip ADDRESS``). Every attempt is kept
in axes' AccessAttempt/AccessLog tables, which are the audit of the door. During a lockout
the login page still renders and even the right password is refused, with a Chinese message.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.db.models import Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


class LoginThrottle(AxesDatabaseHandler):
    """Axes counts the failures of the account and of the address (AXES_LOCKOUT_PARAMETERS
    = username, ip_address) against one limit; this weighs an account's failure as
    ADDRESS_LIMIT / ACCOUNT_LIMIT of an address's, so that the one limit (ADDRESS_LIMIT) is
    reached at 5 failures of an account or at 20 of an address."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self.get_user_attempts(request, credentials)

        def total(attempts):
            return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

        weight = ADDRESS_LIMIT // ACCOUNT_LIMIT
        return max(total(by_account) * weight, total(by_address))

    def user_logged_in(self, sender, request, user, **kwargs):
        """Failures count while consecutive: a login forgets the account's own failures only.
        (Axes' AXES_RESET_ON_SUCCESS forgets every failure of the address too, so logging in
        to one's own account would lift the lock of the account one was guessing.)"""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, for logins over the web. ``authenticate()`` without a request (the
    test client's login, a script) is not a login through the door: axes would raise, and
    there is no address to count."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


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
