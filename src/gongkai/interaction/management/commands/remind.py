from django.core.management.base import BaseCommand

from gongkai.interaction.jobs import remind


class Command(BaseCommand):
    help = (
        "发送依申请公开即将到期和已逾期提醒（每个期限各一次），"
        "以及留言超过60天未答复的告警（每条留言一次）；gongkai worker 每日自动运行"
    )

    def handle(self, *args, **options):
        sent, alarmed = remind()
        self.stdout.write(f"已发送 {len(sent)} 条申请提醒，{len(alarmed)} 条留言告警")
