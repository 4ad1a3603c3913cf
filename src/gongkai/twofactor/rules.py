"""Who must give a code, and who must enrol before using the back office."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Role, SiteGroup

# The accounts that open other accounts and agencies: a stolen password of theirs is a
# stolen site group.
REQUIRED_ROLES = (Role.SUPERVISOR, Role.AGENCY_ADMIN)


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def site_group_requires() -> bool:
    group = SiteGroup.objects.only("requires_two_factor").first()
    return group is not None and group.requires_two_factor


def required_for(user) -> bool:
    """Whether the site group requires a second factor of this account (superusers, who may
    do anything, are held to it as well)."""
    if not user.is_authenticated or not site_group_requires():
        return False
    if user.is_superuser:
        return True
    profile = staff_profile(user)
    return profile is not None and profile.has_role(*REQUIRED_ROLES)
