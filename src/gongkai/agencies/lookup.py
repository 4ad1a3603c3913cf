"""An agency named on the command line, by its slug or its full name."""

from django.core.management.base import CommandError
from django.db.models import Q

from gongkai.agencies.models import Agency

USAGE_ERROR = 2  # the exit status of a command given a wrong argument


def find_agency(key: str) -> Agency:
    agency = Agency.objects.filter(Q(slug=key) | Q(name=key.strip())).first()
    if agency is None:
        raise CommandError(f"未找到机关：{key} / unknown agency: {key}", returncode=USAGE_ERROR)
    return agency
