from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog.addresses import absolute_url
from gongkai.demo.load import load_demo, read_demo


class Command(BaseCommand):
    help = "Migrate if needed and load the demo site group (九江市); safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "演示数据不能载入生产环境 / the demo refuses to load with GONGKAI_ENV=production"
            )
        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("演示网站群已就绪 / demo site group ready"))
        self.stdout.write("工作人员账号（密码均为 demo 密码）/ staff logins:")
        password = read_demo("site.json")["password"]
        for username, role, agency in logins:
            self.stdout.write(f"  {username:32} {password}  {role} · {agency}")
        self.stdout.write(f"后台 / back office: {absolute_url('/admin/')}")
