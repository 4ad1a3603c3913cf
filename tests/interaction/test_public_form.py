"""The public message form through the HTTP layer: validation, spam, privacy, XSS."""

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.interaction import actions
from gongkai.interaction.models import Message
from tests.interaction.conftest import solve_challenge

pytestmark = pytest.mark.django_db
NEW = "/messages/agency-a/new/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def test_form_shows_a_chinese_challenge(client):
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "等于几？" in html and 'name="token"' in html and "csrfmiddlewaretoken" in html


def test_valid_message_is_accepted_with_tracking_code_and_secret(client, message_data):
    response = client.post(NEW, message_data)
    assert response.status_code == 200
    message = Message.objects.get(subject="道路运输证年审需要哪些材料")
    html = response.content.decode()
    assert message.tracking_code in html
    secret = response.context["secret"]
    assert secret in html and message.secret_hash != secret
    assert actions.find_by_tracking(message.tracking_code, secret) == message
    assert actions.find_by_tracking(message.tracking_code, "wrong") is None


def test_validation_errors_are_in_chinese(client, message_data):
    data = {**message_data, "subject": "", "phone": "12345", "body": "字" * 2001}
    response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写标题。" in html
    assert "请填写有效的手机号码或带区号的固定电话。" in html
    assert "内容不能超过2000个字。" in html
    assert not Message.objects.exists()


def test_wrong_or_too_fast_challenge_is_refused(client, message_data):
    response = client.post(NEW, {**message_data, "answer": "99"})
    assert "验证问题回答错误或已过期" in response.content.decode()
    from gongkai.formguard import spam

    question, fresh = spam.new_challenge()
    response = client.post(NEW, {**message_data, "token": fresh})
    # Sent faster than a person reads the question: told so, not that the answer was wrong.
    assert "提交过快" in response.content.decode()
    assert "验证问题回答错误" not in response.content.decode()
    assert not Message.objects.exists()


def test_honeypot_is_refused(client, message_data):
    client.post(NEW, {**message_data, "website": "http://spam.example"})
    assert not Message.objects.exists()


def test_duplicate_message_is_refused(client, message_data):
    client.post(NEW, message_data)
    response = client.post(NEW, message_data)
    assert "请勿重复提交" in response.content.decode()
    assert Message.objects.count() == 1


def fresh(data, **changes):
    token, answer = solve_challenge()
    return {**data, "token": token, "answer": answer, **changes}


def test_rate_limit_per_ip(client, message_data):
    statuses = []
    for number in range(7):
        data = fresh(message_data, subject=f"第{number}个问题", body=f"内容{number}")
        statuses.append(client.post(NEW, data, REMOTE_ADDR="10.1.2.3").status_code)
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    other = client.post(
        NEW, fresh(message_data, subject="另一人", body="另一人的问题"), REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 200


def test_a_solved_challenge_submits_one_message_only(client, message_data):
    assert client.post(NEW, message_data).status_code == 200
    # The same token and answer with other text: a replay, refused, nothing stored.
    replay = {**message_data, "subject": "另一个问题", "body": "另一段内容"}
    response = client.post(NEW, replay)
    assert response.status_code == 400
    assert "该留言已经提交，请勿重复提交。" in response.content.decode()
    assert Message.objects.count() == 1


def test_csrf_is_required(message_data):
    client = Client(enforce_csrf_checks=True)
    assert client.post(NEW, message_data).status_code == 403


def test_unknown_agency_is_404(client):
    assert client.get("/messages/nowhere/new/").status_code == 404


def test_the_challenge_token_does_not_carry_its_answer():
    import time

    import time_machine
    from django.core import signing

    from gongkai.formguard import spam
    from tests.challenge import spam_answer

    signer = signing.TimestampSigner(salt=spam.CHALLENGE_SALT)
    with time_machine.travel(time.time() - 10, tick=False):
        question, token = spam.new_challenge()
        payload = signer.unsign_object(token)
        # The digest is bound to its nonce: moved to another nonce, the right answer fails.
        forged = signer.sign_object({"nonce": payload["nonce"] + "0", "digest": payload["digest"]})
    assert set(payload) == {"nonce", "digest"} and len(payload["digest"]) == 64
    assert spam.check_challenge(token, spam_answer(question)) is spam.Verdict.PASSED
    assert spam.check_challenge(forged, spam_answer(question)) is not spam.Verdict.PASSED


@pytest.mark.parametrize("answer", ["²", "①", "٣x"])
def test_a_digit_that_is_not_a_decimal_is_a_wrong_answer_not_a_server_error(
    client, message_data, answer
):
    response = client.post(NEW, {**message_data, "answer": answer})
    assert response.status_code == 400
    assert "验证问题回答错误或已过期" in response.content.decode()
    assert not Message.objects.exists()


def test_guessing_tracking_secrets_is_rate_limited_and_never_cached(client):
    guess = {"tracking_code": "LYABCDEFGH", "secret": "wrong-secret"}
    statuses = [
        client.post("/messages/track/", guess, REMOTE_ADDR="10.4.4.4").status_code
        for _ in range(21)
    ]
    # 20 attempts an hour per address: each wrong one says so (400), the 21st is refused.
    assert statuses == [400] * 20 + [429]
    refused = client.post("/messages/track/", guess, REMOTE_ADDR="10.4.4.4")
    assert "查询过于频繁，请一小时后再试。" in refused.content.decode()
    assert "no-cache" in refused["Cache-Control"]
    # Another address is not held back by the first one's attempts.
    assert client.post("/messages/track/", guess, REMOTE_ADDR="10.5.5.5").status_code == 400
