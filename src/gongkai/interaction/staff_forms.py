"""Forms of the back office of 政民互动: one per action on a message, and the settings.

The forms turn the posted text into values; the rules (who may act, which move the state
allows, what a reply needs) stay in ``actions.py``, whose refusals the views show.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import DeliveryRoute, IdDocumentType, ProvisionForm
from gongkai.interaction.models import Campaign


def form_errors(form: forms.Form) -> list[str]:
    """Every error of ``form``, each once, in the order of its fields."""
    seen = []
    for errors in form.errors.values():
        for error in errors:
            if error not in seen:
                seen.append(error)
    return seen


class MessageActionForm(forms.Form):
    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message


class AssignForm(MessageActionForm):
    department = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = self.message.agency.departments.all()
        chosen = _("请选择承办股室。")
        field.error_messages.update(required=chosen, invalid_choice=chosen, invalid_pk_value=chosen)


class DraftForm(MessageActionForm):
    reply = forms.CharField(required=False, strip=False)


class ApproveForm(MessageActionForm):
    reply_public = forms.BooleanField(required=False)
    private_reason = forms.CharField(required=False, strip=False)


class RedirectForm(MessageActionForm):
    explanation = forms.CharField(required=False, strip=False)


class ConvertForm(MessageActionForm):
    id_document_type = forms.ChoiceField(choices=IdDocumentType.choices)
    id_document_number = forms.CharField(required=False)
    provision_form = forms.ChoiceField(choices=ProvisionForm.choices)
    delivery_route = forms.ChoiceField(choices=DeliveryRoute.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id_document_type", "provision_form", "delivery_route"):
            self.fields[name].error_messages.update(
                required=_("请选择身份证明类型、提供形式和获取方式。"),
                invalid_choice=_("请选择身份证明类型、提供形式和获取方式。"),
            )


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
