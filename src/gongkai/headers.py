"""Response headers Django's SecurityMiddleware does not set."""

from csp.middleware import CSPMiddleware
from django.conf import settings

# No page of the site uses the camera, the microphone, geolocation or payment; a script that
# got in through some hole cannot ask for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# -- Content-Security-Policy ------------------------------------------------------------------
#
# The public policy is CONTENT_SECURITY_POLICY in settings.py: scripts only from the site's
# own static files (no inline script, no event handler attributes, no eval), styles from them
# and from a <style> carrying the response's nonce (the annual report page), nothing from
# another origin. The back office (Wagtail's admin) cannot run under it; the exceptions are:
#
# - script-src 'unsafe-inline': Wagtail 8.0 writes inline <script> for InlinePanel and
#   MultipleChooserPanel (panels/inline_panel.html, panels/multiple_chooser_panel.html) and
#   for its date, time and date-time widgets (widgets/date_input.html …). Still no eval and
#   no other origin.
# - style-src 'unsafe-inline': Wagtail's templates and scripts set style attributes (the
#   sortable listings, the image focal-point chooser, the side panels' widths) and the
#   project's staff screens use a few.
# - img-src blob: and data:: previews of images chosen for upload, and the icons and the
#   two-factor QR code drawn as data URIs.
# - frame-src 'self': the page preview panel shows the page in a frame.
# - connect-src 'self' only: Wagtail's check for new releases (releases.wagtail.org) is
#   refused, which is what an intranet back office wants anyway.

ADMIN_PREFIX = "/admin/"


def admin_directives(public: dict) -> dict:
    from csp.constants import SELF, UNSAFE_INLINE

    return {
        **public,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
    }


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the back office's policy for /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.config = admin_directives(public)
            # No nonce source here: beside one, browsers ignore 'unsafe-inline'.
        return parts
