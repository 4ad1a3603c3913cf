"""The catalog's jobs: the privacy gate's scan of a page before it is published."""

from datetime import timedelta

from gongkai.catalog.privacy_gate import FILE_SCAN_JOB, SCAN_JOB, scan_page, scan_stored_file
from gongkai.jobs.registry import job

# Two tries: a second for a database that was away; a file that stalls a reader is cut off
# by the extraction limits (gongkai.extract.limits) well within the lease.
job(SCAN_JOB, max_attempts=2, lease=timedelta(minutes=5))(scan_page)
job(FILE_SCAN_JOB, max_attempts=2, lease=timedelta(minutes=5))(scan_stored_file)
