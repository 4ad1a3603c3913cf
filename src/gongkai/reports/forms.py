"""Forms of the annual-report pages: which action a report's page posts, and its narrative."""

from django import forms
from django.utils.translation import gettext_lazy as _

UNKNOWN_ACTION = _("未知的操作。")


class ReportActionForm(forms.Form):
    """The report page's buttons: save the narrative, acknowledge the warnings, submit to
    the supervisor, publish (a correction with its note), start a correction.

    The narrative's sections are fields too (one per text section of the report's format);
    only those posted are saved.
    """

    action = forms.ChoiceField(
        choices=[
            ("narrative", _("保存正文")),
            ("acknowledge", _("确认警告")),
            ("publish", _("发布")),
            ("submit", _("报送")),
            ("correct", _("更正")),
        ],
        error_messages={"required": UNKNOWN_ACTION, "invalid_choice": UNKNOWN_ACTION},
    )

    # A correction's 更正说明 (what changed and why); the action requires it.
    correction_note = forms.CharField(required=False, max_length=2000)

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


class FiguresImportForm(forms.Form):
    csv = forms.FileField(
        error_messages={"required": _("请选择不超过1MB的CSV文件。")},
    )


class ReviewForm(forms.Form):
    """The supervisor's answer to a submitted report; returning it needs comments."""

    action = forms.ChoiceField(
        choices=[("accept", _("接收")), ("return", _("退回"))],
        error_messages={"required": UNKNOWN_ACTION, "invalid_choice": UNKNOWN_ACTION},
    )
    comments = forms.CharField(required=False, max_length=2000)


class ReportSettingsForm(forms.Form):
    publish_and_submit = forms.BooleanField(required=False)
    whole_area = forms.BooleanField(required=False)
