"""The form a reviewer fills in to approve an item in which personal information was found."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPROVE_WITH_REASON = "approve_with_reason"
APPROVE_WITH_SECRECY_REVIEW = "approve_with_secrecy_review"
APPROVE_WITH_REASON_AND_REVIEW = "approve_with_reason_and_review"


def _secrecy_fields():
    """The 保密审查 (Art. 17) every approval of an information item records."""

    def not_in_future(value):
        if value > timezone.localdate():
            raise forms.ValidationError(_("保密审查日期不能晚于今天"))

    return {
        "secrecy_reviewer": forms.CharField(
            label=_("保密审查人"),
            max_length=60,
            error_messages={"required": _("请填写保密审查人")},
        ),
        "secrecy_reviewed_on": forms.DateField(
            label=_("保密审查日期"),
            initial=timezone.localdate,
            validators=[not_in_future],
            error_messages={"required": _("请填写保密审查日期")},
        ),
    }


def secrecy_approval_form():
    from wagtail.forms import TaskStateCommentForm

    return type("SecrecyApprovalForm", (TaskStateCommentForm,), _secrecy_fields())


def override_approval_form(secrecy: bool = True):
    # Wagtail's admin forms import models, so the form class is built on first use.
    from wagtail.forms import TaskStateCommentForm

    class OverrideApprovalForm(TaskStateCommentForm):
        reason = forms.CharField(
            label=_("确认可以公开的理由"),
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("含个人信息的信息只有在填写理由后才能批准发布。")},
        )

    if not secrecy:
        return OverrideApprovalForm
    return type("OverrideSecrecyApprovalForm", (OverrideApprovalForm,), _secrecy_fields())
