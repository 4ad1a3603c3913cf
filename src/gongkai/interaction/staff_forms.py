"""Forms of the back office of 政民互动: one per action on a message, and the settings.

The forms turn the posted text into values; the rules (who may act, which move the state
allows, what a reply needs) stay in ``actions.py``, whose refusals the views show.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications.forms import ApplicationForm
from gongkai.applications.models import ApplicantKind
from gongkai.interaction.models import Campaign


class MessageActionForm(forms.Form):
    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message


class AssignForm(MessageActionForm):
    department = forms.ModelChoiceField(label=_("转办股室"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = self.message.agency.departments.all()
        field.label_from_instance = lambda department: department.name
        chosen = _("请选择承办股室。")
        field.error_messages.update(required=chosen, invalid_choice=chosen, invalid_pk_value=chosen)


class DraftForm(MessageActionForm):
    reply = forms.CharField(
        label=_("答复内容"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].initial = self.message.reply


class ApproveForm(MessageActionForm):
    reply_public = forms.BooleanField(label=_("答复公开"), required=False, initial=True)
    private_reason = forms.CharField(label=_("答复不公开的理由"), required=False, strip=False)


class RedirectForm(MessageActionForm):
    explanation = forms.CharField(
        label=_("属于信访或政府信息公开申请等其他渠道事项时，填写公开说明"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConvertForm(ApplicationForm):
    """The public application form (Art. 29) without its spam guard, filled in by the office
    from what the writer gave: the same choices and the same checks, so that a converted
    message is as complete an application as one made online."""

    # No spam guard; no identity copy (the writer sent none with a message).
    answer = token = website = id_document_copy = None

    def __init__(self, *args, message, **kwargs):
        self.message = message
        kwargs.setdefault(
            "initial",
            {
                "applicant_kind": ApplicantKind.NATURAL_PERSON,
                "name": message.name,
                "phone": message.phone,
                "description": f"{message.subject}\n{message.body}",
            },
        )
        super().__init__(*args, **kwargs)

    def registration(self) -> dict:
        details = super().registration()
        details.pop("id_document_copy")
        details["contact_person"] = "" if self.is_person else self.cleaned_data["contact_person"]
        return details


DAYS_ERROR = _("答复期限应为1至60之间的整数（工作日）。")


def _days_field() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=60,
        error_messages={
            "required": DAYS_ERROR,
            "invalid": DAYS_ERROR,
            "min_value": DAYS_ERROR,
            "max_value": DAYS_ERROR,
        },
    )


class SettingsForm(forms.Form):
    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency


class ReplyPolicyForm(SettingsForm):
    inquiry_days = _days_field()
    suggestion_days = _days_field()
    complaint_days = _days_field()

    def days(self) -> dict[str, int]:
        return {k: self.cleaned_data[f"{k}_days"] for k in ("inquiry", "suggestion", "complaint")}


class CampaignForm(SettingsForm):
    title = forms.CharField(required=False)
    description = forms.CharField(required=False, strip=False)


class ToggleCampaignForm(SettingsForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(agency=self.agency)
