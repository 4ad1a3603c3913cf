"""What goes into the reply clock and what comes out: events, settings, steps, problems.

The computation is ``gongkai.rules.clock``; the words are ``gongkai.rules.clock_text``.
Steps and problems carry codes and parameters; their ``text`` (Chinese) and ``text(lang)``
ask the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from gongkai.rules import clock_text
from gongkai.rules.calendar import Provisional
from gongkai.rules.statute import Statute

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


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    on: date
    working_days: int | None = None  # EXTENSION: the extension granted
    until: date | None = None  # DEADLINE_SET: the new date; CORRECTION_REQUESTED: the
    # reasonable period the agency gave for the correction (Art. 30), if recorded
    # CONSULTATION_STARTED/ENDED: which consultation (several may run at once); None pairs
    # each answer with the one consultation open before it.
    ref: int | str | None = None


class ClockProblem:
    """Something wrong with a case's dates: a code (``clock_text.PROBLEM_CODES``) and its
    parameters. ``zh``/``en``/``text(lang)`` give the sentence; ``str()`` both, for logs."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params) -> None:
        if code not in clock_text.PROBLEM_CODES:
            raise ValueError(f"unknown clock problem {code!r}")
        self.code = code
        self.params = params

    def text(self, lang: str = "zh") -> str:
        return clock_text.problem_text(self.code, self.params, lang)

    @property
    def zh(self) -> str:
        return self.text("zh")

    @property
    def en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"

    def __contains__(self, words: str) -> bool:
        return words in self.zh or words in self.en

    def __eq__(self, other) -> bool:
        if not isinstance(other, ClockProblem):
            return NotImplemented
        return (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"ClockProblem({self.code!r}, {self.params!r})"


class ClockError(ValueError):
    """The events cannot have happened as given (the law or their order forbids it)."""

    def __init__(self, code: str, **params) -> None:
        self.problem = ClockProblem(code, **params)
        super().__init__(str(self.problem))

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def params(self) -> dict:
        return self.problem.params

    @property
    def zh(self) -> str:
        return self.problem.zh

    @property
    def en(self) -> str:
        return self.problem.en

    def text(self, lang: str = "zh") -> str:
        return self.problem.text(lang)


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
    """One line of a deadline's explanation, as data; ``text`` is its Chinese sentence and
    ``render(lang)`` its sentence in either language (``gongkai.rules.clock_text``)."""

    kind: StepKind
    start: date
    end: date | None = None
    working_days: int | None = None
    name: str | None = None  # holiday name
    days: int | None = None  # calendar days skipped (holidays, weekends)
    citation: str = ""
    open: bool = False  # a stop still going on
    # A variant of the step: "day_counts" (receipt), "late" (correction request),
    # "awaiting_answer" / "late_answer" (consultation).
    note: str = ""
    years: tuple[int, ...] = ()  # PROVISIONAL: the years without a holiday schedule
    count: int = 0  # CONSULTATION: how many consultations the (merged) pause covers

    @property
    def text(self) -> str:
        return clock_text.step_text(self, "zh")

    def render(self, lang: str = "zh") -> str:
        return clock_text.step_text(self, lang)


class WaitingFor(StrEnum):
    CORRECTION = "correction"  # the clock restarts when the corrected application arrives
    FEE_PAYMENT = "fee_payment"  # the clock stands still until payment
    # No answer recorded yet: the due date shown assumes the pause lasts the whole answer
    # window, so it is the latest possible; an earlier answer brings it forward.
    CONSULTATION = "consultation"


@dataclass(frozen=True)
class ConsultationPeriod:
    """One consultation as the clock sees it (Art. 32, 34; Art. 33 ¶3)."""

    ref: int | str | None
    start: date  # the letter was sent
    window_end: date  # the last day of the 15-working-day answer window
    answered_on: date | None  # None: no answer recorded
    end: date  # the last day excluded: the answer, or the window's end if none or later

    @property
    def awaiting(self) -> bool:
        return self.answered_on is None


@dataclass(frozen=True)
class ClockResult(Provisional):
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
    warnings: tuple[ClockProblem, ...] = field(default=())
    consultations: tuple[ConsultationPeriod, ...] = field(default=())


class DeadlineState(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineStatus(Provisional):
    state: DeadlineState
    # Working days from today to the due date (0 = due today); negative when overdue: the
    # working days elapsed since the due date.
    working_days_left: int
    missing_years: tuple[int, ...] = ()
