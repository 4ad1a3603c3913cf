"""The back office's login form (WAGTAILADMIN_USER_LOGIN_FORM)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class ChineseLoginForm(LoginForm):
    """Wagtail's login form redefines the password field without a label, so the page shows
    the field name "Password" whatever the language; this one has a translatable label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")
