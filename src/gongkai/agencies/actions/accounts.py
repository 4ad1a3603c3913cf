"""What Wagtail's user screens change beyond a person's place in the site group (``people``):
the superuser flag, a password an administrator sets, and the staff profile of an account
made outside the back office (``createsuperuser``, an older installation).

Audited through the casework kernel as ``gongkai.agencies.<action>``; a password is never
written to the log.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.access import is_supervisor
from gongkai.agencies.actions.common import OnboardingError, _require_manager
from gongkai.agencies.models import StaffProfile
from gongkai.casework import AuditNames, audit, locked

AUDIT = AuditNames(
    "agencies",
    {
        "make_superuser": _("设为超级管理员"),
        "set_password": _("设置工作人员密码"),
        "add_profile": _("为已有账号建立工作人员档案"),
    },
)


def _account(user):
    return locked(get_user_model(), user.pk)


def _require_account_manager(acting_user, user) -> None:
    """The supervisor, or the admin of the agency the account belongs to."""
    profile = StaffProfile.objects.filter(user_id=user.pk).select_related("agency").first()
    if profile is not None and profile.agency is not None:
        _require_manager(acting_user, profile.agency)
    elif acting_user is not None and not is_supervisor(acting_user):
        raise OnboardingError("只有政务公开办可以办理", "only the supervisor")


@transaction.atomic
def do_make_superuser(user, *, acting_user):
    """Give ``user`` every permission of the installation; only a superuser may."""
    if acting_user is not None and not acting_user.is_superuser:
        raise OnboardingError(
            "只有超级管理员可以设置超级管理员", "only a superuser may make another"
        )
    user = _account(user)
    if user.is_superuser:
        return user
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    audit(user, AUDIT, "make_superuser", user=acting_user, old_state="staff", new_state="superuser")
    return user


@transaction.atomic
def do_set_password(user, password: str, *, acting_user):
    """An administrator sets the person's password (already checked by Django's password
    validators in the form); the log says that it was set, never what it is."""
    if not password:
        raise OnboardingError("密码不能为空", "the password is empty")
    _require_account_manager(acting_user, user)
    user = _account(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(user, AUDIT, "set_password", user=acting_user)
    return user


@transaction.atomic
def do_add_profile(user, *, acting_user) -> StaffProfile:
    """The (empty) staff profile of an account that has none, so that its place and roles
    can be set; the supervisor's, as such an account belongs to no agency yet."""
    if acting_user is not None and not is_supervisor(acting_user):
        raise OnboardingError("只有政务公开办可以办理", "only the supervisor")
    user = _account(user)
    profile, created = StaffProfile.objects.get_or_create(user=user)
    if created:
        audit(user, AUDIT, "add_profile", user=acting_user)
    return profile
