"""Two-factor authentication (TOTP): enrolment, the code after the password, wrong codes,
the site group's requirement for supervisors and agency admins, and removal — all through
the HTTP layer, the codes computed from the device's key as an authenticator app would."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency, SiteGroup
from tests.sitegroup import PASSWORD

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)
MANAGE = "/admin/twofactor/"
VERIFY = "/admin/twofactor/verify/"
LOGIN = "/admin/login/"


def code_of(device) -> str:
    """The code an authenticator app shows now for the device's key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_of(device) -> str:
    return f"{(int(code_of(device)) + 1) % 1_000_000:06d}"


def user(username):
    return get_user_model().objects.get(username=username)


def enrolled(username) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user(username), name="test", confirmed=True)


def password_login(client, username):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def requiring_site_group():
    return SiteGroup.objects.create(
        name="测试网站群",
        top_agency=Agency.objects.get(slug="agency-a"),
        requires_two_factor=True,
    )


def test_staff_enrol_by_scanning_the_code_and_confirming_it(persona):
    client = Client()
    clerk = persona(client, "clerk_a")
    with time_machine.travel(T0, tick=False):
        assert MANAGE in client.get("/admin/account/").content.decode()
        page = client.get(MANAGE)
        assert page.status_code == 200
        body = page.content.decode()
        assert "<svg" in body and "启用" in body
        device = TOTPDevice.objects.get(user=clerk, confirmed=False)
        # The same key on every showing until it is confirmed.
        client.get(MANAGE)
        assert TOTPDevice.objects.filter(user=clerk).count() == 1

        wrong = client.post(f"{MANAGE}enrol/", {"code": wrong_code_of(device)})
        assert wrong.status_code == 200 and "验证码错误" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        confirmed = client.post(f"{MANAGE}enrol/", {"code": code_of(device)})
        assert confirmed.status_code == 302
        assert TOTPDevice.objects.get(user=clerk).confirmed
        # This session gave the code: it carries on.
        assert client.get("/admin/").status_code == 200
        assert "已启用双因素认证" in client.get(MANAGE).content.decode()
    entry = ModelLogEntry.objects.get(action="gongkai_twofactor.enrol")
    assert entry.user_id == clerk.pk and entry.object_id == str(clerk.pk)


def test_login_asks_for_the_code_after_the_password():
    device = enrolled("reviewer_a")
    client = Client()
    with time_machine.travel(T0, tick=False):
        password_login(client, "reviewer_a")
        gated = client.get("/admin/pages/")
        assert gated.status_code == 302
        assert gated["Location"].startswith(VERIFY + "?next=/admin/pages/")
        # Every other back-office address too, and no staff powers outside it.
        assert client.get(MANAGE)["Location"].startswith(VERIFY)
        page = client.get(gated["Location"])
        assert page.status_code == 200 and "输入验证码" in page.content.decode()
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        verified = client.post(VERIFY, {"code": code_of(device), "next": "/admin/pages/"})
        assert verified.status_code == 302 and verified["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200
    # A used code cannot be used again, in another session.
    other = Client()
    with time_machine.travel(T0 + timedelta(seconds=31), tick=False):
        password_login(other, "reviewer_a")
        replay = other.post(VERIFY, {"code": code_of(device)})
        assert replay.status_code == 200
        assert other.get("/admin/")["Location"].startswith(VERIFY)


def test_an_account_without_a_device_logs_in_with_the_password_alone():
    client = Client()
    with time_machine.travel(T0, tick=False):
        password_login(client, "clerk_b")
        assert client.get("/admin/").status_code == 200


def test_five_wrong_codes_log_the_session_out_and_lock_the_account():
    device = enrolled("officer_a")
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        password_login(client, "officer_a")
        for attempt in range(1, 5):
            wrong = client.post(VERIFY, {"code": wrong_code_of(device)})
            assert wrong.status_code == 200
            assert f"还可尝试{5 - attempt}次" in wrong.content.decode()
            clock.shift(timedelta(seconds=20))
        fifth = client.post(VERIFY, {"code": wrong_code_of(device)})
        assert fifth.status_code in (302, 403)
        # The session is gone: the back office asks for the password again.
        assert client.get("/admin/")["Location"].startswith(LOGIN)
        # And the wrong codes counted as failed logins: the right password is refused now.
        refused = Client().post(LOGIN, {"username": "officer_a", "password": PASSWORD})
        assert refused.status_code == 403 and "登录失败次数过多" in refused.content.decode()


def test_the_site_group_requires_enrolment_of_supervisors_and_agency_admins(persona):
    requiring_site_group()
    supervisor_client = Client()
    supervisor = persona(supervisor_client, "group_supervisor")
    for address in ("/admin/", "/admin/pages/", "/admin/reports/"):
        response = supervisor_client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(MANAGE + "?next=")
    page = supervisor_client.get(MANAGE)
    assert page.status_code == 200 and "网站群要求本账号启用双因素认证" in page.content.decode()

    admin_client = Client()
    persona(admin_client, "admin_a")
    assert admin_client.get("/admin/")["Location"].startswith(MANAGE)

    # Other roles may enrol, and need not.
    clerk_client = Client()
    persona(clerk_client, "clerk_a")
    assert clerk_client.get("/admin/").status_code == 200

    with time_machine.travel(T0, tick=False):
        device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
        enrol = supervisor_client.post(
            f"{MANAGE}enrol/", {"code": code_of(device), "next": "/admin/reports/"}
        )
        assert enrol["Location"] == "/admin/reports/"
        assert supervisor_client.get("/admin/").status_code == 200


def test_removal_needs_a_valid_code(persona):
    client = Client()
    clerk = persona(client, "clerk_a")
    with time_machine.travel(T0, tick=False):
        client.get(MANAGE)
        device = TOTPDevice.objects.get(user=clerk)
        client.post(f"{MANAGE}enrol/", {"code": code_of(device)})
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        refused = client.post(f"{MANAGE}remove/", {"code": wrong_code_of(device)})
        assert refused.status_code == 200 and "验证码错误" in refused.content.decode()
        assert TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        device.refresh_from_db()
        removed = client.post(f"{MANAGE}remove/", {"code": code_of(device)})
        assert removed.status_code == 302
        assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert ModelLogEntry.objects.filter(
        action="gongkai_twofactor.remove", object_id=str(clerk.pk), user=clerk
    ).exists()
    # Logging in again takes the password only.
    again = Client()
    password_login(again, "clerk_a")
    assert again.get("/admin/").status_code == 200


def test_a_required_account_that_removes_its_device_must_enrol_again(persona):
    requiring_site_group()
    device = enrolled("admin_a")
    client = Client()
    with time_machine.travel(T0, tick=False):
        password_login(client, "admin_a")
        client.post(VERIFY, {"code": code_of(device)})
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        device.refresh_from_db()
        client.post(f"{MANAGE}remove/", {"code": code_of(device)})
        assert client.get("/admin/")["Location"].startswith(MANAGE)


def test_only_the_site_group_administration_sets_the_requirement(persona):
    group = SiteGroup.objects.create(
        name="测试网站群", top_agency=Agency.objects.get(slug="agency-a")
    )
    supervisor_client = Client()
    persona(supervisor_client, "group_supervisor")
    supervisor_client.post(f"{MANAGE}requirement/", {"requires_two_factor": "on"})
    group.refresh_from_db()
    assert not group.requires_two_factor

    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(root)
    assert "网站群要求" in client.get(MANAGE).content.decode()
    client.post(f"{MANAGE}requirement/", {"requires_two_factor": "on"})
    group.refresh_from_db()
    assert group.requires_two_factor
    entry = ModelLogEntry.objects.get(action="gongkai_twofactor.require")
    assert entry.user_id == root.pk
    assert entry.data["new"] == {"requires_two_factor": True}
    # The requirement holds for the one who set it as well.
    assert client.get("/admin/")["Location"].startswith(MANAGE)


def test_the_pages_speak_english_to_an_account_that_chose_english(persona):
    from wagtail.users.models import UserProfile

    client = Client()
    clerk = persona(client, "clerk_a")
    profile = UserProfile.get_for_user(clerk)
    profile.preferred_language = "en"
    profile.save()
    body = client.get(MANAGE).content.decode()
    assert "Two-factor authentication" in body and "Scan the QR code" in body


def test_an_operator_resets_the_device_of_a_lost_phone():
    from io import StringIO

    from django.core.management import CommandError, call_command

    enrolled("head_a")
    out = StringIO()
    call_command("twofactor_reset", "head_a", stdout=out)
    assert "已停用" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user("head_a")).exists()
    entry = ModelLogEntry.objects.get(action="gongkai_twofactor.remove")
    assert entry.user is None and entry.data == {"via": "命令行 / command line"}
    with pytest.raises(CommandError, match="没有这个账号"):
        call_command("twofactor_reset", "nobody")
