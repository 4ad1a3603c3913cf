"""Audit logs are kept at least 6 months (网络安全法 Art. 21): ``gongkai audit export`` writes
the entries older than a date to JSON lines, ``gongkai audit prune`` deletes exactly those
and refuses a date less than 183 days ago."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from gongkai.agencies.models import Agency
from gongkai.backups.management.commands.audit import Command
from gongkai.casework.models import CaseKind, PersonalDataAccess
from gongkai.catalog.models import ColumnPage

pytestmark = pytest.mark.django_db
OLD = datetime(2020, 3, 1, 2, tzinfo=UTC)
YOUNG = datetime(2020, 12, 15, 2, tzinfo=UTC)
TODAY = datetime(2021, 3, 1, 2, tzinfo=UTC)  # 183 days earlier: 2020-08-30


def entries_at(moment) -> dict[str, int]:
    """One entry of each audit table, written at ``moment``; their primary keys."""
    user = get_user_model().objects.get(username="officer_a")
    agency = Agency.objects.get(slug="agency-a")
    with time_machine.travel(moment, tick=False):
        page = ColumnPage.objects.filter(slug="work-news").first()
        return {
            "wagtailcore.pagelogentry": log(page, "wagtail.publish", user=user).pk,
            "wagtailcore.modellogentry": log(agency, "wagtail.edit", user=user).pk,
            "casework.personaldataaccess": PersonalDataAccess.objects.create(
                user=user,
                agency=agency,
                case_kind=CaseKind.APPLICATION,
                case_id=1,
                tracking_code="SQ2020000001",
            ).pk,
            "axes.accesslog": AccessLog.objects.create(
                username="officer_a", ip_address="10.1.1.1", user_agent="test"
            ).pk,
            "axes.accessfailurelog": AccessFailureLog.objects.create(
                username="officer_a", ip_address="10.1.1.1", user_agent="test"
            ).pk,
        }


MODELS = {
    "wagtailcore.pagelogentry": PageLogEntry,
    "wagtailcore.modellogentry": ModelLogEntry,
    "casework.personaldataaccess": PersonalDataAccess,
    "axes.accesslog": AccessLog,
    "axes.accessfailurelog": AccessFailureLog,
}


def exists(keys) -> dict[str, bool]:
    return {label: MODELS[label].objects.filter(pk=pk).exists() for label, pk in keys.items()}


def run(*args):
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("audit", *args, stdout=out)
    return out.getvalue()


def test_export_writes_the_older_entries_as_json_lines_with_a_checksum(tmp_path):
    old, young = entries_at(OLD), entries_at(YOUNG)
    target = tmp_path / "audit-2020.jsonl"
    output = run("export", "--before", "2020-06-01", str(target))
    assert "已导出 / exported 5" in output
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {(line["model"], line["pk"]) for line in lines} == set(old.items())
    access = next(line for line in lines if line["model"] == "casework.personaldataaccess")
    assert access["fields"]["tracking_code"] == "SQ2020000001"
    assert access["fields"]["accessed_at"].startswith("2020-03-01T02:00:00")
    checksum = (tmp_path / "audit-2020.jsonl.sha256").read_text().split()
    assert checksum[1] == "audit-2020.jsonl" and len(checksum[0]) == 64
    # Exporting changes nothing.
    assert all(exists(old).values()) and all(exists(young).values())
    with pytest.raises(CommandError, match="文件已存在"):
        run("export", "--before", "2020-06-01", str(target))


def test_prune_deletes_exactly_the_exported_entries(tmp_path):
    old, young = entries_at(OLD), entries_at(YOUNG)
    target = tmp_path / "audit.jsonl"
    run("export", "--before", "2020-06-01", str(target))
    # Written after the export (with an old date): not in the file, so kept.
    late = entries_at(datetime(2020, 3, 2, tzinfo=UTC))
    output = run("prune", "--before", "2020-06-01", "--exported", str(target))
    assert "已清理 / pruned 5" in output
    assert not any(exists(old).values())
    assert all(exists(late).values()) and all(exists(young).values())


def test_prune_refuses_a_date_less_than_six_months_ago(tmp_path, capsys, monkeypatch):
    young = entries_at(YOUNG)
    target = tmp_path / "audit.jsonl"
    run("export", "--before", "2021-01-01", str(target))
    with pytest.raises(CommandError) as refused:
        run("prune", "--before", "2020-08-31", "--exported", str(target))
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "网络安全法第二十一条" in message and "Art. 21" in message
    assert "2020-08-30" in message
    assert all(exists(young).values())
    # Through the command line as the operator runs it: exit status 2, the reason on stderr.
    # (run_from_argv closes the database connections when done; not the test's own.)
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with time_machine.travel(TODAY, tick=False), pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            ["gongkai", "audit", "prune", "--before", "2021-01-01", "--exported", str(target)]
        )
    assert exited.value.code == 2
    assert "6个月" in capsys.readouterr().err
    # The last day allowed is allowed.
    assert "pruned 0" in run("prune", "--before", "2020-08-30", "--exported", str(target))


def test_prune_refuses_an_export_that_does_not_match_its_checksum(tmp_path):
    old = entries_at(OLD)
    target = tmp_path / "audit.jsonl"
    run("export", "--before", "2020-06-01", str(target))
    original = target.read_text(encoding="utf-8")
    target.write_text(original.splitlines()[0] + "\n", encoding="utf-8")  # truncated
    with pytest.raises(CommandError, match="校验值不符") as refused:
        run("prune", "--before", "2020-06-01", "--exported", str(target))
    assert refused.value.returncode == 2
    assert all(exists(old).values())

    target.write_text(original, encoding="utf-8")
    checksum = (tmp_path / "audit.jsonl.sha256").read_text().split()[0]
    (tmp_path / "audit.jsonl.sha256").unlink()
    with pytest.raises(CommandError, match="--sha256"):
        run("prune", "--before", "2020-06-01", "--exported", str(target))
    run("prune", "--before", "2020-06-01", "--exported", str(target), "--sha256", checksum)
    assert not any(exists(old).values())


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday", "2020/06/01"])
def test_a_bad_date_is_a_clear_error(tmp_path, bad):
    with pytest.raises(CommandError, match="YYYY-MM-DD") as refused:
        run("export", "--before", bad, str(tmp_path / "x.jsonl"))
    assert refused.value.returncode == 2


def test_prune_without_an_export_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="找不到导出文件"):
        run("prune", "--before", "2020-06-01", "--exported", str(tmp_path / "none.jsonl"))
