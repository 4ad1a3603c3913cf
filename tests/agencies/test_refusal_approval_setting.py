"""The agency's setting 不予公开须经公开办负责人审批: off by default, set on the agency screen
(through the audited action) and by ``sitegroup import``, carried by ``sitegroup export``."""

import pytest
from wagtail.models import ModelLogEntry

from gongkai.agencies import sheets
from gongkai.agencies.models import Agency
from gongkai.agencies.policy import refusal_needs_head_approval
from tests.agencies.test_sitegroup_import import AGENCIES, failing, run, write

pytestmark = pytest.mark.django_db

HEADER = AGENCIES.splitlines()[0]
ROWS = AGENCIES.splitlines()[1:]


def agencies_with_flag(gov_flag, transport_flag):
    lines = [HEADER + ",head_approves_refusals"]
    lines.append(f"{ROWS[0]},{gov_flag}")
    lines.append(f"{ROWS[1]},{transport_flag}")
    return "\n".join(lines) + "\n"


def test_the_setting_is_off_by_default():
    agency = Agency.objects.get(slug="agency-a")
    assert agency.refusal_needs_head_approval is False
    assert refusal_needs_head_approval(agency) is False
    assert refusal_needs_head_approval(None) is False


def test_the_import_sets_it_and_a_file_without_the_column_leaves_it(tmp_path):
    run("import", write(tmp_path / "in", agencies=agencies_with_flag("否", "是")))
    transport = Agency.objects.get(slug="xz-transport")
    assert refusal_needs_head_approval(transport) is True
    assert refusal_needs_head_approval(Agency.objects.get(slug="xz-gov")) is False
    # The same file again changes nothing; an older file without the column keeps the setting.
    assert "无变化" in run("import", tmp_path / "in")
    assert "无变化" in run("import", write(tmp_path / "old"))
    assert Agency.objects.get(slug="xz-transport").refusal_needs_head_approval is True
    # Switching it off is a change of the agency, audited like any other.
    output = run("import", write(tmp_path / "off", agencies=agencies_with_flag("", "no")))
    assert "修改机关 xz-transport：refusal_needs_head_approval" in output
    assert Agency.objects.get(slug="xz-transport").refusal_needs_head_approval is False
    entry = ModelLogEntry.objects.filter(action="gongkai_agencies.change_agency").latest("pk")
    assert entry.data["new"] == {"refusal_needs_head_approval": False}


def test_a_value_that_is_not_yes_or_no_is_a_problem_naming_the_row(tmp_path):
    folder = write(tmp_path / "in", agencies=agencies_with_flag("是", "可能"))
    err = failing("import", folder)
    assert "agencies.csv:3: head_approves_refusals: 应填“是”或“否” / expected 是 or 否" in err
    assert not Agency.objects.filter(slug="xz-gov").exists()


def test_the_export_writes_it_and_round_trips(tmp_path, migrated_only):
    run("import", write(tmp_path / "in", agencies=agencies_with_flag("", "是")))
    run("export", tmp_path / "out.xlsx")
    rows = {row["slug"]: row for row in sheets.read(tmp_path / "out.xlsx").tables["agencies"].rows}
    assert rows["xz-transport"]["head_approves_refusals"] == "是"
    assert rows["xz-gov"]["head_approves_refusals"] == "否"
    assert "无变化" in run("import", tmp_path / "out.xlsx")


def test_the_agency_admin_sets_it_on_the_agency_screen(client, persona):
    agency = Agency.objects.get(slug="agency-a")
    persona(client, "admin_a")
    url = f"/admin/onboarding/{agency.pk}/"
    form = client.get(url).context["form"]
    assert "refusal_needs_head_approval" in form.fields
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and value is not False
    }
    data.update(step="agency", refusal_needs_head_approval="on")
    response = client.post(url, data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert refusal_needs_head_approval(agency) is True
    entry = ModelLogEntry.objects.filter(action="gongkai_agencies.change_agency").latest("pk")
    assert entry.user.username == "admin_a"
    assert entry.data["new"] == {"refusal_needs_head_approval": True}
