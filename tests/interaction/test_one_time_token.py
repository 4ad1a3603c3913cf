"""The public forms' challenge token: one answer per token, one form per solved token, and
a submission that failed does not use its token up."""

from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from gongkai.applications import views as application_views
from gongkai.applications.models import Application
from gongkai.formguard import spam
from gongkai.formguard.models import UsedChallenge
from gongkai.interaction import actions
from gongkai.interaction.models import Message
from tests.applications.test_public_http import person
from tests.challenge import spam_answer
from tests.interaction.conftest import solve_challenge

pytestmark = pytest.mark.django_db
MESSAGES = "/messages/agency-a/new/"
APPLICATIONS = "/applications/agency-a/new/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def test_a_message_whose_storing_failed_goes_through_on_retry(message_data):
    client = Client(raise_request_exception=False)
    locked = OperationalError("database is locked")
    with mock.patch.object(actions, "do_submit", side_effect=locked):
        assert client.post(MESSAGES, message_data).status_code == 503
    assert not Message.objects.exists() and not UsedChallenge.objects.exists()
    retry = client.post(MESSAGES, message_data)
    assert retry.status_code == 200, retry.content.decode()
    assert "已经提交" not in retry.content.decode()
    assert Message.objects.count() == 1
    # …and the token is spent now.
    again = client.post(MESSAGES, {**message_data, "subject": "另一个", "body": "另一段"})
    assert "该留言已经提交" in again.content.decode() and Message.objects.count() == 1


def test_an_application_whose_storing_failed_goes_through_on_retry():
    client = Client(raise_request_exception=False)
    data = person()
    locked = OperationalError("database is locked")
    with mock.patch.object(application_views, "do_register", side_effect=locked):
        assert client.post(APPLICATIONS, data).status_code == 503
    assert not Application.objects.exists()
    retry = client.post(APPLICATIONS, data)
    assert retry.status_code == 200 and "已经提交" not in retry.content.decode()
    assert Application.objects.count() == 1
    again = client.post(APPLICATIONS, data)
    assert "该申请已经提交" in again.content.decode() and Application.objects.count() == 1


def test_a_token_takes_one_answer_only(client, message_data):
    wrong = str(int(message_data["answer"]) % 18 + 1)
    assert client.post(MESSAGES, {**message_data, "answer": wrong}).status_code == 400
    # The right answer on the same token comes too late: a script cannot try every sum.
    response = client.post(MESSAGES, message_data)
    assert response.status_code == 400
    assert "验证问题回答错误或已过期" in response.content.decode()
    assert not Message.objects.exists()


def test_a_too_fast_answer_does_not_spend_the_token():
    t0 = 1_600_000_000
    with time_machine.travel(t0, tick=False):
        question, token = spam.new_challenge()
    with time_machine.travel(t0 + 1, tick=False):
        assert spam.answer_challenge(token, spam_answer(question)) is spam.Verdict.TOO_FAST
    with time_machine.travel(t0 + 10, tick=False):
        assert spam.answer_challenge(token, spam_answer(question)) is spam.Verdict.PASSED


def test_wrong_answers_count_toward_the_rate_limit(client, message_data):
    for number in range(spam.RATE_LIMIT):
        token, answer = solve_challenge()
        data = {**message_data, "token": token, "answer": str(int(answer) % 18 + 1)}
        data["subject"] = f"猜测{number}"
        client.post(MESSAGES, data, REMOTE_ADDR="10.7.7.7")
    token, answer = solve_challenge()
    response = client.post(
        MESSAGES, {**message_data, "token": token, "answer": answer}, REMOTE_ADDR="10.7.7.7"
    )
    assert response.status_code == 429
    assert not Message.objects.exists()


def test_used_tokens_are_forgotten_after_their_lifetime(message_data):
    from datetime import timedelta

    from django.utils import timezone

    old = UsedChallenge.objects.create(
        key="messages:old",
        used_at=timezone.now() - timedelta(seconds=spam.CHALLENGE_MAX_SECONDS + 1),
    )
    assert spam.claim_token("a new token", "messages")
    assert not UsedChallenge.objects.filter(pk=old.pk).exists()
    assert not spam.claim_token("a new token", "messages")
    assert spam.claim_token("a new token", "applications")
