"""The reply clock for an application for disclosure (依申请公开), Art. 30-35 of the Regulations.

Given the legal receipt date (Art. 31) and what happened to the application since — a
correction request and the corrected application (Art. 30), consultations (Art. 32, 34),
an extension (Art. 33 ¶2), a fee notice and its payment (国办函〔2020〕109号), an agency-set
date for an excessive request (Art. 35) — :func:`compute_clock` returns when the reply is
due and *why*: a list of steps the web app renders (receipt, stops, holidays and 调休 days
in the counted span, the extension).

The algorithm is the one of spec §5: walk forward from the start day by day; count a day
when it is a working day and lies in no stop; the due date is the day the count reaches
the limit. Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from gongkai.rules.calendar import (
    CHINA_TZ,
    DayKind,
    WorkdayCalendar,
    WorkdayResult,
)
from gongkai.rules.statute import Statute, StatuteError, StatutoryPeriod, statute_for

__all__ = [
    "ClockError",
    "ClockEvent",
    "ClockResult",
    "ClockSettings",
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
]


# --- the statutory numbers: data, chosen by the receipt date (gongkai.rules.statute) ---------

# Art. 33 ¶3: the time needed to consult third parties and other agencies is not counted.
CONSULTATION_EXCLUSION = "《政府信息公开条例》第三十三条第三款"
FEE_EXCLUSION = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
RECEIPT_CITATION = "《政府信息公开条例》第三十一条"
EXCESSIVE_REQUEST_CITATION = "《政府信息公开条例》第三十五条"


@dataclass(frozen=True)
class ClockSettings:
    """Rules the spec could not verify, kept as settings rather than hidden choices.

    ``fee_notice_stops_clock``: spec §8 — the interval from sending the fee notice until
    payment is "generally treated as not counted" in the reply period, but the clause could
    not be verified in the stored copies of 国办函〔2020〕109号; default: it stops the clock.

    ``receipt_day_counts``: spec §5 and §12 — the Regulations are silent on whether the day
    of receipt counts; following the general rule for periods (民法典 Art. 201) it does not.

    ``due_soon_working_days``: issue 4 — a case is "due soon" within 5 working days.
    """

    fee_notice_stops_clock: bool = True
    receipt_day_counts: bool = False
    due_soon_working_days: int = 5
    # None: the version in force on the receipt date (gongkai.rules.statute).
    statute: Statute | None = None


# --- input --------------------------------------------------------------------------------


class EventKind(StrEnum):
    CORRECTION_REQUESTED = "correction_requested"  # Art. 30 补正告知 sent
    CORRECTION_RECEIVED = "correction_received"  # corrected application received: restart
    CONSULTATION_STARTED = "consultation_started"  # Art. 32/34 letter sent
    CONSULTATION_ENDED = "consultation_ended"  # answer received
    EXTENSION = "extension"  # Art. 33 ¶2, approved and notified; needs working_days
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_NOTICE_RECEIVED = "fee_notice_received"  # optional: when the applicant got it
    FEE_PAID = "fee_paid"
    DEADLINE_SET = "deadline_set"  # Art. 35 agency-set reasonable date; needs until


# How an event is named to the staff who recorded it, in the errors of impossible dates.
EVENT_NAMES = {
    EventKind.CORRECTION_REQUESTED: "补正告知",
    EventKind.CORRECTION_RECEIVED: "收到补正材料",
    EventKind.CONSULTATION_STARTED: "征求第三方意见",
    EventKind.CONSULTATION_ENDED: "收到第三方意见",
    EventKind.EXTENSION: "延长答复期限",
    EventKind.FEE_NOTICE_SENT: "发出收费通知",
    EventKind.FEE_NOTICE_RECEIVED: "收到收费通知",
    EventKind.FEE_PAID: "缴纳费用",
    EventKind.DEADLINE_SET: "确定合理期限",
}


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    on: date
    working_days: int | None = None  # EXTENSION: the extension granted
    until: date | None = None  # DEADLINE_SET: the new date; CORRECTION_REQUESTED: the
    # reasonable period the agency gave for the correction (Art. 30), if recorded


class ClockError(ValueError):
    """The events cannot have happened as given (the law or their order forbids it)."""


# --- output -------------------------------------------------------------------------------


class StepKind(StrEnum):
    RECEIPT = "receipt"
    CORRECTION_DUE = "correction_due"
    CORRECTION_REQUESTED = "correction_requested"
    RESTART = "restart"
    CONSULTATION = "consultation"
    FEE = "fee"
    FEE_NOT_STOPPING = "fee_not_stopping"
    HOLIDAY = "holiday"
    ADJUSTED_WORKDAY = "adjusted_workday"
    WEEKENDS = "weekends"
    EXTENSION = "extension"
    EXTENSION_LATE = "extension_late"
    DEADLINE_SET = "deadline_set"
    PROVISIONAL = "provisional"
    DUE = "due"


@dataclass(frozen=True)
class ExplanationStep:
    """One line of a deadline's explanation; ``text`` is ready to show, the other fields let
    a template lay it out itself."""

    kind: StepKind
    start: date
    text: str
    end: date | None = None
    working_days: int | None = None
    name: str | None = None  # holiday name
    days: int | None = None  # calendar days skipped (holidays, weekends)
    citation: str = ""
    open: bool = False  # a stop still going on


class WaitingFor(StrEnum):
    CORRECTION = "correction"  # the clock restarts when the corrected application arrives
    FEE_PAYMENT = "fee_payment"  # the clock stands still until payment
    # No answer recorded yet: the due date shown assumes the pause lasts the whole answer
    # window, so it is the latest possible; an earlier answer brings it forward.
    CONSULTATION = "consultation"


@dataclass(frozen=True)
class ClockResult:
    received: date
    start: date | None  # the day the clock counts from; None while waiting for a correction
    reply_due: date | None  # None while the clock cannot run (see waiting_for)
    correction_due: date  # the 补正 notice must be sent by this day (Art. 30)
    correction_request_late: bool
    correction_reply_due: date | None  # the period the agency gave the applicant, if any
    fee_payment_due: date | None
    waiting_for: WaitingFor | None
    working_days_allowed: int  # 20, plus the extension applied
    working_days_counted: int  # counted up to the due date, or until the clock stopped
    extension_days: int
    missing_years: tuple[int, ...]
    steps: tuple[ExplanationStep, ...]
    warnings: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        """True when a year in the computation has no holiday schedule yet."""
        return bool(self.missing_years)


# --- computation --------------------------------------------------------------------------

_WEEKDAYS = "一二三四五六日"


def _zh(d: date) -> str:
    return f"{d.isoformat()}（星期{_WEEKDAYS[d.weekday()]}）"


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
        info = self.calendar.day_kind(day, provisional=self.provisional)
        if info.provisional:
            missing.add(day.year)
        return info.is_workday

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
                info = self.calendar.day_kind(d, provisional=self.provisional)
                if info.provisional:
                    walk.missing.add(d.year)
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


def _one(events: Sequence[ClockEvent], kind: EventKind, why: str) -> ClockEvent | None:
    found = [e for e in events if e.kind is kind]
    if len(found) > 1:
        raise ClockError(
            f"{EVENT_NAMES[kind]}只能记录一次，现有{len(found)}次 / "
            f"{kind} recorded {len(found)} times: {why}"
        )
    return found[0] if found else None


def _validate(received: date, events: Iterable[ClockEvent], statute: Statute) -> list[ClockEvent]:
    ordered = []
    for e in events:
        if not isinstance(e, ClockEvent):
            raise TypeError(f"expected ClockEvent, got {type(e).__name__}")
        if isinstance(e.on, datetime) or not isinstance(e.on, date):
            raise TypeError(f"{e.kind}: 'on' must be a datetime.date")
        if e.on < received:
            raise ClockError(
                f"{EVENT_NAMES[e.kind]}的日期 {e.on} 早于收到申请的日期 / "
                f"{e.kind} on {e.on} is before the application was received"
            )
        if e.kind is EventKind.EXTENSION:
            n = e.working_days
            if isinstance(n, bool) or not isinstance(n, int) or not n >= 1:
                raise ClockError(
                    "延长的工作日数应为正整数 / "
                    f"extension on {e.on}: working_days must be a positive integer"
                )
        if e.kind is EventKind.DEADLINE_SET and (e.until is None or e.until <= e.on):
            raise ClockError(
                f"第三十五条确定的合理期限应晚于 {e.on} / "
                f"Art. 35 deadline set on {e.on} needs a later 'until' date"
            )
        ordered.append(e)
    ordered.sort(key=lambda e: e.on)  # stable: same-day events keep the given order

    total = sum(e.working_days or 0 for e in ordered if e.kind is EventKind.EXTENSION)
    if total > statute.extension_max.working_days:
        raise ClockError(
            f"延长期限合计 {total} 个工作日，超过{statute.extension_max.citation}规定的"
            f" {statute.extension_max.working_days} 个工作日 / "
            f"extensions total {total} working days; {statute.extension_max.article} allows "
            f"at most {statute.extension_max.working_days}"
        )
    return ordered


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
    (``result.provisional``, ``result.missing_years``, a PROVISIONAL step).
    """
    settings = settings or ClockSettings()
    if isinstance(received, datetime) or not isinstance(received, date):
        raise TypeError("received must be a datetime.date (the legal receipt date, Art. 31)")
    try:
        statute = settings.statute or statute_for(received)
    except StatuteError as error:
        raise ClockError(str(error)) from error
    events = _validate(received, events, statute)
    clock = _Clock(calendar, settings, provisional)
    steps: list[ExplanationStep] = []
    warnings: list[str] = []

    steps.append(
        ExplanationStep(
            StepKind.RECEIPT,
            received,
            f"{_zh(received)} 收到申请"
            + ("，当日计入期限" if settings.receipt_day_counts else "，当日不计入期限"),
            citation=RECEIPT_CITATION,
        )
    )

    # Art. 30: one correction notice, within 7 working days of receipt; the reply period then
    # runs from the day the corrected application is received — a restart, not a pause.
    correction_due = clock.add_from_receipt(received, statute.correction_notice.working_days)
    steps.append(
        ExplanationStep(
            StepKind.CORRECTION_DUE,
            correction_due,
            f"如需补正，应于 {_zh(correction_due)} 前一次性告知申请人"
            f"（收到申请后 {statute.correction_notice.working_days} 个工作日内）",
            working_days=statute.correction_notice.working_days,
            citation=statute.correction_notice.citation,
        )
    )
    requested = _one(
        events, EventKind.CORRECTION_REQUESTED, "Art. 30 allows one notice (一次性告知)"
    )
    corrected = _one(events, EventKind.CORRECTION_RECEIVED, "Art. 30 allows one correction")
    late_request = False
    start: date | None = received
    if corrected and not requested:
        raise ClockError(
            f"未发出补正告知，不能记录 {corrected.on} 收到补正材料 / "
            f"corrected application received on {corrected.on} without a request"
        )
    if requested:
        late_request = requested.on > correction_due
        if late_request:
            warnings.append(
                f"补正告知于 {requested.on} 发出，晚于第三十条规定的 {correction_due} / "
                f"correction requested on {requested.on}, after the Art. 30 limit {correction_due}"
            )
        steps.append(
            ExplanationStep(
                StepKind.CORRECTION_REQUESTED,
                requested.on,
                f"{_zh(requested.on)} 发出补正告知"
                + (f"，补正期限至 {requested.until}" if requested.until else "")
                + ("（已超过法定 7 个工作日）" if late_request else ""),
                end=requested.until,
                citation=statute.correction_notice.citation,
            )
        )
        if corrected and corrected.on < requested.on:
            raise ClockError(
                f"收到补正材料的日期 {corrected.on} 早于补正告知 / "
                f"correction received on {corrected.on}, before it was requested"
            )
        start = corrected.on if corrected else None
        if corrected:
            steps.append(
                ExplanationStep(
                    StepKind.RESTART,
                    corrected.on,
                    f"{_zh(corrected.on)} 收到补正后的申请，答复期限自该日起重新计算",
                    citation=statute.correction_notice.citation,
                )
            )

    others = [
        e
        for e in events
        if e.kind not in (EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED)
    ]
    if start is None:
        if others:
            raise ClockError(
                f"申请等待补正期间不能记录{EVENT_NAMES[others[0].kind]}（{others[0].on}） / "
                f"{others[0].kind} on {others[0].on} while the application awaits correction"
            )
        return _result(
            clock,
            steps,
            warnings,
            received=received,
            start=None,
            reply_due=None,
            correction_due=correction_due,
            correction_request_late=late_request,
            correction_reply_due=requested.until if requested else None,
            fee_payment_due=None,
            waiting_for=WaitingFor.CORRECTION,
            working_days_allowed=statute.reply.working_days,
            working_days_counted=0,
            extension_days=0,
        )
    for e in others:
        if e.on < start:
            raise ClockError(
                f"{EVENT_NAMES[e.kind]}的日期 {e.on} 早于期限起算日 {start} / "
                f"{e.kind} on {e.on} precedes the clock's start on {start}"
            )

    stops = _consultation_stops(others, clock, statute, steps, warnings)
    fee_payment_due = _fee(others, clock, statute, settings, stops, steps, warnings)

    extensions = [e for e in others if e.kind is EventKind.EXTENSION]
    walk = clock.walk(start, statute.reply.working_days, stops, extensions)
    clock.missing |= walk.missing

    for stop in stops:
        _stop_step(stop, steps)
        if walk.due is not None and stop.start > walk.due:
            warnings.append(
                f"{stop.start} 开始的{'征求意见' if stop.kind is StepKind.CONSULTATION else '收费'}"
                f"晚于答复期限 {walk.due}，不延长期限 / the stop starting {stop.start} began "
                f"after the reply was due ({walk.due}) and does not extend it"
            )
    _calendar_steps(walk, start, steps)

    extension_days = 0
    for e in walk.extensions_applied:
        extension_days += e.working_days or 0
        steps.append(
            ExplanationStep(
                StepKind.EXTENSION,
                e.on,
                f"{_zh(e.on)} 经政府信息公开工作机构负责人同意并告知申请人，"
                f"延长答复期限 {e.working_days} 个工作日",
                working_days=e.working_days,
                citation=statute.extension_max.citation,
            )
        )
    for e in extensions:
        if e not in walk.extensions_applied:
            steps.append(
                ExplanationStep(
                    StepKind.EXTENSION_LATE,
                    e.on,
                    f"{_zh(e.on)} 的延期晚于原答复期限，不予计算",
                    working_days=e.working_days,
                    citation=statute.extension_max.citation,
                )
            )
            warnings.append(
                f"延期于 {e.on} 告知，晚于答复期限，未计入 / extension notified on {e.on}, "
                "after the deadline; not applied"
            )

    allowed = statute.reply.working_days + extension_days
    due = walk.due
    waiting: WaitingFor | None = None
    if walk.stopped_in is not None:
        waiting = WaitingFor.FEE_PAYMENT
    elif due is not None and any(s.awaiting_answer and s.start <= due for s in stops):
        waiting = WaitingFor.CONSULTATION
    if due is not None:
        steps.append(
            ExplanationStep(
                StepKind.DUE,
                due,
                f"答复期限：{_zh(due)}（共计 {allowed} 个工作日）",
                working_days=allowed,
                citation=statute.reply.citation,
            )
        )

    deadline_set = _one(others, EventKind.DEADLINE_SET, "Art. 35 sets one reasonable date")
    if deadline_set is not None:
        due = deadline_set.until
        steps.append(
            ExplanationStep(
                StepKind.DEADLINE_SET,
                deadline_set.on,
                f"{_zh(deadline_set.on)} 因申请数量、频次明显超过合理范围，"
                f"确定延迟答复的合理期限至 {deadline_set.until}，取代上述期限",
                end=deadline_set.until,
                citation=EXCESSIVE_REQUEST_CITATION,
            )
        )

    return _result(
        clock,
        steps,
        warnings,
        received=received,
        start=start,
        reply_due=due,
        correction_due=correction_due,
        correction_request_late=late_request,
        correction_reply_due=requested.until if requested else None,
        fee_payment_due=fee_payment_due,
        waiting_for=waiting,
        working_days_allowed=allowed,
        working_days_counted=walk.counted,
        extension_days=extension_days,
    )


def _consultation_stops(events, clock, statute, steps, warnings) -> list[_Stop]:
    # Art. 33 ¶3 excludes the time needed for consultation. Interpretation (spec §4): the
    # pause runs from the day the letter is sent to the day the answer arrives, both
    # included, or until the 15-working-day answer window (Art. 32, 34) closes without one.
    # The window is counted from the sending day, as the addressee's receipt day is not
    # recorded: this can only shorten the pause, never lengthen the applicant's wait.
    stops = []
    open_stop: _Stop | None = None
    window = statute.consultation_answer.working_days
    for e in events:
        if e.kind is EventKind.CONSULTATION_STARTED:
            if open_stop is not None:
                raise ClockError(
                    f"上一次征求意见尚未结束，不能于 {e.on} 再次征求意见 / "
                    f"consultation started on {e.on} while one is already open"
                )
            window_end = clock.add(e.on, window)
            open_stop = _Stop(
                StepKind.CONSULTATION,
                e.on,
                window_end,
                CONSULTATION_EXCLUSION,
                awaiting_answer=True,
                window_end=window_end,
            )
            stops.append(open_stop)
        elif e.kind is EventKind.CONSULTATION_ENDED:
            if open_stop is None:
                raise ClockError(
                    f"未开始征求意见，不能记录 {e.on} 收到第三方意见 / "
                    f"consultation ended on {e.on} without having started"
                )
            window_end = open_stop.window_end
            open_stop.awaiting_answer = False
            if e.on > window_end:
                open_stop.late_answer = e.on
                warnings.append(
                    f"征求意见答复于 {e.on} 收到，已超过 {window} 个工作日的答复期（{window_end}），"
                    f"停止计时至该期届满为止 / the answer of {e.on} came after the {window}-"
                    f"working-day window closed on {window_end}; the pause ends with the window"
                )
            else:
                open_stop.end = e.on
            open_stop = None
    return stops


def _fee(events, clock, statute, settings, stops, steps, warnings) -> date | None:
    sent = _one(events, EventKind.FEE_NOTICE_SENT, "one fee notice per application")
    got = _one(events, EventKind.FEE_NOTICE_RECEIVED, "one fee notice per application")
    paid = _one(events, EventKind.FEE_PAID, "one payment per fee notice")
    if sent is None:
        if got or paid:
            raise ClockError(
                "未发出收费通知，不能记录收到通知或缴费 / "
                "fee notice received or fee paid without a fee notice sent"
            )
        return None
    if got and got.on < sent.on:
        raise ClockError(
            f"收到收费通知的日期 {got.on} 早于发出日期 {sent.on} / "
            f"fee notice received on {got.on}, before it was sent on {sent.on}"
        )
    if paid and paid.on < sent.on:
        raise ClockError(
            f"缴费日期 {paid.on} 早于发出收费通知的日期 {sent.on} / "
            f"fee paid on {paid.on}, before the notice was sent on {sent.on}"
        )
    # The applicant has 20 working days from the day after receiving the notice; if that day
    # is not recorded, the sending day stands in (the two coincide for electronic delivery).
    payment_due = clock.add((got or sent).on, statute.fee_payment.working_days)
    if paid and paid.on > payment_due:
        warnings.append(
            f"信息处理费于 {paid.on} 缴纳，晚于缴费期限 {payment_due} / fee paid on {paid.on}, "
            f"after the payment deadline {payment_due}"
        )
    if settings.fee_notice_stops_clock:
        stops.append(_Stop(StepKind.FEE, sent.on, paid.on if paid else None, FEE_EXCLUSION))
    else:
        steps.append(
            ExplanationStep(
                StepKind.FEE_NOT_STOPPING,
                sent.on,
                f"{_zh(sent.on)} 发出收费通知；按本系统设置，收费期间不停止计时",
                end=paid.on if paid else None,
                citation=FEE_EXCLUSION,
            )
        )
    return payment_due


def _stop_step(stop: _Stop, steps: list[ExplanationStep]) -> None:
    what = (
        "征求第三方或其他机关意见" if stop.kind is StepKind.CONSULTATION else "收费通知发出至缴费"
    )
    if stop.end is None:
        text = f"{_zh(stop.start)} 起{what}，尚未缴费，停止计时"
    else:
        text = f"{_zh(stop.start)} 至 {_zh(stop.end)} {what}，其间 {stop.suspended} 个工作日不计入"
        if stop.awaiting_answer:
            text += "（尚未收到意见，至多停止至答复期届满）"
        elif stop.late_answer is not None:
            text += "（答复期届满未收到意见，停止至期满为止）"
    steps.append(
        ExplanationStep(
            stop.kind,
            stop.start,
            text,
            end=stop.end,
            working_days=stop.suspended,
            citation=stop.citation,
            open=stop.end is None or stop.awaiting_answer,
        )
    )


def _calendar_steps(walk: _Walk, start: date, steps: list[ExplanationStep]) -> None:
    runs: list[list] = []  # [name, first, last, days]
    for d, name in walk.holidays:
        if runs and runs[-1][0] == name and (d - runs[-1][2]).days == 1:
            runs[-1][2] = d
            runs[-1][3] += 1
        else:
            runs.append([name, d, d, 1])
    for name, first, last, days in runs:
        steps.append(
            ExplanationStep(
                StepKind.HOLIDAY,
                first,
                f"{_zh(first)} 至 {_zh(last)} {name}放假，{days} 天不计入",
                end=last,
                name=name,
                days=days,
            )
        )
    for d, name in walk.adjusted:
        steps.append(
            ExplanationStep(
                StepKind.ADJUSTED_WORKDAY,
                d,
                f"{_zh(d)} 为{name}调休上班日，计为工作日",
                working_days=1,
                name=name,
            )
        )
    if walk.weekends:
        # Weekends are summarised, not listed one by one; the step is dated at the start.
        steps.append(
            ExplanationStep(
                StepKind.WEEKENDS, start, f"其间周末 {walk.weekends} 天不计入", days=walk.weekends
            )
        )


def _result(
    clock: _Clock, steps: list[ExplanationStep], warnings: list[str], **fields
) -> ClockResult:
    missing = tuple(sorted(clock.missing))
    if missing:
        years = "、".join(str(y) for y in missing)
        steps.append(
            ExplanationStep(
                StepKind.PROVISIONAL,
                steps[0].start,
                f"{years} 年节假日安排尚未发布，涉及该年的日期暂按扣除周末和法定固定假日计算，发布后将重新计算",
            )
        )
    # A timeline: receipt first, dated steps in order, then the summaries and the result.
    order = {StepKind.RECEIPT: 0, StepKind.WEEKENDS: 2, StepKind.DUE: 3, StepKind.PROVISIONAL: 4}
    ordered = sorted(steps, key=lambda s: (order.get(s.kind, 1), s.start))
    return ClockResult(
        **fields, missing_years=missing, steps=tuple(ordered), warnings=tuple(warnings)
    )


# --- due soon / overdue ---------------------------------------------------------------------


class DeadlineState(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineStatus:
    state: DeadlineState
    # Working days from today to the due date (0 = due today); negative when overdue: the
    # working days elapsed since the due date.
    working_days_left: int
    missing_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)


def deadline_status(
    due: date,
    today: date,
    calendar: WorkdayCalendar,
    *,
    settings: ClockSettings | None = None,
    provisional: bool = False,
) -> DeadlineStatus:
    """Classify a deadline on ``today``: overdue once the due day has passed; due soon when
    it is at most ``due_soon_working_days`` (5) working days away, the due day included."""
    settings = settings or ClockSettings()
    if provisional:
        result = calendar.workdays_between(today, due, provisional=True)
        left, missing = result.count, result.missing_years
    else:
        left, missing = calendar.workdays_between(today, due), ()
    if today > due:
        state = DeadlineState.OVERDUE
    elif left <= settings.due_soon_working_days:
        state = DeadlineState.DUE_SOON
    else:
        state = DeadlineState.ON_TRACK
    return DeadlineStatus(state, left, missing)


def china_today() -> date:
    """Today's date in China, whatever the server's time zone (for deadline_status)."""
    return datetime.now(tz=CHINA_TZ).date()
