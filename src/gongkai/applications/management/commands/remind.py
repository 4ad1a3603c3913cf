from django.core.management.base import BaseCommand

from gongkai.applications.reminders import send_reminders


class Command(BaseCommand):
    help = "发送依申请公开即将到期和已逾期提醒（每个期限各发送一次），供每日定时任务调用"

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"已发送 {len(sent)} 条提醒")
