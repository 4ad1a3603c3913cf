"""The back office's forms of 信息报送 and 栏目映射."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.policy import department_bound, department_id_of_user
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.contributions.models import ColumnMapping


class ColumnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agency.name} · {obj.title}"


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        state = obj.index_number if obj.live else _("草稿")
        return f"{obj.title}（{state}）"


class SubmitForm(forms.Form):
    item = ItemChoiceField(label=_("报送的信息"), queryset=InfoItem.objects.none())
    target = ColumnChoiceField(label=_("报送到栏目"), queryset=ColumnPage.objects.none())
    note = forms.CharField(
        label=_("报送说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, agency_id, targets, **kwargs):
        super().__init__(*args, **kwargs)
        items = InfoItem.objects.filter(agency_id=agency_id).order_by("-latest_revision_created_at")
        if department_bound(user):
            items = items.filter(department_id=department_id_of_user(user))
        self.fields["item"].queryset = items
        self.fields["target"].queryset = targets.exclude(agency_id=agency_id)


class AdoptForm(forms.Form):
    """采用 as submitted: nothing to fill in."""


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AdoptWithEditsForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=255)


class IntakeForm(forms.Form):
    column = forms.ModelChoiceField(label=_("栏目"), queryset=ColumnPage.objects.none())
    accepts = forms.BooleanField(label=_("接受报送"), required=False)

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns


class MappingForm(forms.Form):
    source = ColumnChoiceField(label=_("源栏目"), queryset=ColumnPage.objects.none())
    target = ColumnChoiceField(label=_("映射到本栏目"), queryset=ColumnPage.objects.none())

    def __init__(self, *args, sources, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["target"].queryset = targets


class UnmapForm(forms.Form):
    mapping = forms.ModelChoiceField(queryset=ColumnMapping.objects.none())

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings


def _year_start() -> date:
    return timezone.localdate().replace(month=1, day=1)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)

    def period(self) -> tuple[date, date]:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or _year_start()
        end = data.get("end") or timezone.localdate()
        return (start, end) if start <= end else (end, start)
