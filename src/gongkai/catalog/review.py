"""The form a reviewer fills in to approve an item in which personal information was found."""

from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE_WITH_REASON = "approve_with_reason"


def override_approval_form():
    # Wagtail's admin forms import models, so the form class is built on first use.
    from wagtail.forms import TaskStateCommentForm

    class OverrideApprovalForm(TaskStateCommentForm):
        reason = forms.CharField(
            label=_("确认可以公开的理由"),
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("含个人信息的信息只有在填写理由后才能批准发布。")},
        )

    return OverrideApprovalForm
