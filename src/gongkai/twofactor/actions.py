"""The state changes of two-factor authentication, each audited in Wagtail's log."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from gongkai.agencies.models import SiteGroup

ACTION_PREFIX = "gongkai_twofactor."
ACTIONS = {
    "enrol": "启用双因素认证",
    "remove": "停用双因素认证",
    "require": "修改双因素认证要求",
}
DEVICE_NAME = "身份验证器"


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed device whose key the enrolment page shows (kept between the
    page and the confirmation, so the QR code does not change under the person)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def do_enrol(device: TOTPDevice, *, acting_user) -> TOTPDevice:
    """Confirm ``device`` (its code was checked) as the account's one second factor."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log(instance=device.user, action=ACTION_PREFIX + "enrol", user=acting_user)
    return device


@transaction.atomic
def do_remove(device: TOTPDevice, *, acting_user) -> None:
    user = device.user
    TOTPDevice.objects.filter(user=user).delete()
    data = {} if acting_user is not None else {"via": "命令行 / command line"}
    log(instance=user, action=ACTION_PREFIX + "remove", user=acting_user, data=data)


@transaction.atomic
def do_set_requirement(group: SiteGroup, required: bool, *, acting_user) -> SiteGroup:
    group = SiteGroup.objects.select_for_update().get(pk=group.pk)
    if group.requires_two_factor == required:
        return group
    old = group.requires_two_factor
    group.requires_two_factor = required
    group.save(update_fields=["requires_two_factor"])
    log(
        instance=group,
        action=ACTION_PREFIX + "require",
        user=acting_user,
        data={"old": {"requires_two_factor": old}, "new": {"requires_two_factor": required}},
    )
    return group
