"""The holiday schedule's file format is declared once (SCHEDULE_SCHEMA) and the validator
reads it: every declared key is checked, with the path of the bad value."""

import copy

import pytest

from gongkai.rules.calendar import SCHEDULE_SCHEMA, ScheduleError, builtin_schedules, parse_schedule
from gongkai.rules.schedule import SCHEDULE_KEYS, Field


def base_2026():
    return copy.deepcopy(builtin_schedules()[2026].to_dict())


def problems_of(data):
    with pytest.raises(ScheduleError) as exc:
        parse_schedule(data)
    return exc.value.problems


def test_the_schema_declares_what_a_schedule_file_holds():
    data = base_2026()
    assert set(data) == SCHEDULE_KEYS
    for key, fields in SCHEDULE_SCHEMA.items():
        for entry in data[key]:
            assert set(entry) <= set(fields)
            # What the file format writes is what the schema declares, required keys always.
            assert {k for k, f in fields.items() if f.required} <= set(entry)


@pytest.mark.parametrize(
    ("key", "field"),
    [(key, name) for key, fields in SCHEDULE_SCHEMA.items() for name in fields],
)
def test_every_declared_key_is_validated_with_its_path(key, field):
    spec: Field = SCHEDULE_SCHEMA[key][field]
    data = base_2026()
    entry = data[key][0]
    entry[field] = 17  # the wrong type for every kind of field
    problems = problems_of(data)
    where = f"{key}[0]"
    if spec.kind == "date":
        assert any(
            p.startswith(where) and f".{field}: expected an ISO date string" in p for p in problems
        )
    else:
        assert any(
            p.startswith(where) and f"'{field}' must be a non-empty string" in p for p in problems
        )
    entry.pop(field)
    if spec.required:
        expected = (
            f".{field}: expected an ISO date" if spec.kind == "date" else f"missing '{field}'"
        )
        assert any(p.startswith(where) and expected in p for p in problems_of(data))
    else:
        parse_schedule(data)  # an optional key may be left out


def test_keys_the_schema_does_not_declare_are_refused_where_they_are():
    data = base_2026()
    data["holidays"][2]["days"] = 3
    data["adjusted_workdays"][0]["weekday"] = "Sunday"
    problems = problems_of(data)
    assert any(p.startswith("holidays[2] (") and "unknown key 'days'" in p for p in problems)
    assert any(
        p.startswith("adjusted_workdays[0]") and "unknown key 'weekday'" in p for p in problems
    )
    data = base_2026()
    data["holidays"] = {"name": "春节"}
    assert "'holidays' must be a list" in problems_of(data)
    data = base_2026()
    data["notices"].append("国办发明电〔2025〕7号")
    assert any(p.startswith("notices[1] must be an object") for p in problems_of(data))
