"""The 文号 prefix and the online channel for 行政复议: set by the agency's admin on the
agency screen, by ``sitegroup import`` (a file without the columns leaves them) and written by
``sitegroup export``; a prefix that is not characters, letters and digits is refused."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from gongkai.agencies import sheets
from gongkai.agencies.models import Agency
from gongkai.agencies.views import AdminAgencyForm
from tests.agencies.test_sitegroup_import import AGENCIES, failing, run, write

pytestmark = pytest.mark.django_db

HEADER = AGENCIES.splitlines()[0]
ROWS = AGENCIES.splitlines()[1:]


def agencies_with(prefix_gov, prefix_transport, channel=""):
    lines = [HEADER + ",document_prefix,reconsideration_online"]
    lines.append(f"{ROWS[0]},{prefix_gov},")
    lines.append(f"{ROWS[1]},{prefix_transport},{channel}")
    return "\n".join(lines) + "\n"


def agency_post(agency, **changes):
    data = {k: ("" if v is None else v) for k, v in model_to_dict(agency).items()}
    data = {k: data[k] for k in AdminAgencyForm._meta.fields}
    data.update(changes, step="agency")
    return data


def test_the_agency_admin_sets_the_prefix_and_the_online_channel(client, persona):
    persona(client, "admin_a")
    agency = Agency.objects.get(slug="agency-a")
    url = reverse("agencies_onboarding_detail", args=[agency.pk])
    page = client.get(url).content.decode()
    assert "依申请公开文书发文字号" in page and "网上申请行政复议渠道" in page
    response = client.post(
        url,
        agency_post(
            agency,
            document_prefix="甲交依",
            reconsideration_online_channel="江西省行政复议网上申请平台",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.document_prefix == "甲交依"
    assert agency.reconsideration_online_channel == "江西省行政复议网上申请平台"


def test_a_prefix_with_brackets_is_refused_on_the_screen(client, persona):
    persona(client, "admin_a")
    agency = Agency.objects.get(slug="agency-a")
    url = reverse("agencies_onboarding_detail", args=[agency.pk])
    response = client.post(url, agency_post(agency, document_prefix="甲交〔2026〕"))
    assert response.status_code == 200
    assert "发文字号前缀只能由汉字、字母和数字组成" in response.content.decode()
    assert Agency.objects.get(pk=agency.pk).document_prefix == "甲交依申"


def test_another_agencys_admin_cannot_set_it(client, persona):
    persona(client, "admin_a")
    other = Agency.objects.get(slug="agency-b")
    url = reverse("agencies_onboarding_detail", args=[other.pk])
    assert client.post(url, agency_post(other, document_prefix="改")).status_code == 404
    assert Agency.objects.get(pk=other.pk).document_prefix == "乙农依申"


def test_the_import_sets_them_and_a_file_without_the_columns_leaves_them(tmp_path):
    run("import", write(tmp_path / "in", agencies=agencies_with("星府依申", "星交依申", "网址")))
    transport = Agency.objects.get(slug="xz-transport")
    assert (transport.document_prefix, transport.reconsideration_online_channel) == (
        "星交依申",
        "网址",
    )
    assert "无变化" in run("import", write(tmp_path / "old"))
    assert Agency.objects.get(slug="xz-transport").document_prefix == "星交依申"


def test_a_bad_prefix_in_the_file_is_a_problem_naming_the_row(tmp_path):
    err = failing("import", write(tmp_path / "in", agencies=agencies_with("星府依申", "星交[1]")))
    assert "agencies.csv:3: document_prefix: 发文字号前缀只能由汉字、字母和数字组成" in err
    assert not Agency.objects.filter(slug="xz-gov").exists()


def test_the_export_writes_them(tmp_path, migrated_only):
    run("import", write(tmp_path / "in", agencies=agencies_with("星府依申", "星交依申", "网址")))
    run("export", tmp_path / "out.xlsx")
    rows = {row["slug"]: row for row in sheets.read(tmp_path / "out.xlsx").tables["agencies"].rows}
    assert rows["xz-transport"]["document_prefix"] == "星交依申"
    assert rows["xz-transport"]["reconsideration_online"] == "网址"
