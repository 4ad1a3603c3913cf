"""The periodic review of what is withheld (Art. 18), through HTTP: the list of each
agency's 依申请公开 and 不予公开 items with their reasons and last review, scoped to the
agency (supervisors see all), and the review recorded with CSRF through the action."""

from datetime import date

import pytest
from django.test import Client
from wagtail.models import PageLogEntry

from gongkai.casework import ActionError
from gongkai.catalog.actions import do_record_withholding_review
from gongkai.catalog.models import InfoItem, WithholdingReview
from tests.sitegroup import column

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/withheld/"


def draft(agency, title, mode, ground="", reason=""):
    item = InfoItem(
        title=title,
        generated_on=date(2024, 5, 6),
        summary="概述",
        disclosure_mode=mode,
        withheld_ground=ground,
        withheld_reason=reason,
        live=False,
    )
    column(agency, "notices").add_child(instance=item)
    return item


@pytest.fixture
def withheld():
    return {
        "minutes": draft("agency-a", "局务会议纪要", "withheld", "art16_process", "过程性信息"),
        "roster": draft("agency-a", "值班人员名单", "on_application", reason="涉及个人信息"),
        "b": draft("agency-b", "乙局内部请示", "withheld", "art16_internal", "内部事务"),
        "public": draft("agency-a", "主动公开的通知", "proactive"),
    }


def test_staff_see_their_agencys_withheld_items_with_reasons(client, persona, withheld):
    persona(client, "reviewer_a")
    html = client.get(URL).content.decode()
    assert "局务会议纪要" in html and "过程性信息（第十六条第二款）" in html
    assert "值班人员名单" in html and "涉及个人信息" in html and "依申请公开" in html
    assert "从未评估" in html
    assert "乙局内部请示" not in html and "主动公开的通知" not in html
    assert f"/admin/catalog/withheld/{withheld['minutes'].pk}/review/" in html


def test_supervisors_see_every_agency_but_record_nothing(client, persona, withheld):
    persona(client, "group_supervisor")
    html = client.get(URL).content.decode()
    assert "局务会议纪要" in html and "乙局内部请示" in html
    assert "/review/" not in html
    response = client.post(
        f"{URL}{withheld['b'].pk}/review/", {"reviewed_on": "2025-01-02", "conclusion": "keep"}
    )
    assert response.status_code == 404
    assert not WithholdingReview.objects.exists()


def test_an_outsider_gets_404_for_another_agencys_item(client, persona, withheld):
    persona(client, "reviewer_b")
    response = client.post(
        f"{URL}{withheld['minutes'].pk}/review/",
        {"reviewed_on": "2025-01-02", "conclusion": "keep"},
    )
    assert response.status_code == 404
    assert not WithholdingReview.objects.exists()


def test_an_editor_without_the_capability_may_not_record(client, persona, withheld):
    persona(client, "clerk_a")
    assert "/review/" not in client.get(URL).content.decode()
    response = client.post(
        f"{URL}{withheld['minutes'].pk}/review/",
        {"reviewed_on": "2025-01-02", "conclusion": "keep"},
    )
    assert response.status_code == 404


def test_recording_a_review_with_csrf_is_audited_and_shown(persona, withheld):
    browser = Client(enforce_csrf_checks=True)
    persona(browser, "officer_a")
    url = f"{URL}{withheld['minutes'].pk}/review/"
    data = {"reviewed_on": "2025-01-02", "conclusion": "disclosable", "note": "项目已完成"}
    assert browser.post(url, data).status_code == 403  # no CSRF token
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == URL
    review = WithholdingReview.objects.get()
    assert (review.item_id, str(review.reviewed_on), review.conclusion) == (
        withheld["minutes"].pk,
        "2025-01-02",
        "disclosable",
    )
    assert review.reviewed_by.username == "officer_a" and review.mode_reviewed == "withheld"
    entry = PageLogEntry.objects.get(action="gongkai.catalog.withholding_review")
    assert entry.page_id == withheld["minutes"].pk
    assert entry.data["old_state"] == "withheld"
    assert entry.data["data"]["conclusion"] == "disclosable"
    html = browser.get(URL).content.decode()
    assert "2025-01-02：情势变化，可以主动公开（项目已完成）" in html
    # Reviewed items move after the never-reviewed ones.
    table = html[html.index("<tbody>") :]
    assert table.index("值班人员名单") < table.index("局务会议纪要")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reviewed_on": "", "conclusion": "keep"}, "请填写评估审查日期"),
        ({"reviewed_on": "2099-01-01", "conclusion": "keep"}, "评估审查日期不能晚于今天"),
        ({"reviewed_on": "2025-01-02", "conclusion": "publish_now"}, "请选择评估结论"),
    ],
)
def test_bad_input_is_refused_in_chinese(client, persona, withheld, data, message):
    persona(client, "reviewer_a")
    response = client.post(f"{URL}{withheld['minutes'].pk}/review/", data, follow=True)
    assert message in response.content.decode()
    assert not WithholdingReview.objects.exists()


def test_the_action_refuses_proactive_items_and_earlier_dates(withheld, django_user_model):
    officer = django_user_model.objects.get(username="officer_a")
    with pytest.raises(ActionError, match="主动公开的信息不需要评估审查"):
        do_record_withholding_review(
            withheld["public"], reviewed_on=date(2025, 1, 2), conclusion="keep", acting_user=officer
        )
    do_record_withholding_review(
        withheld["roster"], reviewed_on=date(2025, 6, 1), conclusion="keep", acting_user=officer
    )
    with pytest.raises(ActionError, match="不能早于上次评估审查"):
        do_record_withholding_review(
            withheld["roster"], reviewed_on=date(2025, 5, 1), conclusion="keep", acting_user=officer
        )
    assert WithholdingReview.objects.count() == 1
