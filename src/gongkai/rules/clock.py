"""The reply clock for an application for disclosure (依申请公开), Art. 30-35 of the Regulations.

Given the legal receipt date (Art. 31) and what happened to the application since — a
correction request and the corrected application (Art. 30), consultations (Art. 32, 34),
an extension (Art. 33 ¶2), a fee notice and its payment (国办函〔2020〕109号), an agency-set
date for an excessive request (Art. 35) — :func:`compute_clock` returns when the reply is
due and *why*: a list of steps (receipt, stops, holidays and 调休 days in the counted span,
the extension) and of problems, as codes with parameters. ``gongkai.rules.clock_text``
words them in Chinese or English; the types are in ``gongkai.rules.clock_model``.

The algorithm is the one of spec §5: walk forward from the start day by day; count a day
when it is a working day and lies in no stop; the due date is the day the count reaches
the limit. Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from gongkai.rules.calendar import DayKind, WorkdayCalendar, WorkdayResult
from gongkai.rules.clock_days import china_today, deadline_status, union_periods
from gongkai.rules.clock_model import (
    CONSULTATION_EXCLUSION,
    EXCESSIVE_REQUEST_CITATION,
    FEE_EXCLUSION,
    RECEIPT_CITATION,
    ClockError,
    ClockEvent,
    ClockProblem,
    ClockResult,
    ClockSettings,
    ConsultationPeriod,
    DeadlineState,
    DeadlineStatus,
    EventKind,
    ExplanationStep,
    StepKind,
    WaitingFor,
)
from gongkai.rules.statute import (
    Statute,
    StatuteError,
    StatutoryPeriod,
    statute_for,
    versions,
)

__all__ = [
    "CONSULTATION_EXCLUSION",
    "EXCESSIVE_REQUEST_CITATION",
    "FEE_EXCLUSION",
    "RECEIPT_CITATION",
    "ClockError",
    "ClockEvent",
    "ClockProblem",
    "ClockResult",
    "ClockSettings",
    "ConsultationPeriod",
    "DeadlineState",
    "DeadlineStatus",
    "EventKind",
    "ExplanationStep",
    "StatutoryPeriod",
    "Statute",
    "StatuteError",
    "StepKind",
    "WaitingFor",
    "china_today",
    "compute_clock",
    "deadline_status",
    "statute_for",
    "union_periods",
]


# --- computation --------------------------------------------------------------------------


@dataclass
class _Stop:
    kind: StepKind
    start: date
    end: date | None  # None: open-ended
    citation: str
    awaiting_answer: bool = False  # consultation with no answer recorded
    late_answer: date | None = None  # answer received after the window closed
    window_end: date | None = None  # consultation: last day of the answer window
    suspended: int = 0
    members: int = 0  # consultation: how many consultations the merged pause covers

    def covers(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


@dataclass
class _Walk:
    due: date | None = None
    counted: int = 0
    stopped_in: _Stop | None = None
    holidays: list[tuple[date, str]] = field(default_factory=list)
    adjusted: list[tuple[date, str]] = field(default_factory=list)
    weekends: int = 0
    extensions_applied: list[ClockEvent] = field(default_factory=list)
    missing: set[int] = field(default_factory=set)


class _Clock:
    def __init__(
        self,
        calendar: WorkdayCalendar,
        settings: ClockSettings,
        provisional: bool,
    ) -> None:
        self.calendar = calendar
        self.settings = settings
        self.provisional = provisional
        self.missing: set[int] = set()

    def add(self, start: date, n: int) -> date:
        if self.provisional:
            result: WorkdayResult = self.calendar.add_workdays(start, n, provisional=True)
            self.missing.update(result.missing_years)
            return result.date
        return self.calendar.add_workdays(start, n)

    def counts_first_day(self, day: date, missing: set[int]) -> bool:
        """Whether a period running from ``day`` counts ``day`` itself as its first working
        day: only with ``receipt_day_counts`` and on a working day. One rule for every
        period from receipt (reply, correction notice), so one setting moves them all."""
        if not self.settings.receipt_day_counts:
            return False
        return self.calendar.day_kind(day, provisional=self.provisional, missing=missing).is_workday

    def add_from_receipt(self, received: date, n: int) -> date:
        """The last day of a period of ``n`` working days from receipt (自收到申请之日起)."""
        if n > 0 and self.counts_first_day(received, self.missing):
            return received if n == 1 else self.add(received, n - 1)
        return self.add(received, n)

    def walk(self, start: date, limit: int, stops: list[_Stop], extensions: list[ClockEvent]):
        walk = _Walk()
        pending = sorted(extensions, key=lambda e: e.on)
        d = start
        if self.counts_first_day(d, walk.missing) and not any(s.covers(d) for s in stops):
            walk.counted = 1
        while True:
            while walk.counted < limit:
                d += timedelta(days=1)
                stop = next((s for s in stops if s.covers(d)), None)
                if stop is not None and stop.end is None:
                    # The clock stands still with the deadline not yet reached, so every
                    # extension recorded so far was notified in time.
                    walk.stopped_in = stop
                    walk.extensions_applied.extend(pending)
                    return walk
                info = self.calendar.day_kind(d, provisional=self.provisional, missing=walk.missing)
                if stop is not None:
                    stop.suspended += info.is_workday
                elif info.is_workday:
                    walk.counted += 1
                    if info.kind is DayKind.ADJUSTED_WORKDAY:
                        walk.adjusted.append((d, info.holiday or ""))
                elif info.kind is DayKind.HOLIDAY:
                    walk.holidays.append((d, info.holiday or ""))
                else:
                    walk.weekends += 1
            # An extension counts if notified by the deadline as it then stood (spec §5:
            # an extension after expiry cannot cure lateness).
            timely = [e for e in pending if e.on <= d]
            if not timely:
                walk.due = d
                return walk
            for e in timely:
                pending.remove(e)
                walk.extensions_applied.append(e)
                limit += e.working_days or 0


def _one(events: Sequence[ClockEvent], kind: EventKind) -> ClockEvent | None:
    found = [e for e in events if e.kind is kind]
    if len(found) > 1:
        raise ClockError("event_repeated", kind=kind, count=len(found))
    return found[0] if found else None


def _validate(received: date, events: Iterable[ClockEvent], statute: Statute) -> list[ClockEvent]:
    ordered = []
    for e in events:
        if not isinstance(e, ClockEvent):
            raise TypeError(f"expected ClockEvent, got {type(e).__name__}")
        if isinstance(e.on, datetime) or not isinstance(e.on, date):
            raise TypeError(f"{e.kind}: 'on' must be a datetime.date")
        if e.on < received:
            raise ClockError("event_before_receipt", kind=e.kind, on=e.on)
        if e.kind is EventKind.EXTENSION:
            n = e.working_days
            if isinstance(n, bool) or not isinstance(n, int) or not n >= 1:
                raise ClockError("extension_days_invalid", on=e.on)
        if e.kind is EventKind.DEADLINE_SET and (e.until is None or e.until <= e.on):
            raise ClockError("deadline_until_invalid", on=e.on)
        ordered.append(e)
    ordered.sort(key=lambda e: e.on)  # stable: same-day events keep the given order

    total = sum(e.working_days or 0 for e in ordered if e.kind is EventKind.EXTENSION)
    longest = statute.extension_max
    if total > longest.working_days:
        raise ClockError(
            "extensions_too_long",
            total=total,
            allowed=longest.working_days,
            citation=longest.citation,
            article=longest.article,
        )
    return ordered


def _statute(received: date, settings: ClockSettings) -> Statute:
    if settings.statute is not None:
        return settings.statute
    try:
        return statute_for(received)
    except StatuteError as error:
        try:
            first = versions()[0].effective
        except (StatuteError, IndexError):
            raise ClockError("statute_data", detail=str(error)) from error
        raise ClockError("before_statute", day=received, first=first) from error


@dataclass
class _Run:
    """One computation: what it reads and the steps and problems it collects."""

    received: date
    clock: _Clock
    statute: Statute
    settings: ClockSettings
    steps: list[ExplanationStep] = field(default_factory=list)
    warnings: list[ClockProblem] = field(default_factory=list)
    consultations: list[ConsultationPeriod] = field(default_factory=list)

    def step(self, kind: StepKind, start: date, **fields) -> None:
        self.steps.append(ExplanationStep(kind, start, **fields))

    def warn(self, code: str, **params) -> None:
        self.warnings.append(ClockProblem(code, **params))


def compute_clock(
    received: date,
    events: Iterable[ClockEvent],
    calendar: WorkdayCalendar,
    *,
    settings: ClockSettings | None = None,
    provisional: bool = False,
) -> ClockResult:
    """Compute the reply deadline of one application and explain it.

    ``received`` is the legal receipt date (Art. 31). Raises
    :class:`~gongkai.rules.calendar.MissingHolidayData` when a needed year has no schedule,
    unless ``provisional=True``: then such years count weekends only and the result says so
    (``result.provisional``, ``result.missing_years``, a PROVISIONAL step). Raises
    :class:`ClockError` (a code and its parameters) when the events cannot have happened.
    """
    settings = settings or ClockSettings()
    if isinstance(received, datetime) or not isinstance(received, date):
        raise TypeError("received must be a datetime.date (the legal receipt date, Art. 31)")
    statute = _statute(received, settings)
    events = _validate(received, events, statute)
    run = _Run(received, _Clock(calendar, settings, provisional), statute, settings)
    run.step(
        StepKind.RECEIPT,
        received,
        citation=RECEIPT_CITATION,
        note="day_counts" if settings.receipt_day_counts else "",
    )
    correction = _correction(run, events)
    requested = correction.requested
    base = {
        "received": received,
        "start": correction.start,
        "correction_due": correction.due,
        "correction_request_late": correction.late,
        "correction_reply_due": requested.until if requested else None,
    }
    others = [
        e
        for e in events
        if e.kind not in (EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED)
    ]
    if correction.start is None:
        if others:
            raise ClockError(
                "event_while_awaiting_correction", kind=others[0].kind, on=others[0].on
            )
        return _result(
            run,
            **base,
            reply_due=None,
            fee_payment_due=None,
            waiting_for=WaitingFor.CORRECTION,
            working_days_allowed=statute.reply.working_days,
            working_days_counted=0,
            extension_days=0,
        )
    return _run_clock(run, correction.start, others, base)


@dataclass
class _Correction:
    due: date  # the notice must be sent by then
    start: date | None  # the clock's start; None while the correction is awaited
    requested: ClockEvent | None = None
    late: bool = False


def _correction(run: _Run, events: list[ClockEvent]) -> _Correction:
    # Art. 30: one correction notice, within 7 working days of receipt; the reply period then
    # runs from the day the corrected application is received — a restart, not a pause.
    notice = run.statute.correction_notice
    due = run.clock.add_from_receipt(run.received, notice.working_days)
    run.step(
        StepKind.CORRECTION_DUE, due, working_days=notice.working_days, citation=notice.citation
    )
    requested = _one(events, EventKind.CORRECTION_REQUESTED)
    corrected = _one(events, EventKind.CORRECTION_RECEIVED)
    if corrected and not requested:
        raise ClockError("correction_without_request", on=corrected.on)
    if not requested:
        return _Correction(due, run.received)
    late = requested.on > due
    if late:
        run.warn("correction_request_late", on=requested.on, limit=due)
    run.step(
        StepKind.CORRECTION_REQUESTED,
        requested.on,
        end=requested.until,
        citation=notice.citation,
        note="late" if late else "",
    )
    if corrected and corrected.on < requested.on:
        raise ClockError("correction_before_request", on=corrected.on)
    if corrected:
        run.step(StepKind.RESTART, corrected.on, citation=notice.citation)
    return _Correction(due, corrected.on if corrected else None, requested, late)


def _run_clock(run: _Run, start: date, others: list[ClockEvent], base: dict) -> ClockResult:
    for e in others:
        if e.on < start:
            raise ClockError("event_before_start", kind=e.kind, on=e.on, start=start)
    clock, statute = run.clock, run.statute
    stops = _consultation_stops(run, others)
    fee_payment_due = _fee(run, others, stops)

    extensions = [e for e in others if e.kind is EventKind.EXTENSION]
    walk = clock.walk(start, statute.reply.working_days, stops, extensions)
    clock.missing |= walk.missing
    for stop in stops:
        _stop_step(run, stop)
        if walk.due is not None and stop.start > walk.due:
            run.warn("stop_after_due", start=stop.start, due=walk.due, stop=str(stop.kind))
    _calendar_steps(run, walk, start)
    extension_days = _extension_steps(run, walk, extensions)

    allowed = statute.reply.working_days + extension_days
    due = walk.due
    waiting: WaitingFor | None = None
    if walk.stopped_in is not None:
        waiting = WaitingFor.FEE_PAYMENT
    elif due is not None and any(s.awaiting_answer and s.start <= due for s in stops):
        waiting = WaitingFor.CONSULTATION
    if due is not None:
        run.step(StepKind.DUE, due, working_days=allowed, citation=statute.reply.citation)

    deadline_set = _one(others, EventKind.DEADLINE_SET)
    if deadline_set is not None:
        due = deadline_set.until
        run.step(
            StepKind.DEADLINE_SET,
            deadline_set.on,
            end=deadline_set.until,
            citation=EXCESSIVE_REQUEST_CITATION,
        )
    return _result(
        run,
        **base,
        reply_due=due,
        fee_payment_due=fee_payment_due,
        waiting_for=waiting,
        working_days_allowed=allowed,
        working_days_counted=walk.counted,
        extension_days=extension_days,
    )


def _extension_steps(run: _Run, walk: _Walk, extensions: list[ClockEvent]) -> int:
    citation = run.statute.extension_max.citation
    extension_days = 0
    for e in walk.extensions_applied:
        extension_days += e.working_days or 0
        run.step(StepKind.EXTENSION, e.on, working_days=e.working_days, citation=citation)
    for e in extensions:
        if e not in walk.extensions_applied:
            run.step(StepKind.EXTENSION_LATE, e.on, working_days=e.working_days, citation=citation)
            run.warn("extension_late", on=e.on)
    return extension_days


@dataclass
class _Consulting:
    ref: int | str | None
    start: date
    window_end: date
    answered_on: date | None = None


def _consultations(run: _Run, events: list[ClockEvent]) -> list[_Consulting]:
    """Pair each consultation's letter with its answer. Events with a ``ref`` pair by it, so
    several consultations may be open at once (Art. 32 third parties, Art. 34 agencies);
    without one, an answer closes the one consultation open before it."""
    found: list[_Consulting] = []
    by_ref: dict[int | str, _Consulting] = {}
    window = run.statute.consultation_answer.working_days
    for e in events:
        if e.kind is EventKind.CONSULTATION_STARTED:
            if e.ref is None:
                if any(c.answered_on is None and c.ref is None for c in found):
                    raise ClockError("consultation_already_open", on=e.on)
            elif e.ref in by_ref:
                raise ClockError("event_repeated", kind=e.kind, count=2)
            consulting = _Consulting(e.ref, e.on, run.clock.add(e.on, window))
            found.append(consulting)
            if e.ref is not None:
                by_ref[e.ref] = consulting
        elif e.kind is EventKind.CONSULTATION_ENDED:
            if e.ref is None:
                consulting = next(
                    (c for c in found if c.ref is None and c.answered_on is None), None
                )
            else:
                consulting = by_ref.get(e.ref)
            if consulting is None or consulting.answered_on is not None:
                raise ClockError("consultation_not_started", on=e.on)
            if e.on < consulting.start:
                raise ClockError("consultation_not_started", on=e.on)
            consulting.answered_on = e.on
            if e.on > consulting.window_end:
                run.warn(
                    "consultation_answer_late",
                    on=e.on,
                    window=window,
                    window_end=consulting.window_end,
                )
    return found


def _consultation_stops(run: _Run, events: list[ClockEvent]) -> list[_Stop]:
    # Art. 33 ¶3 excludes the time needed for consultation. Interpretation (spec §4): the
    # pause runs from the day the letter is sent to the day the answer arrives, both
    # included, or until the 15-working-day answer window (Art. 32, 34) closes without one.
    # The window is counted from the sending day, as the addressee's receipt day is not
    # recorded: this can only shorten the pause, never lengthen the applicant's wait.
    # Consultations running at the same time exclude the union of their periods: a day is
    # not counted if any consultation covers it, and is skipped once.
    consultations = _consultations(run, events)
    run.consultations = [
        ConsultationPeriod(
            c.ref,
            c.start,
            c.window_end,
            c.answered_on,
            min(c.answered_on, c.window_end) if c.answered_on else c.window_end,
        )
        for c in consultations
    ]
    stops = []
    for first, last in union_periods((p.start, p.end) for p in run.consultations):
        members = [p for p in run.consultations if first <= p.start and p.end <= last]
        late = [p.answered_on for p in members if p.answered_on and p.answered_on > p.window_end]
        stops.append(
            _Stop(
                StepKind.CONSULTATION,
                first,
                last,
                CONSULTATION_EXCLUSION,
                awaiting_answer=any(p.awaiting for p in members),
                late_answer=max(late) if late else None,
                window_end=max(p.window_end for p in members),
                members=len(members),
            )
        )
    return stops


def _fee(run: _Run, events: list[ClockEvent], stops: list[_Stop]) -> date | None:
    sent = _one(events, EventKind.FEE_NOTICE_SENT)
    got = _one(events, EventKind.FEE_NOTICE_RECEIVED)
    paid = _one(events, EventKind.FEE_PAID)
    if sent is None:
        if got or paid:
            raise ClockError("fee_without_notice")
        return None
    if got and got.on < sent.on:
        raise ClockError("fee_received_before_sent", on=got.on, sent=sent.on)
    if paid and paid.on < sent.on:
        raise ClockError("fee_paid_before_sent", on=paid.on, sent=sent.on)
    # The applicant has 20 working days from the day after receiving the notice; if that day
    # is not recorded, the sending day stands in (the two coincide for electronic delivery).
    payment_due = run.clock.add((got or sent).on, run.statute.fee_payment.working_days)
    if paid and paid.on > payment_due:
        run.warn("fee_paid_late", on=paid.on, due=payment_due)
    if run.settings.fee_notice_stops_clock:
        stops.append(_Stop(StepKind.FEE, sent.on, paid.on if paid else None, FEE_EXCLUSION))
    else:
        run.step(
            StepKind.FEE_NOT_STOPPING,
            sent.on,
            end=paid.on if paid else None,
            citation=FEE_EXCLUSION,
        )
    return payment_due


def _stop_step(run: _Run, stop: _Stop) -> None:
    note = ""
    if stop.end is not None and stop.awaiting_answer:
        note = "awaiting_answer"
    elif stop.end is not None and stop.late_answer is not None:
        note = "late_answer"
    run.step(
        stop.kind,
        stop.start,
        end=stop.end,
        working_days=stop.suspended,
        citation=stop.citation,
        open=stop.end is None or stop.awaiting_answer,
        note=note,
        count=stop.members,
    )


def _calendar_steps(run: _Run, walk: _Walk, start: date) -> None:
    runs: list[list] = []  # [name, first, last, days]
    for d, name in walk.holidays:
        if runs and runs[-1][0] == name and (d - runs[-1][2]).days == 1:
            runs[-1][2] = d
            runs[-1][3] += 1
        else:
            runs.append([name, d, d, 1])
    for name, first, last, days in runs:
        run.step(StepKind.HOLIDAY, first, end=last, name=name, days=days)
    for d, name in walk.adjusted:
        run.step(StepKind.ADJUSTED_WORKDAY, d, working_days=1, name=name)
    if walk.weekends:
        # Weekends are summarised, not listed one by one; the step is dated at the start.
        run.step(StepKind.WEEKENDS, start, days=walk.weekends)


def _result(run: _Run, **fields) -> ClockResult:
    missing = tuple(sorted(run.clock.missing))
    if missing:
        run.step(StepKind.PROVISIONAL, run.steps[0].start, years=missing)
    # A timeline: receipt first, dated steps in order, then the summaries and the result.
    order = {StepKind.RECEIPT: 0, StepKind.WEEKENDS: 2, StepKind.DUE: 3, StepKind.PROVISIONAL: 4}
    ordered = sorted(run.steps, key=lambda s: (order.get(s.kind, 1), s.start))
    return ClockResult(
        **fields,
        missing_years=missing,
        steps=tuple(ordered),
        warnings=tuple(run.warnings),
        consultations=tuple(run.consultations),
    )
