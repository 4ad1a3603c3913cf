"""The back office's view of static publishing: what waits to be written, what failed."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from gongkai.agencies.policy import Capability, can
from gongkai.jobs.models import Job
from gongkai.publishing.fingerprint import REBUILD_JOB, STATE_KEY
from gongkai.publishing.models import PendingFile, PendingState, PublishState
from gongkai.publishing.paths import publish_root
from gongkai.publishing.queue import JOB, is_marker

SHOWN = 200


def may_see(user) -> bool:
    # The publish root serves the whole site group: the supervisors' (政务公开办) concern.
    return can(user, Capability.SUPERVISE)


def status(request):
    if not may_see(request.user):
        raise Http404("Supervisors only")
    pending = PendingFile.objects.filter(state=PendingState.PENDING).order_by("requested_at")
    failed = PendingFile.objects.filter(state=PendingState.FAILED).order_by("-requested_at")
    context = {
        "page_title": _("静态发布"),
        "root": publish_root(),
        "pending_count": pending.count(),
        "failed_count": failed.count(),
        "pending": [_row(row) for row in pending[:SHOWN]],
        "failed": [_row(row) for row in failed[:SHOWN]],
        "last_job": Job.objects.filter(name=JOB).order_by("-pk").first(),
        "rebuild_job": Job.objects.filter(name=REBUILD_JOB).order_by("-pk").first(),
        "rebuilt_at": PublishState.objects.filter(key=STATE_KEY)
        .values_list("rebuilt_at", flat=True)
        .first(),
        "shown": SHOWN,
    }
    return TemplateResponse(request, "publishing/status.html", context)


def _row(row: PendingFile) -> dict:
    if is_marker(row.address):
        kind, _sep, pk = row.address.partition(":")
        label = (
            _("页面 #%(pk)s 的相关文件") if kind == "page" else _("机关 #%(pk)s 的全部页面")
        ) % {"pk": pk}
    else:
        label = f"{row.host}{row.address}" if row.host else row.address
    first_line = row.last_error.splitlines()[0] if row.last_error else ""
    return {"row": row, "label": label, "error": first_line, "trace": row.last_error}
