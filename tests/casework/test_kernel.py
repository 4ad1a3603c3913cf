"""The casework kernel: errors, locks, transitions, audit entries, notifications, codes."""

import itertools
from contextlib import suppress
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.casework import (
    ActionError,
    AuditNames,
    TransitionError,
    after_commit,
    audit,
    check_transition,
    locked,
    save_with_unique_code,
)
from gongkai.casework.auditlog import declared
from gongkai.interaction.models import Message, MessageState

pytestmark = pytest.mark.django_db

TABLE = {
    MessageState.RECEIVED: {MessageState.ASSIGNED, MessageState.ANSWERED},
    MessageState.ASSIGNED: {MessageState.ANSWERED},
    MessageState.ANSWERED: set(),
}
NAMES = AuditNames("casework_test", {"close": "关闭"}, legacy={"old.close": "关闭（旧）"})


@pytest.fixture(autouse=True)
def registered():
    NAMES.register(registry)  # what an app's register_log_actions hook does


# --- the error ---------------------------------------------------------------------------------


def test_an_action_error_reads_in_chinese_unless_english_is_chosen():
    error = ActionError("请填写理由", "Give a reason", code="reason_missing")
    assert str(error) == "请填写理由" and error.code == "reason_missing"
    with translation.override("en"):
        assert str(error) == "Give a reason"
    assert str(ActionError("只有中文")) == "只有中文"
    with translation.override("en"):
        assert str(ActionError("只有中文")) == "只有中文"  # no English given: the Chinese


def test_an_action_error_lists_its_details_after_its_message():
    error = ActionError("导入失败", details=["第2行：不是数字"])
    assert error.messages == ["导入失败", "第2行：不是数字"]
    assert isinstance(error, ValueError) and error.code == "refused"


# --- transitions -------------------------------------------------------------------------------


def test_a_listed_move_passes():
    check_transition(TABLE, MessageState.RECEIVED, MessageState.ASSIGNED)
    check_transition(TABLE, "assigned", "answered")  # stored values, not members


def test_a_move_not_in_the_table_is_refused_with_both_labels():
    with pytest.raises(TransitionError) as refused:
        check_transition(TABLE, "assigned", MessageState.RECEIVED)
    assert str(refused.value) == "当前状态为“已转办”，不能变为“已受理”"
    assert refused.value.code == "transition"
    with translation.override("en"):
        assert str(refused.value) == "The state “assigned” cannot change to “received”"


def test_a_final_state_and_an_unknown_state_lead_nowhere():
    with pytest.raises(TransitionError):
        check_transition(TABLE, "answered", "answered")
    with pytest.raises(TransitionError):
        check_transition(TABLE, "no_such_state", "answered")


def test_the_refusal_can_be_worded_by_the_app():
    with pytest.raises(TransitionError, match="^留言已答复$"):
        check_transition(TABLE, "answered", "assigned", message="留言已答复")


# --- locks -------------------------------------------------------------------------------------


def test_locked_reads_the_row_fresh_with_a_row_lock():
    agency = Agency.objects.get(slug="agency-a")
    Agency.objects.filter(pk=agency.pk).update(name="改名后的机关")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        row = locked(Agency, agency.pk)
    assert row.name == "改名后的机关" and agency.name != row.name
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite serialises writers
        assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_locked_loads_related_rows_in_the_same_query():
    message = _message("LY22222222")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        # department is nullable: an outer join, whose rows PostgreSQL will not lock
        row = locked(Message, message.pk, related=("agency", "department"))
        assert row.agency.slug == "agency-a" and row.department is None
    assert sum("SAVEPOINT" not in q["sql"] for q in queries.captured_queries) == 1


# --- the audit entry ---------------------------------------------------------------------------


def test_an_audit_entry_has_one_payload_shape():
    agency = Agency.objects.get(slug="agency-a")
    audit(
        agency,
        NAMES,
        "close",
        user=None,
        old_state=MessageState.RECEIVED,
        new_state=MessageState.ANSWERED,
        on=date(2026, 9, 21),
        amount=Decimal("10.50"),
        kinds=(MessageState.ASSIGNED,),
    )
    entry = ModelLogEntry.objects.for_instance(agency).get(action="gongkai.casework_test.close")
    assert entry.data == {
        "old_state": "received",
        "new_state": "answered",
        "data": {"on": "2026-09-21", "amount": "10.50", "kinds": ["assigned"]},
    }


def test_an_action_that_keeps_the_state_repeats_it():
    agency = Agency.objects.get(slug="agency-a")
    audit(agency, NAMES, "close", user=None, old_state="received")
    entry = ModelLogEntry.objects.for_instance(agency).get(action="gongkai.casework_test.close")
    assert (entry.data["old_state"], entry.data["new_state"], entry.data["data"]) == (
        "received",
        "received",
        {},
    )


def test_an_undeclared_action_name_is_refused():
    agency = Agency.objects.get(slug="agency-a")
    with pytest.raises(KeyError):
        audit(agency, NAMES, "reopen", user=None)
    assert not ModelLogEntry.objects.for_instance(agency).exists()


def test_every_declared_action_is_registered_so_the_history_shows_it():
    # Importing the hooks declares every app's names and registers them.
    registry.scan_for_actions()
    names = {n for n in declared() if not n.startswith("gongkai.casework_test.")}
    assert {"gongkai.applications.register", "gongkai.interaction.submit"} <= names
    assert {"gongkai.reports.publish"} <= names
    assert [n for n in names if not registry.action_exists(n)] == []
    # Entries written under the old names still render.
    for old in (
        "gongkai_applications.reply",
        "gongkai.message.received",
        "gongkai_reports.publish",
    ):
        assert registry.action_exists(old), old


# --- notifications after commit ----------------------------------------------------------------


def test_a_notification_is_sent_only_after_the_commit(django_capture_on_commit_callbacks):
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            after_commit(lambda: sent.append("mail"))
            assert sent == []
        assert sent == []  # the test's outer transaction has not committed yet
    assert sent == ["mail"]


def test_a_rolled_back_change_notifies_nobody(django_capture_on_commit_callbacks):
    sent = []
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        suppress(RuntimeError),
        transaction.atomic(),
    ):
        after_commit(lambda: sent.append("mail"))
        raise RuntimeError("the action failed after queueing its notice")
    assert callbacks == [] and sent == []


# --- tracking codes ----------------------------------------------------------------------------


def _message(code: str = "") -> Message:
    message = Message(
        agency=Agency.objects.get(slug="agency-a"),
        kind="inquiry",
        subject="公交卡",
        body="退卡",
        name="张三",
        phone="13812345678",
        received_at=timezone.now(),
        secret_hash="0" * 64,
        content_hash="c" * 64,
        due_on=date(2026, 10, 9),
    )
    if code:
        save_with_unique_code(message, "tracking_code", lambda: code)
    return message


def test_a_code_that_collides_is_drawn_again():
    _message("LYAAAAAAAA")
    draws = iter(["LYAAAAAAAA", "LYBBBBBBBB"])
    message = _message()
    save_with_unique_code(message, "tracking_code", lambda: next(draws))
    message.refresh_from_db()
    assert message.tracking_code == "LYBBBBBBBB"
    assert Message.objects.filter(tracking_code="LYAAAAAAAA").count() == 1


def test_codes_that_keep_colliding_end_in_a_clear_error():
    _message("LYAAAAAAAA")
    with pytest.raises(ActionError, match="无法生成查询码") as refused:
        save_with_unique_code(_message(), "tracking_code", itertools.repeat("LYAAAAAAAA").__next__)
    assert refused.value.code == "tracking_code"
    assert Message.objects.count() == 1


def test_another_constraint_is_not_mistaken_for_a_collision():
    message = _message()
    message.agency_id = None  # NOT NULL: no retry can help
    draws = iter(["LYCCCCCCCC", "LYDDDDDDDD"])
    with pytest.raises(IntegrityError):
        save_with_unique_code(message, "tracking_code", lambda: next(draws))
    assert next(draws) == "LYDDDDDDDD"  # drawn once only
