"""Forms of the annual-report pages: which action a report's page posts, and its narrative."""

from django import forms
from django.utils.translation import gettext_lazy as _

UNKNOWN_ACTION = _("未知的操作。")


class ReportActionForm(forms.Form):
    """The report page's buttons: save the narrative, acknowledge the warnings, publish.

    The narrative's sections are fields too (one per text section of the report's format);
    only those posted are saved.
    """

    action = forms.ChoiceField(
        choices=[
            ("narrative", _("保存正文")),
            ("acknowledge", _("确认警告")),
            ("publish", _("发布")),
        ],
        error_messages={"required": UNKNOWN_ACTION, "invalid_choice": UNKNOWN_ACTION},
    )

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
