"""Whose address a public form's rate limit counts, behind zero, one or two reverse proxies."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from gongkai.formguard import spam
from gongkai.interaction.models import Message
from tests.challenge import spam_answer
from tests.test_settings import load_settings as load_settings_showing

pytestmark = pytest.mark.django_db
NEW = "/messages/agency-a/new/"
MONDAY = datetime(2024, 5, 6, 9, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def address(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return spam.client_ip(RequestFactory().get("/", **meta))


def test_without_proxies_the_header_is_ignored():
    # Anyone can send X-Forwarded-For; read untrusted it would give each post a new address.
    assert address("10.0.0.1", "203.0.113.9") == "10.0.0.1"
    assert address("10.0.0.1") == "10.0.0.1"


@override_settings(GONGKAI_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_client_is_the_last_entry():
    assert address("10.0.0.1", "203.0.113.9") == "203.0.113.9"
    # A client that writes its own header gets its real address appended after it.
    assert address("10.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert address("10.0.0.1", " 1.2.3.4 ,, 203.0.113.9 ") == "203.0.113.9"


@override_settings(GONGKAI_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_client_is_second_from_the_right():
    assert address("10.0.0.2", "203.0.113.9, 10.0.0.1") == "203.0.113.9"
    assert address("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1") == "203.0.113.9"


@override_settings(GONGKAI_TRUSTED_PROXIES=2)
def test_a_request_that_skipped_a_proxy_counts_by_its_own_address():
    assert address("10.0.0.2", "203.0.113.9") == "10.0.0.2"
    assert address("10.0.0.2", "") == "10.0.0.2"
    assert address("10.0.0.2") == "10.0.0.2"


def message(subject, token_and_answer):
    return {
        "kind": "inquiry",
        "subject": subject,
        "body": f"{subject}的具体内容",
        "name": "郑十一",
        "phone": "13312345678",
        "public_allowed": "on",
        "website": "",
        **token_and_answer,
    }


def solved(at):
    with time_machine.travel(at - 10, tick=False):
        question, token = spam.new_challenge()
    return {"token": token, "answer": spam_answer(question)}


@override_settings(GONGKAI_TRUSTED_PROXIES=1)
def test_behind_a_proxy_each_client_has_its_own_allowance(client):
    # Every post arrives from the proxy's address; without the setting all citizens of the
    # city would share one allowance of five messages an hour.
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    with time_machine.travel(MONDAY, tick=False):
        for number in range(5):
            data = message(f"第{number}个问题", solved(MONDAY))
            posted = client.post(NEW, data, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
            assert posted.status_code == 200
        sixth = message("第六个问题", solved(MONDAY))
        refused = client.post(NEW, sixth, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", **proxy)
        other = client.post(
            NEW,
            message("另一位市民的问题", solved(MONDAY)),
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            **proxy,
        )
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert other.status_code == 200
    assert Message.objects.count() == 6


def test_a_form_without_its_token_says_why_it_was_refused(client):
    data = message("缺少验证令牌", solved(MONDAY))
    data["token"] = ""
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "验证问题回答错误或已过期，请重新作答。" in html
    assert 'value="缺少验证令牌"' in html
    assert not Message.objects.exists()


def test_the_proxy_count_is_a_whole_number_not_below_zero():
    def load_settings(**env):
        return load_settings_showing("s.GONGKAI_TRUSTED_PROXIES", **env)

    assert load_settings().stdout.strip() == "0"
    assert load_settings(GONGKAI_TRUSTED_PROXIES="2").stdout.strip() == "2"
    negative = load_settings(GONGKAI_TRUSTED_PROXIES="-1")
    assert negative.returncode != 0 and "GONGKAI_TRUSTED_PROXIES=-1" in negative.stderr
    word = load_settings(GONGKAI_TRUSTED_PROXIES="one")
    assert word.returncode != 0 and "is not an integer" in word.stderr
