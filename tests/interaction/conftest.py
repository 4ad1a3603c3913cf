import time

import pytest

from gongkai.interaction import spam
from tests.challenge import spam_answer


@pytest.fixture
def solved_challenge(monkeypatch):
    """A challenge token issued 10 seconds ago, and its answer."""
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 10)
    question, token = spam.new_challenge()
    monkeypatch.setattr(time, "time", real_time)
    return token, spam_answer(question)


@pytest.fixture
def message_data(solved_challenge):
    token, answer = solved_challenge
    return {
        "kind": "inquiry",
        "subject": "道路运输证年审需要哪些材料",
        "body": "请问营运货车的道路运输证年审需要携带哪些材料？",
        "name": "王五",
        "phone": "13912345678",
        "public_allowed": "on",
        "answer": answer,
        "token": token,
        "website": "",
    }
