"""Wagtail's own periodic work: pages and snippets whose go-live or expiry time has come."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from gongkai.jobs.registry import Periodic, job


@job("wagtail.publish_scheduled")
def publish_scheduled():
    call_command("publish_scheduled", stdout=StringIO())


PERIODIC = [Periodic("wagtail.publish_scheduled", every=timedelta(minutes=1))]
