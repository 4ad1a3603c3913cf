"""The shape of the code that docs/architecture.md promises, checked on the source.

The layers themselves are import-linter's (``make lint``); these catch what it cannot see:
an import moved into a function to hide a cycle, and a receiver that listens to every model.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "gongkai"

# (module, imported module) -> why it may stay inside a function. Neither hides a cycle: the
# pure commands answer before Django and the extraction package load (under 0.3 s).
ALLOWED = {
    ("cli.py", "gongkai"): "the command line starts Django only for the commands that need it",
    ("reportcheck/readers.py", "gongkai"): "gongkai.extract loads only when a file is read",
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" not in relative:
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _deferred_imports(tree):
    """(function name, imported module) of each import of a gongkai module in a function."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("gongkai"):
                yield node.name, inner.module
            elif isinstance(inner, ast.Import):
                for alias in inner.names:
                    if alias.name.startswith("gongkai"):
                        yield node.name, alias.name


def test_no_import_of_the_project_hides_in_a_function():
    found = [
        f"{module}: {function}() imports {imported}"
        for module, tree in _modules()
        for function, imported in _deferred_imports(tree)
        # AppConfig.ready is where Django wants receivers and registrations to load.
        if function != "ready" and (module, imported) not in ALLOWED
    ]
    assert found == []


def test_the_check_finds_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from gongkai.catalog.models import InfoItem\n")
    assert list(_deferred_imports(tree)) == [("f", "gongkai.catalog.models")]


MODEL_SIGNALS = {"pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"}


def _receivers_without_sender(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "receiver" and node.args:
            signal = node.args[0]
        elif name == "connect" and isinstance(node.func, ast.Attribute):
            signal = node.func.value
        else:
            continue
        signal_name = getattr(signal, "id", getattr(signal, "attr", ""))
        if signal_name in MODEL_SIGNALS and not any(k.arg == "sender" for k in node.keywords):
            yield signal_name, node.lineno


def test_model_signal_receivers_name_their_sender():
    found = [
        f"{path.relative_to(SRC)}:{line}: {signal} without a sender"
        for path in sorted(SRC.rglob("*.py"))
        for signal, line in _receivers_without_sender(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_check_finds_a_receiver_without_a_sender():
    tree = ast.parse("@receiver(post_delete)\ndef f(sender, **kw): pass\n")
    assert list(_receivers_without_sender(tree)) == [("post_delete", 1)]


def _posted_action_reads(tree):
    """Lines that read a field named ``action`` straight from ``request.POST``."""

    def is_post(node):
        return isinstance(node, ast.Attribute) and node.attr == "POST"

    def is_action(node):
        return isinstance(node, ast.Constant) and node.value == "action"

    def reads_action(node):
        if isinstance(node, ast.Subscript):
            return is_post(node.value) and is_action(node.slice)
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getlist", "pop")
            and is_post(node.func.value)
            and bool(node.args)
            and is_action(node.args[0])
        )

    for node in ast.walk(tree):
        if reads_action(node):
            yield node.lineno


def test_no_view_dispatches_on_a_posted_action_field():
    """Each action is its own Form posted to its own URL, not a branch on a free-form
    ``action`` string (STYLE.md: one Form per action)."""
    found = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        for line in _posted_action_reads(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_check_finds_a_posted_action_read():
    tree = ast.parse(
        'a = request.POST.get("action")\n'
        'b = request.POST["action"]\n'
        'c = self.request.POST.get("action", "")\n'
        'd = request.POST.get("actions")\n'
        'e = request.GET.get("action")\n'
    )
    assert list(_posted_action_reads(tree)) == [1, 2, 3]


# --- size (issue 14, STYLE.md): no module over 600 lines, no function over 80 ---------------

MODULE_LINES = 600
FUNCTION_LINES = 80


def _too_long(modules):
    for relative, tree in modules:
        lines = max((getattr(node, "end_lineno", 0) or 0) for node in ast.walk(tree))
        if lines > MODULE_LINES:
            yield f"{relative}: {lines} lines"
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    yield f"{relative}:{node.lineno} {node.name}(): {length} lines"


def test_no_module_over_600_lines_and_no_function_over_80():
    assert list(_too_long(_modules())) == []


def test_the_size_check_finds_a_long_function_and_a_long_module():
    body = "\n".join(f"    x{i} = {i}" for i in range(81))
    long_function = ast.parse(f"def f():\n{body}\n")
    long_module = ast.parse("\n".join(f"y{i} = {i}" for i in range(601)))
    found = list(_too_long([("f.py", long_function), ("m.py", long_module)]))
    assert found == ["f.py:1 f(): 82 lines", "m.py: 601 lines"]
