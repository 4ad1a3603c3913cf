from django.core.management.base import BaseCommand

from gongkai.applications.reminders import send_reminders
from gongkai.interaction.actions import send_alarms


class Command(BaseCommand):
    help = (
        "每日定时任务：发送依申请公开即将到期和已逾期提醒（每个期限各一次），"
        "以及留言超过60天未答复的告警（每条留言一次）"
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        alarmed = send_alarms()
        self.stdout.write(f"已发送 {len(sent)} 条申请提醒，{len(alarmed)} 条留言告警")
