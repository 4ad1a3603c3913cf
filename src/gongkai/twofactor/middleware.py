"""The gate of the back office: no page of it before the second factor.

After the password (Wagtail's login), an account with a confirmed device is logged in but not
verified (django-otp's OTPMiddleware says which); every back-office URL then leads to the
code page, and outside the back office the account counts as anonymous. An account the site
group requires to use a second factor and that has none is sent to enrolment instead.
Accounts with neither pass: the gate costs them two small queries per back-office request.
"""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse

from gongkai.twofactor.rules import confirmed_device, required_for

ADMIN_PREFIX = "/admin/"


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._gate(request)
        return response if response is not None else self.get_response(request)

    def _gate(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        in_admin = request.path.startswith(ADMIN_PREFIX)
        if confirmed_device(user) is not None:
            if not in_admin:
                # Password only: staff powers stay behind the code, on every page.
                request.user = AnonymousUser()
                return None
            return _redirect_unless_at(request, "twofactor_verify")
        if in_admin and required_for(user):
            return _redirect_unless_at(request, "twofactor_manage", also=("twofactor_enrol",))
        return None


def _redirect_unless_at(request, url_name, also=()):
    open_paths = {reverse(name) for name in (url_name, *also, "wagtailadmin_logout")}
    if request.path in open_paths:
        return None
    target = request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': target}, safe='/')}")
