"""The annual reports' jobs: the privacy check of a report's text before it is published."""

from datetime import timedelta

from gongkai.jobs.registry import job
from gongkai.reports.privacy_check import CHECK_JOB, check_texts

job(CHECK_JOB, max_attempts=2, lease=timedelta(minutes=5))(check_texts)
