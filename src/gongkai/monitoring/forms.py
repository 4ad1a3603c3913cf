from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.monitoring.accounts import ACCOUNT_FIELDS
from gongkai.monitoring.models import Account


class AccountForm(forms.ModelForm):
    """The account's details; the view hands ``cleaned_data`` to ``do_save_account``."""

    url = forms.URLField(label=_("网址"), max_length=500, required=False, assume_scheme="https")
    feed_url = forms.URLField(
        label=_("订阅源（RSS/Atom）"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Account
        fields = ACCOUNT_FIELDS
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "closed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def validate_unique(self):
        # The action checks uniqueness with the agency (not a field of the form).
        pass


class PostCountForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("发文数"), min_value=0)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"), choices=[("accounts", _("账号")), ("posts", _("发文数"))]
    )
    file = forms.FileField(label=_("CSV 文件"))
