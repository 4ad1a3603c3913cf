"""``gongkai inspect``: issue 18's "done when" on a fresh site group, the JSON shape, the
exit codes and the arguments."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai import cli
from tests.agencies.conftest import migrated_only  # noqa: F401 - the fixture
from tests.agencies.test_sitegroup_import import run, write

pytestmark = pytest.mark.django_db


def gongkai(capsys, *args) -> tuple[int, str, str]:
    """Run ``gongkai <args>``; (exit status, stdout, stderr). Through ``call_command``: the
    command line's own dispatch closes the database connection at its end, which would end
    the test's transaction on PostgreSQL (``cli.main`` is run once, at a test's end, below)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue(), err.getvalue()


def test_a_fresh_site_group_is_unqualified_at_once(tmp_path, migrated_only, capsys):  # noqa: F811
    # A government and one of its departments, their departments and staff: no content.
    run("import", write(tmp_path / "in"))
    status, out, _err = gongkai(capsys, "inspect", "--json")
    assert status == 1
    document = json.loads(out)
    assert [a["slug"] for a in document["agencies"]] == ["xz-gov", "xz-transport"]
    for agency in document["agencies"]:
        assert agency["verdict"] == "不合格" and agency["score"] is None
        assert {"columns_not_updated", "homepage_not_updated"} <= set(agency["vetoes"])
        indicators = {i["id"]: i for i in agency["indicators"]}
        for veto in agency["vetoes"]:
            assert indicators[veto]["status"] == "veto"
            assert indicators[veto]["evidence"], veto
        assert indicators["site_unreachable"]["status"] == "not_measured"
        blank = [e for e in indicators["columns_not_updated"]["evidence"] if e["rule"] == "blank"]
        assert len(blank) >= 5 and all(e["kind"] == "column" and e["url"] for e in blank)
        home = indicators["homepage_not_updated"]["evidence"][0]
        assert home["url"] == f"/{agency['slug']}/" and home["newest_title"] is None
    # The plain text names each agency with its verdict.
    status, out, _err = gongkai(capsys, "inspect", "--agency", "xz-transport")
    assert status == 1
    assert "星子县交通运输局（xz-transport）：不合格" in out
    assert "首页不更新：否决" in out and "站点无法访问：未监测" in out


def test_the_json_names_the_instant_and_only_the_agencies_asked_for(capsys):
    status, out, _ = gongkai(
        capsys, "inspect", "--agency", "agency-b", "--agency", "agency-a",
        "--at", "2026-06-30T12:00", "--json",
    )  # fmt: skip
    document = json.loads(out)
    assert document["at"] == "2026-06-30T12:00:00+08:00"
    assert [a["slug"] for a in document["agencies"]] == ["agency-b", "agency-a"]
    assert status == 1


def test_a_zone_given_with_at_is_kept(capsys):
    _status, out, _ = gongkai(capsys, "inspect", "--agency", "agency-a", "--at",
                              "2026-06-30T04:00:00+00:00", "--json")  # fmt: skip
    assert json.loads(out)["at"] == "2026-06-30T12:00:00+08:00"


def test_an_unknown_slug_exits_2_in_chinese_and_english(capsys):
    status, _out, err = gongkai(capsys, "inspect", "--agency", "agency-a", "--agency", "nowhere")
    assert status == 2
    assert "未找到机关：nowhere" in err and "unknown agency: nowhere" in err


def test_the_command_line_dispatches_to_the_command_and_exits_2_on_a_bad_slug(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["gongkai", "inspect", "--agency", "nowhere"])
    assert exit_.value.code == 2
    assert "unknown agency: nowhere" in capsys.readouterr().err


def test_a_bad_instant_exits_2(capsys):
    status, _out, err = gongkai(capsys, "inspect", "--at", "yesterday")
    assert status == 2 and "--at must be an ISO date-time" in err


def test_retired_agencies_are_left_out_unless_named(capsys):
    from gongkai.agencies.models import Agency

    Agency.objects.filter(slug="agency-b").update(retired_on="2026-01-01")
    _status, out, _ = gongkai(capsys, "inspect", "--at", "2026-06-30T12:00", "--json")
    assert [a["slug"] for a in json.loads(out)["agencies"]] == ["agency-a"]
