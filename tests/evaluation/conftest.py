import pytest

from tests.evaluation.verdicts import fake_inspect

PLAN = {
    "agency-a": {"deductions": {"broken_links": 4}},
    "agency-b": {"vetoes": ("columns_not_updated",)},
}


@pytest.fixture
def inspected(monkeypatch):
    """The evaluation's and the dashboard's inspections follow PLAN."""
    from gongkai.evaluation import actions, evaluate
    from gongkai.supervision import inspection

    fake = fake_inspect(PLAN)
    for module in (evaluate, actions, inspection):
        monkeypatch.setattr(module, "inspect", fake)
    return fake
