"""The yearly evaluation scheme (考评方案) as data: reading and checking it.

A scheme is a JSON object (the default ships as ``data/scheme-default.json``)::

    {"name": …, "pass_mark": 60, "parts": [
        {"id": "national_inspection", "name": …, "weight": 40, "source": "inspection",
         "indicators": [{"id": "homepage_not_updated", "name": …, "veto": true},
                        {"id": "broken_links", "name": …, "max_deduction": 10}, …]},
        {"id": …, "name": …, "weight": 50, "indicators": [
            {"id": …, "name": …, "kind": "measured", "measure": "art26_timeliness", "weight": 10},
            {"id": …, "name": …, "kind": "manual", "weight": 10, "guidance": …}]}]}

The first part is the national inspection list: its indicators are the inspection's
(``gongkai.inspection``) by id, each a veto or a deduction capped at ``max_deduction``; the
part is worth ``weight`` × (100 − deductions) / 100. Every other indicator is worth its
``weight``: a measured one × the share its measure reports (0…1), a manual one as the
supervisor scores it (0…weight). The weights add up to 100. Plain Python: no Django.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).parent / "data" / "scheme-default.json"
INSPECTION = "inspection"
MEASURED, MANUAL = "measured", "manual"
TOTAL_WEIGHT = 100


class SchemeError(ValueError):
    """The scheme is not valid; ``problems`` lists every fault, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    kind: str  # "inspection" | "measured" | "manual"
    weight: float = 0.0  # measured and manual indicators
    veto: bool = False  # inspection indicators
    max_deduction: float = 0.0  # inspection indicators that are not vetoes
    measure: str = ""
    guidance: str = ""


@dataclass(frozen=True)
class Part:
    id: str
    name: str
    weight: float
    source: str  # "inspection" or ""
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Scheme:
    name: str
    pass_mark: float
    parts: tuple[Part, ...]
    note: str = ""
    data: dict = field(default_factory=dict, compare=False)

    @property
    def inspection(self) -> Part:
        return self.parts[0]

    def indicators(self, kind: str | None = None) -> list[Indicator]:
        return [i for part in self.parts for i in part.indicators if kind in (None, i.kind)]

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators():
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)


def _number(value, where: str, problems: list[str], *, low=0.0, high=float(TOTAL_WEIGHT)):
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        problems.append(f"{where}：须为 {low:g} 至 {high:g} 之间的数 / must be a number in range")
        return 0.0
    return float(value)


def _text(raw: dict, key: str, where: str, problems: list[str]) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}：缺少 {key} / {key} is missing")
        return ""
    return value.strip()


def _indicator(raw, where: str, inspection: bool, measures, problems) -> Indicator | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}：须为对象 / must be an object")
        return None
    ident, name = _text(raw, "id", where, problems), _text(raw, "name", where, problems)
    where = f"{where}（{ident}）"
    if inspection:
        veto = raw.get("veto") is True
        cap = 0.0 if veto else _number(raw.get("max_deduction"), f"{where} max_deduction", problems)
        return Indicator(ident, name, INSPECTION, veto=veto, max_deduction=cap)
    kind = raw.get("kind")
    weight = _number(raw.get("weight"), f"{where} weight", problems)
    if kind == MEASURED:
        measure = raw.get("measure", "")
        if measure not in measures:
            problems.append(f"{where}：未知的计算方法 {measure!r} / unknown measure")
        return Indicator(ident, name, MEASURED, weight=weight, measure=measure)
    if kind == MANUAL:
        return Indicator(ident, name, MANUAL, weight=weight, guidance=str(raw.get("guidance", "")))
    problems.append(f"{where}：kind 须为 measured 或 manual / kind must be measured or manual")
    return None


def _part(raw, index: int, measures, problems) -> Part | None:
    where = f"第{index + 1}部分"
    if not isinstance(raw, dict):
        problems.append(f"{where}：须为对象 / must be an object")
        return None
    ident, name = _text(raw, "id", where, problems), _text(raw, "name", where, problems)
    source = raw.get("source", "")
    if (index == 0) != (source == INSPECTION):
        problems.append(
            f"{where}：第一部分且仅第一部分为全国政府网站检查指标（source: inspection）"
            " / the first part, and only it, is the national inspection list"
        )
    items = raw.get("indicators")
    if not isinstance(items, list) or not items:
        problems.append(f"{where}：没有指标 / has no indicators")
        items = []
    indicators = [
        _indicator(item, f"{where}指标{n + 1}", source == INSPECTION, measures, problems)
        for n, item in enumerate(items)
    ]
    indicators = tuple(i for i in indicators if i is not None)
    if source == INSPECTION:
        weight = _number(raw.get("weight"), f"{where} weight", problems)
    else:
        weight = sum(i.weight for i in indicators)
        if "weight" in raw and abs(float(raw.get("weight") or 0) - weight) > 1e-9:
            problems.append(
                f"{where}：分值 {raw.get('weight')} 与指标分值之和 {weight:g} 不符"
                " / the part's weight is not the sum of its indicators'"
            )
    return Part(ident, name, weight, source, indicators)


def parse(data, measures) -> Scheme:
    """The scheme in ``data`` (a dict), checked against the known ``measures`` (names)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise SchemeError(["方案须为 JSON 对象 / the scheme must be a JSON object"])
    name = _text(data, "name", "方案", problems)
    pass_mark = _number(data.get("pass_mark"), "pass_mark", problems)
    raw_parts = data.get("parts")
    if not isinstance(raw_parts, list) or not raw_parts:
        raise SchemeError([*problems, "方案没有任何部分 / the scheme has no parts"])
    parts = [_part(raw, n, set(measures), problems) for n, raw in enumerate(raw_parts)]
    parts = tuple(p for p in parts if p is not None)
    ids = [p.id for p in parts] + [i.id for p in parts for i in p.indicators]
    for ident in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"编号 {ident} 重复 / id {ident} is used twice")
    total = sum(p.weight for p in parts)
    if abs(total - TOTAL_WEIGHT) > 1e-9:
        problems.append(f"各部分分值之和为 {total:g}，应为 100 / the weights add up to {total:g}")
    if problems:
        raise SchemeError(problems)
    return Scheme(name, pass_mark, parts, str(data.get("note", "")), data)


def loads(text: str, measures) -> Scheme:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemeError([f"不是有效的 JSON：{error} / not valid JSON"]) from None
    return parse(data, measures)


def default_data() -> dict:
    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
