"""The reviewer's approval task, with the privacy gate and the 保密审查 in front of it
(``catalog/review.py`` builds the forms that ask for the reason and the review)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from gongkai.catalog import secrecy_gate
from gongkai.catalog.actions import do_record_secrecy_review
from gongkai.catalog.privacy_gate import gated, record_override, scan_for
from gongkai.catalog.review import (
    APPROVE_WITH_REASON,
    APPROVE_WITH_REASON_AND_REVIEW,
    APPROVE_WITH_SECRECY_REVIEW,
    override_approval_form,
    secrecy_approval_form,
)

# action name -> (records a privacy exception, records a 保密审查)
_APPROVALS = {
    APPROVE_WITH_REASON: (True, False),
    APPROVE_WITH_REASON_AND_REVIEW: (True, True),
    APPROVE_WITH_SECRECY_REVIEW: (False, True),
}


class ReviewTask(AbstractGroupApprovalTask):
    """Approval by the agency's reviewers; refused while personal information is found,
    unless the reviewer records why it may be published; an information item's approval
    records its 保密审查 (Art. 17); a 不予公开 item cannot be approved."""

    class Meta:
        app_label = "catalog"
        verbose_name = _("信息审核（含个人信息检查）")
        verbose_name_plural = _("信息审核（含个人信息检查）")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        page = getattr(obj, "specific", obj)
        reject = [action for action in actions if action[0] == "reject"]
        if secrecy_gate.withheld(page):
            return reject
        privacy = False
        if gated(page):
            scan = scan_for(page)
            if scan.pending:
                # Approval waits for the worker's scan; rejecting needs no scan.
                return reject
            privacy = bool(scan.findings)
        secrecy = secrecy_gate.needs_review(page)
        if privacy and secrecy:
            label = _("确认可以公开、保密审查并批准（需填写理由）")
            return [*reject, (APPROVE_WITH_REASON_AND_REVIEW, label, True)]
        if privacy:
            return [*reject, (APPROVE_WITH_REASON, _("确认可以公开并批准（需填写理由）"), True)]
        if secrecy:
            return [*reject, (APPROVE_WITH_SECRECY_REVIEW, _("保密审查并批准"), True)]
        return actions

    def get_form_for_action(self, action):
        if action == APPROVE_WITH_REASON:
            return override_approval_form(secrecy=False)
        if action == APPROVE_WITH_REASON_AND_REVIEW:
            return override_approval_form()
        if action == APPROVE_WITH_SECRECY_REVIEW:
            return secrecy_approval_form()
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name in _APPROVALS:
            privacy, secrecy = _APPROVALS[action_name]
            page = task_state.workflow_state.content_object.specific
            if privacy:
                scan = scan_for(page)
                if scan.pending:
                    raise PermissionDenied(
                        "个人信息检查尚未完成 / the privacy scan has not finished"
                    )
                record_override(page, user, kwargs["reason"], list(scan.findings))
            if secrecy:
                # From the editor, Wagtail passes the dialog's cleaned data through JSON: the
                # date arrives as text.
                reviewed_on = kwargs["secrecy_reviewed_on"]
                if not isinstance(reviewed_on, date):
                    reviewed_on = parse_date(str(reviewed_on))
                do_record_secrecy_review(
                    page,
                    reviewer=kwargs["secrecy_reviewer"],
                    reviewed_on=reviewed_on,
                    acting_user=user,
                    revision_id=task_state.revision_id,
                )
            task_state.approve(user=user, comment=kwargs.get("comment", ""))
            return None
        if action_name.startswith("approve"):
            page = task_state.workflow_state.content_object.specific
            if gated(page) and scan_for(page).pending:
                raise PermissionDenied("个人信息检查尚未完成 / the privacy scan has not finished")
        return super().on_action(task_state, user, action_name, **kwargs)
