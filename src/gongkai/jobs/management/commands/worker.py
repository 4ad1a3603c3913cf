import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.jobs.models import JobState
from gongkai.jobs.worker import Worker, run_due

logger = logging.getLogger("gongkai.jobs")


class Command(BaseCommand):
    help = "运行后台任务：领取并执行队列中的任务，按时运行定时任务（提醒、定时发布等）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="运行此刻到期的任务后退出 / run what is due, then exit",
        )

    def handle(self, *args, once=False, **options):
        if once:
            ran = run_due()
            done = sum(1 for job in ran if job.state == JobState.DONE)
            self.stdout.write(f"已运行 {len(ran)} 个任务，{done} 个完成")
            return
        worker = Worker(poll_seconds=settings.GONGKAI_JOBS_POLL_SECONDS)
        logger.info("worker %s started", worker.name)
        worker.serve()
        logger.info("worker %s stopped", worker.name)
