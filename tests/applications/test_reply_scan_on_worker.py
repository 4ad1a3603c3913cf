"""A reply's attachments are scanned on the worker, not in the request (issue 15).

With the scans left queued: a reply with files is refused as "checking" (nothing replied,
no file released, whatever reason is given) and the files wait in the private files; once
the worker has scanned them, the same files sent again are answered at once — clean ones
released, ones with personal data refused with masked findings.
"""

import pytest

from gongkai.applications.models import ReplyFile, State
from gongkai.catalog.privacy_gate import FILE_SCAN_JOB, FILE_SCANS
from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import run_pending
from tests.applications.test_staff_reply import (  # noqa: F401 (fixtures)
    CLEAN,
    LEAKED_ID,
    case,
    frozen,
    private_files,
    reply,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def scans_queued(settings, tmp_path):
    settings.GONGKAI_JOBS_EAGER = False
    settings.GONGKAI_JOBS_EAGER_JOBS = ()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_a_reply_waits_for_the_scan_of_its_files(client, persona, case, scans_queued):  # noqa: F811
    persona(client, "officer_a")
    response, app = reply(client, case, upload("计划.txt", CLEAN), reason="无关的理由")
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "正在检查附件中的个人信息" in html
        and "《计划.txt》" in html
    )
    assert app.state == State.PROCESSING and not ReplyFile.objects.exists()
    assert Job.objects.filter(name=FILE_SCAN_JOB, state=JobState.QUEUED).count() == 1
    assert len(list((scans_queued / FILE_SCANS).iterdir())) == 1  # kept for the worker

    [ran] = run_pending()
    assert ran.state == JobState.DONE and ran.result == []
    assert not list((scans_queued / FILE_SCANS).iterdir())  # read, then removed
    response, app = reply(client, case, upload("计划.txt", CLEAN))
    assert response.status_code == 302 and app.state == State.REPLIED
    assert app.reply.files.get().name == "计划.txt"
    assert Job.objects.filter(name=FILE_SCAN_JOB).count() == 1  # answered from the first scan


def test_personal_data_is_found_once_the_worker_ran(client, persona, case):  # noqa: F811
    persona(client, "officer_a")
    leaked = f"身份证号：{LEAKED_ID}\n".encode()
    response, app = reply(client, case, upload("名单.txt", leaked))
    assert "正在检查附件" in response.content.decode()
    run_pending()
    response, app = reply(client, case, upload("名单.txt", leaked))
    html = response.content.decode()
    assert "附件含有个人信息，未予答复" in html and "3604**********1232" in html
    assert LEAKED_ID not in html and app.state == State.PROCESSING


def test_a_scan_that_failed_needs_a_reason(client, persona, case, scans_queued):  # noqa: F811
    persona(client, "officer_a")
    reply(client, case, upload("计划.txt", CLEAN))
    for kept in (scans_queued / FILE_SCANS).iterdir():  # made unreadable: a directory
        kept.unlink()
        kept.mkdir()
    for _attempt in range(2):
        Job.objects.filter(name=FILE_SCAN_JOB).update(run_after="2000-01-01T00:00:00Z")
        run_pending()
    assert Job.objects.get(name=FILE_SCAN_JOB).state == JobState.FAILED
    response, app = reply(client, case, upload("计划.txt", CLEAN))
    assert "个人信息检查未能完成，请人工核对" in response.content.decode()
    assert app.state == State.PROCESSING
    response, app = reply(client, case, upload("计划.txt", CLEAN), reason="已人工核对")
    assert response.status_code == 302 and app.state == State.REPLIED
