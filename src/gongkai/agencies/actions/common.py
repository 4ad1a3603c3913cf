"""What every action of the agencies shares: who may act, the audit entry, validation."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from wagtail.log_actions import log

from gongkai.agencies.access import is_supervisor, staff_profile
from gongkai.agencies.models import Agency, Department, Role

ACTION_PREFIX = "gongkai_agencies."

#: action name -> label of its audit entry (registered in wagtail_hooks.py)
ACTIONS = {
    "create_agency": "新建机关",
    "change_agency": "修改机关信息",
    "retire_agency": "撤销机关",
    "create_site_group": "建立网站群",
    "record_reconsideration": "登记行政复议机关",
    "add_department": "新增股室",
    "rename_department": "股室更名",
    "retire_department": "撤销股室",
    "assign_column": "指定栏目责任股室",
    "create_person": "新增工作人员",
    "change_person": "修改工作人员信息",
    "grant_role": "授予角色",
    "change_role": "变更角色所属机关或股室",
    "revoke_role": "取消角色",
    "deactivate_person": "停用账号",
}

AGENCY_FIELDS = (
    "name",
    "slug",
    "kind",
    "government",
    "leadership",
    "superior_name",
    "credit_code",
    "hostname",
    "address",
    "postcode",
    "phone",
    "email",
    "icp_number",
    "police_number",
    "site_code",
    "party_gov_mark_url",
    "index_code",
    "refusal_needs_head_approval",
    "document_prefix",
    "reconsideration_online_channel",
    "sort_order",
)


class OnboardingError(Exception):
    """A change refused, with its reason in Chinese and English."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


# -- who may act -------------------------------------------------------------------------
# A deliberately small local check; the capability policy (``can(user, capability, agency)``)
# replaces it.


def _require_supervisor(user) -> None:
    if user is not None and not is_supervisor(user):
        raise OnboardingError("只有政务公开办可以新建或撤销机关", "only the supervisor may do this")


def _require_manager(user, agency: Agency) -> None:
    """The supervisor, or an admin of this very agency."""
    if user is None or is_supervisor(user):
        return
    profile = staff_profile(user)
    if profile is None or profile.agency_id != agency.pk or not _is_admin(profile):
        raise OnboardingError(
            "只有政务公开办或本机关管理员可以办理", "only the supervisor or this agency's admin"
        )


def _is_admin(profile) -> bool:
    return Role.AGENCY_ADMIN in profile.roles


# -- audit -------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Agency | Department):
        return str(value)
    return value


def _audit(instance, action: str, user, **data) -> None:
    payload = {k: _plain(v) for k, v in data.items()}
    if user is None:
        payload["via"] = "命令行 / command line"
    log(instance=instance, action=ACTION_PREFIX + action, user=user, data=payload)


def _diff(instance, changes: dict) -> tuple[dict, dict]:
    old, new = {}, {}
    for field, value in changes.items():
        before = getattr(instance, field)
        if before != value:
            old[field], new[field] = _plain(before), _plain(value)
    return old, new


def _validated(instance, only=None) -> None:
    """Validate the record, or only the fields in ``only`` (older rows may predate a rule)."""
    try:
        if only is not None:
            exclude = [f.name for f in instance._meta.fields if f.name not in only]
            instance.full_clean(exclude=exclude)
        else:
            instance.full_clean()
        if isinstance(instance, Agency) and (only is None or {"kind", "government"} & set(only)):
            instance.clean_government()
    except ValidationError as error:
        raise OnboardingError(_error_text(error), "the record is invalid") from None


def _error_text(error: ValidationError) -> str:
    """Each field's messages on one line: ``name: 这个字段是必填项。；slug: …``."""
    if hasattr(error, "message_dict"):
        by_field = error.message_dict.items()
    else:
        by_field = [("__all__", error.messages)]
    return "；".join(f"{field}: {'，'.join(map(str, msgs))}" for field, msgs in by_field)
