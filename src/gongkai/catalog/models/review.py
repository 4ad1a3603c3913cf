"""The reviewer's approval task, with the privacy gate in front of it (``catalog/review.py``
builds the form that asks for the reason)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from gongkai.catalog.privacy_gate import gated, record_override, scan_for
from gongkai.catalog.review import APPROVE_WITH_REASON, override_approval_form


class ReviewTask(AbstractGroupApprovalTask):
    """Approval by the agency's reviewers; refused while personal information is found,
    unless the reviewer records why it may be published."""

    class Meta:
        app_label = "catalog"
        verbose_name = _("信息审核（含个人信息检查）")
        verbose_name_plural = _("信息审核（含个人信息检查）")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        page = getattr(obj, "specific", obj)
        if not actions or not gated(page):
            return actions
        scan = scan_for(page)
        if scan.pending:
            # Approval waits for the worker's scan; rejecting needs no scan.
            return [action for action in actions if action[0] == "reject"]
        if scan.findings:
            return [
                *[action for action in actions if action[0] == "reject"],
                (APPROVE_WITH_REASON, _("确认可以公开并批准（需填写理由）"), True),
            ]
        return actions

    def get_form_for_action(self, action):
        if action == APPROVE_WITH_REASON:
            return override_approval_form()
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == APPROVE_WITH_REASON:
            page = task_state.workflow_state.content_object.specific
            scan = scan_for(page)
            if scan.pending:
                raise PermissionDenied("个人信息检查尚未完成 / the privacy scan has not finished")
            record_override(page, user, kwargs["reason"], list(scan.findings))
            task_state.approve(user=user, comment=kwargs.get("comment", ""))
            return None
        if action_name.startswith("approve"):
            page = task_state.workflow_state.content_object.specific
            if gated(page) and scan_for(page).pending:
                raise PermissionDenied("个人信息检查尚未完成 / the privacy scan has not finished")
        return super().on_action(task_state, user, action_name, **kwargs)
