"""The annual report's privacy check before publishing, run on the worker.

What a report publishes in words — each text section of its narrative and the 更正说明 — is
scanned as the privacy gate scans items (its tables are counts). The scan is the job
``reports.prepublication_check``, keyed by a digest of those texts: publishing asks for it
and is refused while it is pending ("正在检查…"); the report's page shows the check running
and its answer once the worker has given it. A check that failed counts as a finding a
person must clear, never as clean.
"""

from __future__ import annotations

import hashlib
import json

from gongkai.catalog.privacy_gate import NOT_FINISHED, GateFinding, text_findings
from gongkai.jobs.models import ACTIVE_STATES, Job
from gongkai.jobs.results import Outcome, awaited, outcome_of
from gongkai.reports.generate import report_format
from gongkai.reports.models import AnnualReport
from gongkai.reports.validate import text_sections

CHECK_JOB = "reports.prepublication_check"
NOTE_HEADING = "更正说明"


def published_texts(report: AnnualReport, correction_note: str = "") -> list[list[str]]:
    """[heading, text] of everything the report publishes in words."""
    fmt = report_format(report.year, report.format_id)
    texts = [[s.heading, report.narrative.get(s.id, "")] for s in text_sections(fmt)]
    return [*texts, [NOTE_HEADING, correction_note]]


def check_key(report: AnnualReport, correction_note: str = "") -> str:
    digest = hashlib.sha256(
        json.dumps(published_texts(report, correction_note), ensure_ascii=False).encode()
    ).hexdigest()
    return f"report-privacy:{report.pk}:{digest}"


def check_texts(report: int, correction_note: str, key: str):
    """The worker's job: the findings as rows, or None when the report's text has changed
    since it was asked (the new text gets its own check)."""
    found = AnnualReport.objects.get(pk=report)
    if check_key(found, correction_note) != key:
        return None
    return [
        [f.where, f.kind, f.masked]
        for heading, text in published_texts(found, correction_note)
        for f in text_findings(heading, text)
    ]


def ask(report: AnnualReport, correction_note: str = "") -> Outcome:
    """The check's outcome for the report's text as it is, queued if not yet asked."""
    key = check_key(report, correction_note)
    return awaited(CHECK_JOB, key, report=report.pk, correction_note=correction_note, key=key)


def findings(outcome: Outcome) -> list[GateFinding]:
    """The findings of a finished check (a failed one is a finding a person must clear)."""
    if outcome.failed:
        return [NOT_FINISHED]
    return [GateFinding(*row) for row in outcome.result or ()]


def checking(report: AnnualReport) -> bool:
    """Whether a check of this report waits for the worker (the report's page says so)."""
    return Job.objects.filter(
        name=CHECK_JOB, params__report=report.pk, state__in=ACTIVE_STATES
    ).exists()


def latest_outcome(report: AnnualReport) -> Outcome:
    """The outcome of the latest check of this report (pending when none was asked)."""
    job = Job.objects.filter(name=CHECK_JOB, params__report=report.pk).order_by("-pk").first()
    return outcome_of(job)
