"""The evaluation through the HTTP layer: who sees what, manual scoring with evidence, the
scheme, audit."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.evaluation.models import EvaluationScheme, ManualScore

pytestmark = pytest.mark.django_db
PERIOD = "2026Q4"


def agency(slug):
    return Agency.objects.get(slug=slug)


def scores_url():
    return reverse("evaluation_scores") + f"?period={PERIOD}"


def detail_url(slug):
    return reverse("evaluation_agency", args=[agency(slug).pk]) + f"?period={PERIOD}"


def score_url(slug, indicator="policy_interpretation"):
    return reverse("evaluation_score", args=[agency(slug).pk, indicator]) + f"?period={PERIOD}"


def test_the_supervisor_sees_every_agency_ranked_with_vetoes_linked(client, persona, inspected):
    persona(client, "group_supervisor")
    page = client.get(scores_url()).content.decode()
    assert "甲市交通运输局" in page and "乙市农业农村局" in page
    # agency B's veto links to its evidence page
    evidence = reverse("supervision_evidence", args=[agency("agency-b").pk, "columns_not_updated"])
    assert evidence in page
    # every number of the table links to the agency's page
    assert detail_url("agency-a").replace("&", "&amp;") in page or detail_url("agency-a") in page
    assert page.index("甲市交通运输局") < page.index("乙市农业农村局")  # B has no score


def test_agency_staff_see_only_their_own_agency(client, persona, inspected):
    persona(client, "officer_a")
    page = client.get(scores_url()).content.decode()
    assert "甲市交通运输局" in page and "乙市农业农村局" not in page
    assert "自查" in page
    assert client.get(detail_url("agency-a")).status_code == 200
    assert client.get(detail_url("agency-b")).status_code == 404


def test_an_editor_has_no_evaluation(client, persona, inspected):
    persona(client, "clerk_a")
    assert client.get(scores_url()).status_code == 404


def test_agency_staff_cannot_score(client, persona, inspected):
    persona(client, "admin_a")
    response = client.post(
        score_url("agency-a"), {"points": "9", "reason": "自评", "evidence_text": "x"}
    )
    assert response.status_code == 404
    assert not ManualScore.objects.exists()


def test_the_supervisor_scores_with_a_file_and_the_score_is_audited(
    client, persona, inspected, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    persona(client, "group_supervisor")
    upload = SimpleUploadedFile(
        "解读材料.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"
    )
    response = client.post(
        score_url("agency-a"),
        {"points": "7.5", "reason": "解读及时、形式多样", "evidence_file": upload},
    )
    assert response.status_code == 302
    row = ManualScore.objects.get()
    assert (row.points, row.indicator, row.period) == (7.5, "policy_interpretation", PERIOD)
    assert row.evidence_file.name.startswith("evaluation/evidence/")
    assert len(row.evidence_file.name.split("/")[2]) == 16  # the random folder
    entry = ModelLogEntry.objects.get(action="gongkai.evaluation.score")
    assert entry.data["new_state"] == "7.50" and entry.data["old_state"] == ""
    assert entry.data["data"]["reason"] == "解读及时、形式多样"
    # a second score replaces the first; the audit keeps both
    client.post(
        score_url("agency-a"),
        {"points": "8", "reason": "复核", "evidence_url": "https://example.org/x"},
    )
    assert ManualScore.objects.get().points == 8
    second = ModelLogEntry.objects.filter(action="gongkai.evaluation.score").order_by("pk").last()
    assert (second.data["old_state"], second.data["new_state"]) == ("7.50", "8.00")
    # the total: inspection part 40 × 0.96 = 38.4; Art. 26, applications, messages 10 each
    # (nothing due in the quarter); the 2025 report unpublished past its deadline 0; manual
    # 8; 信息报送 nothing submitted in the quarter, 0 of 10: 76.4 of 100
    page = client.get(detail_url("agency-a")).content.decode()
    assert "复核" in page and "https://example.org/x" in page
    assert "<strong>76.40</strong>" in page
    # the file reaches the agency's own staff, not another agency's
    download = reverse("evaluation_evidence", args=[row.pk])
    persona(client, "officer_a")
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    persona(client, "officer_b")
    assert client.get(download).status_code == 404


def test_a_score_without_evidence_or_beyond_the_weight_is_refused(client, persona, inspected):
    persona(client, "group_supervisor")
    response = client.post(score_url("agency-a"), {"points": "5", "reason": "无佐证"}, follow=True)
    assert "请附佐证材料" in response.content.decode()
    response = client.post(
        score_url("agency-a"), {"points": "11", "reason": "r", "evidence_text": "t"}, follow=True
    )
    assert "0 至 10 分之间" in response.content.decode()
    response = client.post(
        score_url("agency-a", "art26_timeliness"),
        {"points": "5", "reason": "r", "evidence_text": "t"},
        follow=True,
    )
    assert "不能人工评分" in response.content.decode()
    assert not ManualScore.objects.exists()


def test_the_scheme_is_installed_and_edited_by_the_supervisor_only_and_audited(client, persona):
    url = reverse("evaluation_scheme", args=[2026])
    persona(client, "admin_a")
    assert client.get(url).status_code == 404
    persona(client, "group_supervisor")
    assert "启用默认方案" in client.get(url).content.decode()
    assert client.post(f"{url}install/").status_code == 302
    row = EvaluationScheme.objects.get(year=2026)
    assert row.data["parts"][0]["id"] == "national_inspection"
    assert ModelLogEntry.objects.filter(action="gongkai.evaluation.install_scheme").count() == 1
    # an invalid scheme is refused and changes nothing
    response = client.post(url, {"text": '{"name": "x", "pass_mark": 60, "parts": []}'})
    assert response.status_code == 400 and "没有任何部分" in response.content.decode()
    data = dict(row.data, pass_mark=70)
    assert client.post(url, {"text": json.dumps(data)}).status_code == 302
    row.refresh_from_db()
    assert row.data["pass_mark"] == 70
    entry = ModelLogEntry.objects.get(action="gongkai.evaluation.edit_scheme")
    assert entry.data["data"]["before"]["pass_mark"] == 60


def test_a_past_quarter_links_to_the_evidence_at_its_end(client, persona, inspected):
    persona(client, "group_supervisor")
    url = reverse("evaluation_agency", args=[agency("agency-a").pk]) + "?period=2026Q1"
    page = client.get(url).content.decode()
    evidence = reverse("supervision_evidence", args=[agency("agency-a").pk, "broken_links"])
    assert f"{evidence}?at=2026-03-31T23:59:59" in page
    # the agency's inspection part: 40 × (100 − 4) / 100
    assert "38.4" in page
