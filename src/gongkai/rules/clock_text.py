"""The words of the reply clock (``gongkai.rules.clock``), in Chinese or English.

The clock computes steps and problems as codes with parameters; this module alone turns
them into sentences. It reads them by attribute and compares kinds as strings, so it
imports nothing from the clock.
"""

from __future__ import annotations

import re
from datetime import date

LANGUAGES = ("zh", "en")

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# How an event is named to the staff who recorded it.
EVENT_NAMES = {
    "correction_requested": ("补正告知", "correction request"),
    "correction_received": ("收到补正材料", "corrected application received"),
    "consultation_started": ("征求第三方意见", "consultation started"),
    "consultation_ended": ("收到第三方意见", "consultation answer received"),
    "extension": ("延长答复期限", "extension"),
    "fee_notice_sent": ("发出收费通知", "fee notice sent"),
    "fee_notice_received": ("收到收费通知", "fee notice received"),
    "fee_paid": ("缴纳费用", "fee paid"),
    "deadline_set": ("确定合理期限", "Art. 35 date set"),
}

# Why an event may be recorded only once (the English half of ``event_repeated``).
_ONCE_WHY = {
    "correction_requested": "Art. 30 allows one notice (一次性告知)",
    "correction_received": "Art. 30 allows one correction",
    "fee_notice_sent": "one fee notice per application",
    "fee_notice_received": "one fee notice per application",
    "fee_paid": "one payment per fee notice",
    "deadline_set": "Art. 35 sets one reasonable date",
}


def language(code: str | None) -> str:
    """``zh`` or ``en`` for a Django language code (``zh-hans``, ``en-us`` …)."""
    return "en" if code and code.lower().startswith("en") else "zh"


def day(d: date, lang: str = "zh") -> str:
    if lang == "en":
        return f"{d.isoformat()} ({_WEEKDAYS_EN[d.weekday()]})"
    return f"{d.isoformat()}（星期{_WEEKDAYS_ZH[d.weekday()]}）"


def event_name(kind: str, lang: str = "zh") -> str:
    zh, en = EVENT_NAMES[str(kind)]
    return en if lang == "en" else zh


# --- problems: the errors (ClockError) and warnings of a computation --------------------------


def problem_text(code: str, params: dict, lang: str = "zh") -> str:
    """The sentence for one problem; KeyError for an unknown code."""
    zh, en = _PROBLEMS[code](**params)
    return en if language(lang) == "en" else zh


def _event_repeated(kind, count):
    return (
        f"{event_name(kind)}只能记录一次，现有{count}次",
        f"{kind} recorded {count} times: {_ONCE_WHY.get(str(kind), 'one allowed')}",
    )


def _event_before_receipt(kind, on):
    return (
        f"{event_name(kind)}的日期 {on} 早于收到申请的日期",
        f"{kind} on {on} is before the application was received",
    )


def _extension_days_invalid(on):
    return (
        "延长的工作日数应为正整数",
        f"extension on {on}: working_days must be a positive integer",
    )


def _deadline_until_invalid(on):
    return (
        f"第三十五条确定的合理期限应晚于 {on}",
        f"Art. 35 deadline set on {on} needs a later 'until' date",
    )


def _extensions_too_long(total, allowed, citation, article):
    return (
        f"延长期限合计 {total} 个工作日，超过{citation}规定的 {allowed} 个工作日",
        f"extensions total {total} working days; {article} allows at most {allowed}",
    )


def _before_statute(day, first):
    return (
        f"{day} 早于系统收录的最早法定期限（{first} 起施行），无法计算期限",
        f"no statutory periods are recorded for {day}; the first version takes effect {first}",
    )


def _statute_data(detail):
    return (f"法定期限数据有误：{detail}", f"the statute data is malformed: {detail}")


def _correction_without_request(on):
    return (
        f"未发出补正告知，不能记录 {on} 收到补正材料",
        f"corrected application received on {on} without a request",
    )


def _correction_before_request(on):
    return (
        f"收到补正材料的日期 {on} 早于补正告知",
        f"correction received on {on}, before it was requested",
    )


def _event_while_awaiting_correction(kind, on):
    return (
        f"申请等待补正期间不能记录{event_name(kind)}（{on}）",
        f"{kind} on {on} while the application awaits correction",
    )


def _event_before_start(kind, on, start):
    return (
        f"{event_name(kind)}的日期 {on} 早于期限起算日 {start}",
        f"{kind} on {on} precedes the clock's start on {start}",
    )


def _consultation_already_open(on):
    return (
        f"上一次征求意见尚未结束，不能于 {on} 再次征求意见",
        f"consultation started on {on} while one is already open",
    )


def _consultation_not_started(on):
    return (
        f"未开始征求意见，不能记录 {on} 收到第三方意见",
        f"consultation ended on {on} without having started",
    )


def _fee_without_notice():
    return (
        "未发出收费通知，不能记录收到通知或缴费",
        "fee notice received or fee paid without a fee notice sent",
    )


def _fee_received_before_sent(on, sent):
    return (
        f"收到收费通知的日期 {on} 早于发出日期 {sent}",
        f"fee notice received on {on}, before it was sent on {sent}",
    )


def _fee_paid_before_sent(on, sent):
    return (
        f"缴费日期 {on} 早于发出收费通知的日期 {sent}",
        f"fee paid on {on}, before the notice was sent on {sent}",
    )


# Warnings: the computation goes on, but something was late.


def _correction_request_late(on, limit):
    return (
        f"补正告知于 {on} 发出，晚于第三十条规定的 {limit}",
        f"correction requested on {on}, after the Art. 30 limit {limit}",
    )


def _stop_after_due(start, due, stop):
    what = "征求意见" if stop == "consultation" else "收费"
    return (
        f"{start} 开始的{what}晚于答复期限 {due}，不延长期限",
        f"the stop starting {start} began after the reply was due ({due}) and does not extend it",
    )


def _extension_late(on):
    return (
        f"延期于 {on} 告知，晚于答复期限，未计入",
        f"extension notified on {on}, after the deadline; not applied",
    )


def _consultation_answer_late(on, window, window_end):
    return (
        f"征求意见答复于 {on} 收到，已超过 {window} 个工作日的答复期（{window_end}），"
        "停止计时至该期届满为止",
        f"the answer of {on} came after the {window}-working-day window closed on "
        f"{window_end}; the pause ends with the window",
    )


def _fee_paid_late(on, due):
    return (
        f"信息处理费于 {on} 缴纳，晚于缴费期限 {due}",
        f"fee paid on {on}, after the payment deadline {due}",
    )


_PROBLEMS = {
    "event_repeated": _event_repeated,
    "event_before_receipt": _event_before_receipt,
    "extension_days_invalid": _extension_days_invalid,
    "deadline_until_invalid": _deadline_until_invalid,
    "extensions_too_long": _extensions_too_long,
    "before_statute": _before_statute,
    "statute_data": _statute_data,
    "correction_without_request": _correction_without_request,
    "correction_before_request": _correction_before_request,
    "event_while_awaiting_correction": _event_while_awaiting_correction,
    "event_before_start": _event_before_start,
    "consultation_already_open": _consultation_already_open,
    "consultation_not_started": _consultation_not_started,
    "fee_without_notice": _fee_without_notice,
    "fee_received_before_sent": _fee_received_before_sent,
    "fee_paid_before_sent": _fee_paid_before_sent,
    "correction_request_late": _correction_request_late,
    "stop_after_due": _stop_after_due,
    "extension_late": _extension_late,
    "consultation_answer_late": _consultation_answer_late,
    "fee_paid_late": _fee_paid_late,
}
PROBLEM_CODES = frozenset(_PROBLEMS)


# --- steps: the explanation of a deadline ----------------------------------------------------


def step_text(step, lang: str = "zh") -> str:
    """The sentence for one explanation step (``gongkai.rules.clock.ExplanationStep``)."""
    lang = language(lang)
    zh, en = _STEPS[str(step.kind)](step, lang)
    return en if lang == "en" else zh


def _receipt(s, lang):
    counts = s.note == "day_counts"
    return (
        f"{day(s.start)} 收到申请" + ("，当日计入期限" if counts else "，当日不计入期限"),
        f"{day(s.start, lang)} application received; "
        + ("that day counts" if counts else "that day does not count"),
    )


def _correction_due(s, lang):
    return (
        f"如需补正，应于 {day(s.start)} 前一次性告知申请人"
        f"（收到申请后 {s.working_days} 个工作日内）",
        f"any correction must be requested, all at once, by {day(s.start, lang)} "
        f"(within {s.working_days} working days of receipt)",
    )


def _correction_requested(s, lang):
    late = s.note == "late"
    return (
        f"{day(s.start)} 发出补正告知"
        + (f"，补正期限至 {s.end}" if s.end else "")
        + ("（已超过法定 7 个工作日）" if late else ""),
        f"{day(s.start, lang)} correction requested"
        + (f", to be made by {s.end}" if s.end else "")
        + (" (after the statutory 7 working days)" if late else ""),
    )


def _restart(s, lang):
    return (
        f"{day(s.start)} 收到补正后的申请，答复期限自该日起重新计算",
        f"{day(s.start, lang)} corrected application received; the reply period starts again",
    )


def _stop(s, lang):
    consultation = str(s.kind) == "consultation"
    what = "征求第三方或其他机关意见" if consultation else "收费通知发出至缴费"
    what_en = "consultation of third parties or other agencies" if consultation else "fee notice"
    if s.end is None:
        return (
            f"{day(s.start)} 起{what}，尚未缴费，停止计时",
            f"from {day(s.start, lang)}: {what_en}, not paid yet; the clock stands still",
        )
    zh = f"{day(s.start)} 至 {day(s.end)} {what}，其间 {s.working_days} 个工作日不计入"
    en = (
        f"{day(s.start, lang)} to {day(s.end, lang)}: {what_en}; "
        f"{s.working_days} working days not counted"
    )
    if getattr(s, "count", 0) > 1:
        zh += f"（{s.count} 项征求意见期间重叠或相接，合并计算，每日只扣除一次）"
        en += f" ({s.count} consultations overlapping or adjoining: each day excluded once)"
    if s.note == "awaiting_answer":
        zh += "（尚未收到意见，至多停止至答复期届满）"
        en += " (no answer yet: at most until the answer window closes)"
    elif s.note == "late_answer":
        zh += "（答复期届满未收到意见，停止至期满为止）"
        en += " (no answer within the window: paused until it closed)"
    return zh, en


def _fee_not_stopping(s, lang):
    return (
        f"{day(s.start)} 发出收费通知；按本系统设置，收费期间不停止计时",
        f"{day(s.start, lang)} fee notice sent; as configured, the clock keeps running",
    )


def _holiday(s, lang):
    return (
        f"{day(s.start)} 至 {day(s.end)} {s.name}放假，{s.days} 天不计入",
        f"{day(s.start, lang)} to {day(s.end, lang)} {s.name} holiday: {s.days} days not counted",
    )


def _adjusted_workday(s, lang):
    return (
        f"{day(s.start)} 为{s.name}调休上班日，计为工作日",
        f"{day(s.start, lang)} is a working day adjusted for {s.name}; it counts",
    )


def _weekends(s, lang):
    return (f"其间周末 {s.days} 天不计入", f"{s.days} weekend days not counted")


def _extension(s, lang):
    return (
        f"{day(s.start)} 经政府信息公开工作机构负责人同意并告知申请人，"
        f"延长答复期限 {s.working_days} 个工作日",
        f"{day(s.start, lang)} extended by {s.working_days} working days, approved by the "
        "head of the disclosure office and notified to the applicant",
    )


def _extension_late_step(s, lang):
    return (
        f"{day(s.start)} 的延期晚于原答复期限，不予计算",
        f"the extension of {day(s.start, lang)} came after the reply was due; not counted",
    )


def _deadline_set(s, lang):
    return (
        f"{day(s.start)} 因申请数量、频次明显超过合理范围，"
        f"确定延迟答复的合理期限至 {s.end}，取代上述期限",
        f"{day(s.start, lang)} the requests clearly exceed a reasonable range: a reasonable "
        f"date of {s.end} replaces the period above",
    )


def _provisional(s, lang):
    years = "、".join(str(y) for y in s.years)
    return (
        f"{years} 年节假日安排尚未发布，涉及该年的日期暂按扣除周末和法定固定假日计算，发布后将重新计算",
        f"the holiday schedule of {', '.join(str(y) for y in s.years)} is not published yet: "
        "those dates count weekends and fixed statutory holidays only, and will be recomputed",
    )


def _due(s, lang):
    return (
        f"答复期限：{day(s.start)}（共计 {s.working_days} 个工作日）",
        f"reply due: {day(s.start, lang)} ({s.working_days} working days in all)",
    )


_STEPS = {
    "receipt": _receipt,
    "correction_due": _correction_due,
    "correction_requested": _correction_requested,
    "restart": _restart,
    "consultation": _stop,
    "fee": _stop,
    "fee_not_stopping": _fee_not_stopping,
    "holiday": _holiday,
    "adjusted_workday": _adjusted_workday,
    "weekends": _weekends,
    "extension": _extension,
    "extension_late": _extension_late_step,
    "deadline_set": _deadline_set,
    "provisional": _provisional,
    "due": _due,
}


# --- citations ----------------------------------------------------------------------------------

_NUMERALS = "零一二三四五六七八九"
_DOCUMENTS_EN = {
    "《政府信息公开条例》": "Regulations",
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）": "Fee Measures (Guobanhan [2020] No. 109)",
}


def _number(numeral: str) -> int:
    """一 … 九十九 as a number (the articles of the Regulations)."""
    tens, _sep, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _NUMERALS.index(numeral)
    return (_NUMERALS.index(tens) if tens else 1) * 10 + (_NUMERALS.index(units) if units else 0)


def citation_text(citation: str, lang: str = "zh") -> str:
    """A citation of the statute data in the reader's language: "《政府信息公开条例》第三十三条
    第二款" → "Regulations Art. 33 ¶2"; the Chinese citation as it is otherwise."""
    if language(lang) != "en" or not citation:
        return citation
    text = citation
    for zh, en in _DOCUMENTS_EN.items():
        text = text.replace(zh, f"{en} ")
    text = re.sub(r"第([零一二三四五六七八九十]+)条", lambda m: f"Art. {_number(m[1])}", text)
    text = re.sub(r"第([零一二三四五六七八九十]+)款", lambda m: f" ¶{_number(m[1])}", text)
    text = re.sub(r"第([零一二三四五六七八九十]+)项", lambda m: f"({_number(m[1])})", text)
    return text.replace("、", ", ").replace("和", " and ").strip()
