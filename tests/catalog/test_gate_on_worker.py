"""The privacy gate's scan runs on the worker, not in the request (issue 15).

With the scans left queued (``GONGKAI_JOBS_EAGER_JOBS = ()``): publishing is refused while
the scan is pending, whatever reason is given; the edit page says "checking…" and its
script's status address answers pending, then the findings once the worker has run; a scan
that failed is a finding a person must clear, never clean.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import PageLogEntry, WorkflowState

from gongkai.catalog import privacy_gate
from gongkai.catalog.models import InfoItem
from gongkai.catalog.privacy_gate import SCAN_JOB
from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import run_pending
from tests.agencies.test_back_office_access import add_url, item_form
from tests.catalog.test_privacy_gate import ID_NUMBER, department_pk, leaky_form
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def scans_queued(settings):
    settings.GONGKAI_JOBS_EAGER = False
    settings.GONGKAI_JOBS_EAGER_JOBS = ()


def notices(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def status(client, item):
    response = client.get(f"/admin/privacy-scan/{item.pk}/")
    assert response.status_code == 200
    return response.json()


def publish(client, item, title, body_form, **extra):
    return client.post(
        f"/admin/pages/{item.pk}/edit/",
        body_form(title, slug=item.slug, **{"action-publish": "1"}, **extra),
    )


def create_leaky(client, persona, title, **extra):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        leaky_form(title, **{"action-publish": "1"}, **extra),
    )
    return response, InfoItem.objects.get(title=title)


def test_publishing_waits_for_the_scan_then_the_findings_refuse_it(client, persona):
    response, item = create_leaky(client, persona, "等待检查的公示")
    assert response.status_code == 302 and not item.live
    [refusal] = notices(response)
    assert "个人信息检查尚未完成" in refusal
    assert Job.objects.filter(name=SCAN_JOB, state=JobState.QUEUED).count() == 1

    page = client.get(f"/admin/pages/{item.pk}/edit/")
    html = page.content.decode()
    assert "privacy-scan-checking" in html and "正在检查个人信息" in html
    assert "catalog/privacy_scan_status.js" in html
    assert status(client, item) == {"state": "pending"}
    assert Job.objects.filter(name=SCAN_JOB).count() == 1  # asked once per content

    [ran] = run_pending()
    assert ran.name == SCAN_JOB and ran.state == JobState.DONE
    answer = status(client, item)
    assert answer["state"] == "done" and not answer["clean"]
    assert "居民身份证号码 1101**********002X" in answer["text"]
    assert ID_NUMBER not in answer["text"]
    page = client.get(f"/admin/pages/{item.pk}/edit/")
    assert "privacy-scan-checking" not in page.content.decode()
    assert any("居民身份证号码" in n for n in notices(page))

    response = client.post(
        f"/admin/pages/{item.pk}/edit/",
        leaky_form("等待检查的公示", slug=item.slug, **{"action-publish": "1"}),
    )
    item.refresh_from_db()
    assert not item.live and "发布被拦截：发现个人信息" in notices(response)[0]


def test_no_reason_lets_a_pending_scan_through(client, persona):
    _response, item = create_leaky(
        client, persona, "理由也不能绕过", privacy_override_reason="当事人书面同意公开"
    )
    assert not item.live
    assert not PageLogEntry.objects.filter(page=item, action="gongkai.privacy_override").exists()
    run_pending()
    client.post(
        f"/admin/pages/{item.pk}/edit/",
        leaky_form(
            "理由也不能绕过",
            slug=item.slug,
            privacy_override_reason="当事人书面同意公开",
            **{"action-publish": "1"},
        ),
    )
    item.refresh_from_db()
    assert item.live  # once scanned, the reviewer's reason is what it was before
    assert PageLogEntry.objects.filter(page=item, action="gongkai.privacy_override").exists()


def test_a_clean_item_is_published_once_the_worker_has_scanned_it(client, persona):
    persona(client, "reviewer_a")
    form = item_form("干净的公示", department=department_pk(), **{"action-publish": "1"})
    client.post(add_url(column("agency-a", "licensing")), form)
    item = InfoItem.objects.get(title="干净的公示")
    assert not item.live
    run_pending()
    answer = status(client, item)
    assert answer == {"state": "done", "clean": True, "text": "个人信息检查完成，未发现个人信息。"}
    client.post(
        f"/admin/pages/{item.pk}/edit/",
        item_form(
            "干净的公示", slug=item.slug, department=department_pk(), **{"action-publish": "1"}
        ),
    )
    item.refresh_from_db()
    assert item.live


def test_a_scan_that_failed_needs_a_persons_check_never_clean(client, persona, monkeypatch):
    persona(client, "reviewer_a")
    form = item_form("读不了的公示", department=department_pk(), **{"action-publish": "1"})
    client.post(add_url(column("agency-a", "licensing")), form)
    item = InfoItem.objects.get(title="读不了的公示")

    def broken(page):
        raise MemoryError("the reader ran out")

    monkeypatch.setattr(privacy_gate, "scan_item", broken)
    for _attempt in range(2):  # both attempts fail (the retry waits: bring it forward)
        Job.objects.filter(name=SCAN_JOB).update(run_after="2000-01-01T00:00:00Z")
        run_pending()
    assert Job.objects.get(name=SCAN_JOB).state == JobState.FAILED
    answer = status(client, item)
    assert not answer["clean"] and "个人信息检查未能完成" in answer["text"]
    again = item_form("读不了的公示", slug=item.slug, department=department_pk())
    response = client.post(f"/admin/pages/{item.pk}/edit/", {**again, "action-publish": "1"})
    item.refresh_from_db()
    assert not item.live and any("个人信息检查未能完成" in n for n in notices(response))
    client.post(
        f"/admin/pages/{item.pk}/edit/",
        {**again, "action-publish": "1", "privacy_override_reason": "已人工核对全文"},
    )
    item.refresh_from_db()
    assert item.live
    entry = PageLogEntry.objects.get(page=item, action="gongkai.privacy_override")
    assert entry.data["reason"] == "已人工核对全文"


def test_the_reviewer_cannot_approve_while_the_scan_is_pending(client, persona):
    clerk = persona(client, "clerk_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        item_form("待审待查的公示", department=department_pk(), **{"action-submit": "1"}),
    )
    item = InfoItem.objects.get(title="待审待查的公示")
    task_state = WorkflowState.objects.for_instance(item).get().current_task_state
    task = task_state.task.specific
    reviewer = persona(client, "reviewer_a")
    assert [name for name, *_ in task.get_actions(item, reviewer)] == ["reject"]
    assert task.get_actions(item, clerk) == []
    response = client.post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert not item.live
    run_pending()
    # Scanned clean: approval is offered again (with the item's 保密审查, Art. 17).
    assert "approve_with_secrecy_review" in [name for name, *_ in task.get_actions(item, reviewer)]


def test_bulk_publishing_waits_for_the_scan(client, persona):
    persona(client, "reviewer_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        item_form("批量待查", department=department_pk(), **{"action-draft": "1"}),
    )
    item = InfoItem.objects.get(title="批量待查")
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}", {})
    item.refresh_from_db()
    assert not item.live
    assert any("个人信息检查尚未完成" in n for n in notices(response))


def test_the_status_is_for_staff_who_may_edit_the_page(client, persona):
    _response, item = create_leaky(client, persona, "别的机关看不到")
    persona(client, "clerk_b")
    assert client.get(f"/admin/privacy-scan/{item.pk}/").status_code == 404
    persona(client, "group_supervisor")  # reads every agency, edits none
    assert client.get(f"/admin/privacy-scan/{item.pk}/").status_code == 404
    persona(client, "clerk_a")
    assert client.get(f"/admin/privacy-scan/{item.pk}/").json() == {"state": "pending"}
    assert Client().get(f"/admin/privacy-scan/{item.pk}/").status_code == 302
