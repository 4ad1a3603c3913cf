"""The rewrite queue: what waits to be published, and the job that publishes it.

:func:`request` records targets (deduplicated by host and address) and makes sure one
``publishing.rewrite`` job is queued in ``gongkai.jobs``; the worker runs it within a poll
(``GONGKAI_JOBS_POLL_SECONDS``). :func:`work_off` renders each waiting address and writes
its file, or removes it when the address no longer answers 200 (unpublished, moved,
restricted, deleted). A rendering that fails is kept as failed with its error, for the
back office's screen (``views.py``) and the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from gongkai.catalog.models import AgencyHomePage
from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import describe_error, enqueue, worker_id
from gongkai.publishing import files
from gongkai.publishing.models import PendingFile, PendingState
from gongkai.publishing.paths import EXTENSIONS, AddressError, relative_file
from gongkai.publishing.render import forget_local_reads, render
from gongkai.publishing.targets import Target, affected_targets, agency_targets

logger = logging.getLogger("gongkai.publishing")

JOB = "publishing.rewrite"
BATCH = 50
PAGE_MARK, AGENCY_MARK = "page:", "agency:"
# A run that stopped (its process killed) holds its rows no longer than this.
CLAIM_EXPIRES = timedelta(minutes=5)


def page_marker(pk: int) -> Target:
    """A page that changed: the job expands it into every address it affects."""
    return ("", f"{PAGE_MARK}{pk}")


def agency_marker(pk: int) -> Target:
    """An agency whose record changed: every page of its site and the portal's lists."""
    return ("", f"{AGENCY_MARK}{pk}")


def is_marker(address: str) -> bool:
    return address.startswith((PAGE_MARK, AGENCY_MARK))


def request(targets: Iterable[Target], *, with_job: bool = True) -> int:
    """Queue ``targets`` for rewriting and a job to do it; returns how many were asked.

    The job renders in the order queued: the first page of each listing before its further
    pages (``?page=N``), so that what readers open first is rewritten first."""
    targets = sorted(dict.fromkeys(targets), key=lambda target: "?page=" in target[1])
    if not targets:
        return 0
    now = timezone.now()
    for host, address in targets:
        if not is_marker(address) and not _has_file(host, address):
            continue
        updated = PendingFile.objects.filter(host=host, address=address).update(
            requested_at=now, state=PendingState.PENDING
        )
        if not updated:
            try:
                with transaction.atomic():
                    PendingFile.objects.create(host=host, address=address, requested_at=now)
            except IntegrityError:  # another process queued it meanwhile: same outcome
                pass
    if with_job:
        ensure_job()
    return len(targets)


def _has_file(host: str, address: str) -> bool:
    try:
        relative_file(host, address)
    except AddressError:
        return False
    return True


def ensure_job() -> None:
    """One queued rewrite job is enough; a running one may already have passed the new
    rows, so a second is queued behind it (it finds nothing left when it had not)."""
    if not Job.objects.filter(name=JOB, state=JobState.QUEUED).exists():
        enqueue(JOB)


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def publish_one(host: str, address: str, outcome: Outcome) -> None:
    """Render ``address`` on ``host`` and write its file (unless it has this content
    already), or remove the file it had."""
    root = files.checked_root()
    rendered = render(host, address)
    if rendered.publishable:
        relative = relative_file(host, address, rendered.content_type)
        if files.write_if_changed(root, relative, rendered.content):
            outcome.written.append(str(relative))
        else:
            outcome.unchanged.append(str(relative))
        return
    for relative in possible_files(host, address):
        if files.remove(root, relative):
            outcome.removed.append(str(relative))


def possible_files(host: str, address: str):
    """Every file an address may have been written as (its type is unknown once gone)."""
    found = []
    for content_type in dict.fromkeys(EXTENSIONS):
        relative = relative_file(host, address, content_type)
        if relative not in found:
            found.append(relative)
    return found


def work_off(*, include_failed: bool = False, limit: int | None = None) -> Outcome:
    """Publish what is waiting, batch by batch, until nothing is left (or ``limit``)."""
    me = worker_id()
    outcome = Outcome()
    forget_local_reads()
    states = (
        [PendingState.PENDING, PendingState.FAILED] if include_failed else [PendingState.PENDING]
    )
    tried: set[int] = set()
    PendingFile.objects.filter(claimed_at__lt=timezone.now() - CLAIM_EXPIRES).update(
        claimed_by="", claimed_at=None
    )
    while limit is None or len(tried) < limit:
        expand(me)
        rows = list(
            PendingFile.objects.filter(state__in=states, claimed_by="")
            .exclude(pk__in=tried)
            .exclude(address__startswith=PAGE_MARK)
            .exclude(address__startswith=AGENCY_MARK)
            .order_by("requested_at", "pk")[:BATCH]
        )
        if not rows:
            break
        for row in rows:
            tried.add(row.pk)
            taken = PendingFile.objects.filter(pk=row.pk, claimed_by="").update(
                claimed_by=me, claimed_at=timezone.now()
            )
            if not taken:
                continue  # another run took it
            _publish_row(row, me, outcome)
    return outcome


def expand(me: str) -> int:
    """Turn the changed pages and agencies waiting into the addresses they affect."""
    markers = PendingFile.objects.filter(claimed_by="").filter(
        Q(address__startswith=PAGE_MARK) | Q(address__startswith=AGENCY_MARK)
    )
    count = 0
    for row in list(markers.order_by("pk")[:BATCH]):
        if not PendingFile.objects.filter(pk=row.pk, claimed_by="").update(
            claimed_by=me, claimed_at=timezone.now()
        ):
            continue
        request(targets_of_marker(row.address), with_job=False)
        mine = PendingFile.objects.filter(pk=row.pk, claimed_by=me)
        if not mine.filter(requested_at=row.requested_at).delete()[0]:
            mine.update(claimed_by="", claimed_at=None)  # changed again: expand once more
        count += 1
    return count


def targets_of_marker(address: str) -> list[Target]:
    if address.startswith(PAGE_MARK):
        page = Page.objects.filter(pk=int(address[len(PAGE_MARK) :])).first()
        return affected_targets(page.specific) if page is not None else []
    home = AgencyHomePage.objects.filter(agency_id=int(address[len(AGENCY_MARK) :])).first()
    return agency_targets(home) if home is not None else []


def _publish_row(row: PendingFile, me: str, outcome: Outcome) -> None:
    mine = PendingFile.objects.filter(pk=row.pk, claimed_by=me)
    try:
        publish_one(row.host, row.address, outcome)
    except Exception as exc:
        logger.warning("publishing %s%s failed: %s", row.host, row.address, type(exc).__name__)
        outcome.failed.append(f"{row.host}{row.address}")
        mine.update(
            state=PendingState.FAILED,
            attempts=row.attempts + 1,
            last_error=describe_error(exc),
            claimed_by="",
            claimed_at=None,
        )
        return
    # Asked again while it rendered: leave it for the next round, which renders the new state.
    if not mine.filter(requested_at=row.requested_at).delete()[0]:
        mine.update(claimed_by="", claimed_at=None)


def forget_before(moment) -> int:
    """Drop the rows a full rebuild started after has covered."""
    return PendingFile.objects.filter(requested_at__lt=moment, claimed_by="").delete()[0]
