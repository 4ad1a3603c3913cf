"""The register's details (复议机关 or court, act, dates, detailed result, decision document)
and table 四 across years: a case filed in one year and decided in a later one is 尚未审结 in
the first year's table and counted again, with its result, in the year it was decided."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import do_reply
from gongkai.casework import ActionError
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.models import TABLE4_RESULT, Decision, Remedy, RemedyResult
from gongkai.disputes.reporting import t4_cells
from tests.applications.conftest import SHANGHAI, at
from tests.applications.stated import stated_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    field = Remedy._meta.get_field("decision_document")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


@pytest.fixture
def replied(register, officer):
    app = register(arrived=at(2024, 2, 1)).application
    do_reply(
        app,
        outcome="art16_2_process_info",
        **stated_for("art16_2_process_info"),
        text="属于过程性信息，不予公开。",
        replied_on=date(2024, 2, 20),
        acting_user=officer,
    )
    return app


def test_each_detailed_result_has_its_column_of_table_4():
    # Hand-written, not derived from the mapping: the act stands, is corrected, or other.
    assert {d.value: TABLE4_RESULT[d].value for d in Decision} == {
        "upheld": "upheld",
        "dismissed": "upheld",
        "revoked": "corrected",
        "confirmed_illegal": "corrected",
        "ordered_to_act": "corrected",
        "other": "other",
    }


def test_table_4_counts_across_three_years(replied, officer, agency_a):
    def case(kind, filed, decided=None, decision=None, **extra):
        remedy = do_record_remedy(replied, kind=kind, filed_on=filed, acting_user=officer, **extra)
        if decided:
            do_conclude_remedy(remedy, decision=decision, concluded_on=decided, acting_user=officer)
        return remedy

    a = case("review", date(2024, 3, 1), date(2024, 6, 1), "upheld")
    case("review", date(2024, 11, 1), date(2025, 2, 1), "confirmed_illegal")
    case("direct", date(2024, 12, 1), date(2026, 3, 1), "dismissed")
    case("direct", date(2025, 5, 1))
    case("after_review", date(2025, 12, 30), date(2025, 12, 31), "other", review=a)

    def nonzero(year):
        return {k.removeprefix("t4.count."): v for k, v in t4_cells(agency_a, year).items() if v}

    # Worked out by hand from the five cases above.
    assert nonzero(2024) == {
        "review_upheld": 1,
        "review_pending": 1,
        "review_total": 2,
        "direct_pending": 1,
        "direct_total": 1,
    }
    assert nonzero(2025) == {
        "review_corrected": 1,
        "review_total": 1,
        "direct_pending": 1,
        "direct_total": 1,
        "after_review_other": 1,
        "after_review_total": 1,
    }
    # The lawsuit filed in 2024 was pending through 2025 (in neither table of 2025) and is
    # counted, dismissed → 结果维持, in 2026's.
    assert nonzero(2026) == {"direct_upheld": 1, "direct_total": 1}
    assert nonzero(2023) == {}


def test_the_register_records_body_act_and_dates(replied, officer):
    remedy = do_record_remedy(
        replied,
        kind="review",
        applied_on=date(2024, 3, 1),
        filed_on=date(2024, 3, 5),
        body="九江市人民政府",
        challenged_act="2024年2月20日不予公开的答复",
        case_number="九府复〔2024〕3号",
        acting_user=officer,
    )
    remedy.refresh_from_db()
    assert (remedy.body, remedy.applied_on, remedy.filed_on) == (
        "九江市人民政府",
        date(2024, 3, 1),
        date(2024, 3, 5),
    )
    assert remedy.challenged_act == "2024年2月20日不予公开的答复"
    with pytest.raises(ActionError, match="不能晚于受理日期"):
        do_record_remedy(
            replied,
            kind="review",
            applied_on=date(2024, 3, 6),
            filed_on=date(2024, 3, 5),
            acting_user=officer,
        )
    with pytest.raises(ActionError, match="类型的取值“appeal”不在可选范围内"):
        do_record_remedy(replied, kind="appeal", filed_on=date(2024, 3, 5), acting_user=officer)
    today = time_machine.travel(datetime(2024, 3, 10, 10, tzinfo=SHANGHAI), tick=False)
    with today, pytest.raises(ActionError, match="受理日期不能晚于今天"):
        do_record_remedy(replied, kind="review", filed_on=date(2024, 3, 11), acting_user=officer)


def test_the_decision_document_is_kept_privately_and_checked(
    replied, officer, users, private_files
):
    remedy = do_record_remedy(
        replied, kind="review", filed_on=date(2024, 3, 5), acting_user=officer
    )
    fake = SimpleUploadedFile("决定书.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ActionError, match="文件内容与扩展名"):
        do_conclude_remedy(
            remedy, decision="revoked", concluded_on=date(2024, 5, 1), acting_user=officer,
            document=fake,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        do_conclude_remedy(
            remedy, decision="revoked", concluded_on=date(2024, 5, 1),
            acting_user=users["clerk_b"], document=SimpleUploadedFile("张三决定书.pdf", PDF),
        )  # fmt: skip
    assert list(private_files.rglob("*.pdf")) == []
    do_conclude_remedy(
        remedy,
        decision="revoked",
        concluded_on=date(2024, 5, 1),
        acting_user=officer,
        document=SimpleUploadedFile("张三决定书.pdf", PDF),
    )
    remedy.refresh_from_db()
    assert (remedy.decision, remedy.result) == (Decision.REVOKED, RemedyResult.CORRECTED)
    assert remedy.decision_document_name == "张三决定书.pdf"
    stored = list(private_files.rglob("*.pdf"))
    assert len(stored) == 1 and "张三" not in stored[0].name  # a random name, not the person's
    entry = ModelLogEntry.objects.for_instance(replied).filter(action__endswith="conclude_remedy")
    data = entry.get().data["data"]
    assert data == {
        "result": "corrected",
        "decision": "revoked",
        "concluded_on": "2024-05-01",
        "document": True,
    }
    assert "张三" not in str(data)


def test_the_decision_document_over_http_is_scoped(client, persona, replied, officer):
    remedy = do_record_remedy(
        replied, kind="review", filed_on=date(2024, 3, 5), acting_user=officer
    )
    persona(client, "officer_a")
    base = f"/admin/applications/{replied.pk}/"
    response = client.post(
        base + "do/conclude_remedy/",
        {
            "remedy": remedy.pk,
            "decision": "ordered_to_act",
            "concluded_on": "2024-06-01",
            "document": SimpleUploadedFile("决定.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "只能上传以下格式的文件" in response.content.decode()
    response = client.post(
        base + "do/conclude_remedy/",
        {
            "remedy": remedy.pk,
            "decision": "ordered_to_act",
            "concluded_on": "2024-06-01",
            "document": SimpleUploadedFile("决定.pdf", PDF),
        },
    )
    assert response.status_code == 302
    remedy.refresh_from_db()
    assert remedy.result == RemedyResult.CORRECTED
    url = f"{base}remedies/{remedy.pk}/document/"
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    persona(client, "officer_b")
    assert client.get(url).status_code == 404
    # CSRF: the admin's forms are checked
    csrf_client = client.__class__(enforce_csrf_checks=True)
    persona(csrf_client, "officer_a")
    refused = csrf_client.post(
        base + "do/conclude_remedy/", {"remedy": remedy.pk, "decision": "upheld"}
    )
    assert refused.status_code == 403
