"""Views, staff views and hooks validate input and call actions; they never write records.

Every state change goes through a named action function (issue 14, STYLE.md practice 2),
where it is locked, checked and audited. This test reads the source of every view module
(``views.py``, ``views/``, ``staff*.py`` except forms) and hook module (``wagtail_hooks.py``)
of every app under ``src/gongkai`` and fails on a write.
"""

import re
from pathlib import Path

import gongkai

ROOT = Path(gongkai.__file__).parent
WRITE = re.compile(r"\.save\(|\.objects\.create\(|\.update\(|get_or_create\(|\.delete\(")

#: (module, the line as written, stripped) -> why it is not a view writing a record.
ALLOWED = {
    # Dicts, not records.
    ("agencies/staff_users.py", "self.initial.update("): "a form's initial values (a dict)",
}


def view_modules() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = path.name
        is_view = (
            name in ("views.py", "wagtail_hooks.py")
            or path.parent.name == "views"
            or (name.startswith("staff") and not name.endswith("forms.py"))
        )
        if is_view:
            found.append(path)
    return found


def writes_in(path: Path) -> list[tuple[str, int, str]]:
    module = path.relative_to(ROOT).as_posix()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if WRITE.search(code):
            found.append((module, number, line.strip()))
    return found


def test_the_scan_sees_the_view_and_hook_modules():
    modules = {p.relative_to(ROOT).as_posix() for p in view_modules()}
    assert {
        "applications/views.py",
        "applications/staff_case.py",
        "interaction/staff.py",
        "reports/views.py",
        "catalog/wagtail_hooks.py",
    } <= modules
    assert "applications/staff_forms.py" not in modules


def test_no_view_or_hook_writes_a_record():
    found = [
        f"{module}:{number}: {line}"
        for path in view_modules()
        for module, number, line in writes_in(path)
        if (module, line) not in ALLOWED
    ]
    assert found == []


def test_every_allowed_write_still_exists():
    # An entry whose line is gone would hide the next write that happens to match it.
    present = {(m, line) for path in view_modules() for m, _n, line in writes_in(path)}
    assert [entry for entry in ALLOWED if entry not in present] == []


def test_the_scan_catches_a_write(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def edit(request):\n"
        "    page.save()  # saves\n"
        "    Message.objects.create(subject='x')\n"
        "    Message.objects.filter(pk=1).update(state='answered')\n"
        "    # a comment mentioning .save( is fine\n",
        encoding="utf-8",
    )
    lines = [line for line in view.read_text().splitlines() if WRITE.search(line.split("#")[0])]
    assert len(lines) == 3
