"""Forms of the annual-report pages: one per step a report's page posts, each to its own URL."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NarrativeForm(forms.Form):
    """The narrative's sections (one field per text section of the report's format); only
    those posted are saved."""

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[section.id] = forms.CharField(required=False, strip=False)
        self.section_ids = [s.id for s in sections]

    def narrative(self) -> dict[str, str]:
        return {
            section: self.cleaned_data[section]
            for section in self.section_ids
            if section in self.data
        }


class PublishForm(forms.Form):
    """发布 (with 报送 when the site group allows it at once); a correction's 更正说明 (what
    changed and why) is required by the action."""

    correction_note = forms.CharField(required=False, max_length=2000)


class ConfirmForm(forms.Form):
    """A step with nothing to fill in (确认警告, 报送, 开始更正): the button is the input."""


class FiguresImportForm(forms.Form):
    csv = forms.FileField(
        error_messages={"required": _("请选择不超过1MB的CSV文件。")},
    )


class ReturnReportForm(forms.Form):
    """The supervisor returns a submitted report; the action requires the comments."""

    comments = forms.CharField(required=False, max_length=2000)


class ReportSettingsForm(forms.Form):
    publish_and_submit = forms.BooleanField(required=False)
    whole_area = forms.BooleanField(required=False)
