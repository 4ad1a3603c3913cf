"""The procedure through the case page: parallel consultations, the Art. 35 date, 更正, the
late confirmation flag; each with CSRF, the outsider's 404, the audit entry, and the
applicant's timeline (which never names a third party)."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import ACTION_PREFIX
from gongkai.applications.models import Application, State
from gongkai.applications.views import SESSION_KEY
from gongkai.rules.clock import EventKind
from tests.applications.conftest import SHANGHAI, at, d

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 20, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(app, action=""):
    return f"/admin/applications/{app.pk}/" + (f"do/{action}/" if action else "")


def act(client, app, action, data):
    response = client.post(url(app, action), data)
    return response, Application.objects.get(pk=app.pk)


def audited(app, action) -> int:
    return ModelLogEntry.objects.for_instance(app).filter(action=ACTION_PREFIX + action).count()


def refused(response, text) -> bool:
    return response.status_code == 200 and text in response.content.decode()


def applicant_page(app) -> str:
    client = Client()
    session = client.session
    session[SESSION_KEY] = app.pk
    session.save()
    response = client.get("/applications/track/case/")
    assert response.status_code == 200
    return response.content.decode()


def consult(client, app, name, kind="third_party", on="2026-10-12"):
    data = {"party_kind": kind, "party_name": name, "party_contact": "滨湖北路88号", "on": on}
    return act(client, app, "start_consultation", {**data, "matter": "是否同意公开"})


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application  # due Mon 2026-10-26


def test_two_consultations_through_the_case_page(client, persona, case):
    persona(client, "officer_a")
    response, app = consult(client, case, "庐山市某客运有限公司")
    assert response.status_code == 302 and app.state == State.CONSULTING
    response, app = consult(client, app, "九江市交通运输局", kind="agency", on="2026-10-13")
    assert response.status_code == 302 and audited(app, "start_consultation") == 2
    page = client.get(url(app)).content.decode()
    assert "庐山市某客运有限公司" in page and "九江市交通运输局" in page
    assert "2 项征求意见期间重叠或相接" in page
    third, agency = app.consultations.order_by("pk")
    # A result for a consultation of another case is not among the choices.
    response, app = act(
        client,
        app,
        "end_consultation",
        {"consultation": 999999, "result": "agrees", "on": "2026-10-14"},
    )
    assert response.status_code == 200 and app.state == State.CONSULTING
    response, app = act(
        client, app, "end_consultation",
        {"consultation": third.pk, "result": "objects", "on": "2026-10-14", "note": "商业秘密"},
    )  # fmt: skip
    assert response.status_code == 302 and app.state == State.CONSULTING
    response, app = act(
        client, app, "end_consultation",
        {"consultation": agency.pk, "result": "agrees", "on": "2026-10-15"},
    )  # fmt: skip
    assert response.status_code == 302 and app.state == State.PROCESSING
    # Union 12-15 Oct: 4 working days; the 20th counted day is Fri 30 Oct.
    assert app.reply_due == d(2026, 10, 30)
    public = applicant_page(app)
    assert (
        "征求第三方意见（第三十二条）" in public and "征求其他行政机关意见（第三十四条）" in public
    )
    assert "不同意公开" in public
    # The applicant sees the kind of party, never a third party's name or address.
    assert "庐山市某客运有限公司" not in public and "滨湖北路88号" not in public


def test_a_third_partys_silence_cannot_be_recorded_as_consent_over_http(client, persona, case):
    persona(client, "officer_a")
    _response, app = consult(client, case, "某公司", on="2026-09-22")
    third = app.consultations.get()
    response, app = act(
        client, app, "end_consultation", {"consultation": third.pk, "result": "deemed_consent"}
    )
    assert refused(response, "不视为同意（第三十二条）") and app.state == State.CONSULTING


def test_art35_date_over_http(client, persona, case):
    persona(client, "officer_a")
    response, app = act(
        client, case, "set_deadline", {"on": "2026-10-20", "until": "2026-10-23", "reason": "多"}
    )
    assert refused(response, "应晚于依第三十三条计算的答复期限（2026-10-26）")
    response, app = act(
        client, app, "set_deadline",
        {"on": "2026-10-20", "until": "2026-11-30", "reason": "申请 300 份文件"},
    )  # fmt: skip
    assert response.status_code == 302 and app.reply_due == d(2026, 11, 30)
    assert audited(app, "set_deadline") == 1
    assert "另行确定为 2026-11-30" in applicant_page(app)
    assert "set_deadline" not in client.get(url(app)).content.decode().split("办理记录")[0]


def test_correcting_a_step_date_over_http_shows_in_both_timelines(client, persona, case, users):
    persona(client, "officer_a")
    _response, app = consult(client, case, "某公司", on="2026-10-12")
    third = app.consultations.get()
    _response, app = act(
        client,
        app,
        "end_consultation",
        {"consultation": third.pk, "result": "agrees", "on": "2026-10-15"},
    )
    # 12-15 Oct paused: the 20th counted day is Fri 30 Oct.
    assert app.reply_due == d(2026, 10, 30)
    event = app.clock_events.get(kind=EventKind.CONSULTATION_STARTED)
    response, app = act(
        client, app, "correct_step_date", {"event": event.pk, "new_on": "2026-10-14", "reason": ""}
    )
    assert refused(response, "更正理由") and event.corrections.count() == 0
    response, app = act(
        client, app, "correct_step_date",
        {"event": event.pk, "new_on": "2026-10-14", "reason": "以邮寄凭证日期为准"},
    )  # fmt: skip
    assert response.status_code == 302 and audited(app, "correct_step_date") == 1
    # Only 14-15 Oct paused now: Wed 28 Oct.
    assert app.reply_due == d(2026, 10, 28)
    page = client.get(url(app)).content.decode()
    assert "以邮寄凭证日期为准" in page and "2026-10-12" in page
    public = applicant_page(app)
    assert "由 2026-10-12 更正为 2026-10-14" in public
    assert "2026 年 10 月 14 日" in public or "2026-10-14" in public


def test_the_outsider_gets_404_and_csrf_is_enforced(client, persona, case):
    persona(client, "officer_b")
    response = client.post(
        url(case, "start_consultation"),
        {"party_kind": "third_party", "party_name": "x", "matter": "x", "on": "2026-10-12"},
    )
    assert response.status_code == 404
    strict = Client(enforce_csrf_checks=True)
    persona(strict, "officer_a")
    response = strict.post(
        url(case, "set_deadline"), {"on": "2026-10-20", "until": "2026-11-30", "reason": "x"}
    )
    assert response.status_code == 403
    assert not case.clock_events.exists() and not case.consultations.exists()


def test_the_supervisor_reads_but_is_offered_no_correction(client, persona, case):
    persona(client, "officer_a")
    consult(client, case, "某公司")
    persona(client, "group_supervisor")
    page = client.get(url(case)).content.decode()
    assert "某公司" in page and 'id="action-correct_step_date"' not in page
    event = case.clock_events.get()
    response = client.post(
        url(case, "correct_step_date"), {"event": event.pk, "new_on": "2026-10-13", "reason": "x"}
    )
    assert response.status_code == 404
    assert case.clock_events.get().on == d(2026, 10, 12)


def test_a_late_ordinary_letter_is_flagged_on_the_case_and_in_the_list(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 16), channel="ordinary_letter").application
    response, app = act(client, app, "confirm_receipt", {"confirmed_on": "2026-10-19"})
    assert refused(response, "请填写未当日确认的原因") and app.state == State.AWAITING_CONFIRMATION
    response, app = act(
        client,
        app,
        "confirm_receipt",
        {"confirmed_on": "2026-10-19", "late_reason": "收发室未及时转交"},
    )
    assert response.status_code == 302 and app.confirmed_late
    page = client.get(url(app)).content.decode()
    assert 'id="confirmed-late"' in page and "收发室未及时转交" in page
    listing = client.get("/admin/applications/").content.decode()
    assert "confirmed-late" in listing


def test_the_extension_form_records_the_approval_date(client, persona, case, users):
    persona(client, "officer_a")
    response, app = act(
        client, case, "extend",
        {"working_days": "5", "reason": "需调取档案", "approved_by": users["head_a"].pk,
         "approved_on": "2026-10-19", "notice_sent_on": "2026-10-20"},
    )  # fmt: skip
    assert response.status_code == 302
    assert app.extensions.get().approved_on == d(2026, 10, 19)
    assert "2026-10-19 批准" in client.get(url(app)).content.decode()
    persona(client, "head_a")
    response, app = act(
        client, app, "extend",
        {"working_days": "5", "reason": "再延", "approved_by": users["head_a"].pk,
         "approved_on": "2026-10-20", "notice_sent_on": "2026-10-20"},
    )  # fmt: skip
    assert refused(response, "批准人不能是办理延期的本人") and app.extensions.count() == 1
