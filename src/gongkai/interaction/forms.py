from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.casework.contact import PHONE
from gongkai.interaction.models import Campaign, MessageKind

BODY_MAX = 2000


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("留言类型"), choices=MessageKind.choices)
    campaign = forms.ModelChoiceField(
        label=_("征集活动"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("（不参加）"),
    )
    subject = forms.CharField(label=_("标题"), max_length=80)
    body = forms.CharField(
        label=_("内容"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    name = forms.CharField(label=_("姓名"), max_length=40)
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, help_text=_("仅用于联系您，不会公开")
    )
    public_allowed = forms.BooleanField(
        label=_("同意公开我的留言（姓名、电话不公开）"), required=False, initial=True
    )
    answer = forms.CharField(label=_("验证问题"), max_length=4)
    # Not required: a missing token fails the challenge, whose error shows at the answer
    # (an error on a hidden field would not be shown at all).
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # People never see this field; scripts fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(agency=agency, is_open=True)
        for name in ("subject", "body", "name", "phone", "answer"):
            self.fields[name].error_messages["required"] = _("请填写%(label)s。") % {
                "label": self.fields[name].label
            }
        self.fields["body"].error_messages["max_length"] = _("内容不能超过%(limit)d个字。") % {
            "limit": BODY_MAX
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "")
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请填写有效的手机号码或带区号的固定电话。"))
        return phone


class TrackingForm(forms.Form):
    tracking_code = forms.CharField(label=_("查询码"), max_length=16)
    secret = forms.CharField(
        label=_("查询密码"), max_length=40, widget=forms.PasswordInput(render_value=True)
    )
