"""The supervisor's jobs: the 年报体检 check of uploaded annual reports."""

from datetime import timedelta

from gongkai.jobs.registry import job
from gongkai.supervision.reportcheck_views import CHECK_JOB, check_uploads

# Up to 60 files of 20 MB, each cut off by the extraction limits within seconds.
job(CHECK_JOB, max_attempts=2, lease=timedelta(minutes=30))(check_uploads)
