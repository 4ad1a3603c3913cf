from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.twofactor.actions import do_remove


class Command(BaseCommand):
    help = (
        "Remove an account's two-factor device (a lost phone); the account enrols again at "
        "its next login if the site group requires it. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有这个账号：{username} / no such account: {username}")
        device = TOTPDevice.objects.filter(user=user).first()
        if device is None:
            self.stdout.write(f"{username} 未启用双因素认证 / has no two-factor device")
            return
        do_remove(device, acting_user=None)
        self.stdout.write(f"已停用 {username} 的双因素认证 / two-factor device removed")
