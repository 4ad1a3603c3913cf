import time
from unittest import mock

import pytest

from gongkai.formguard import spam
from tests.challenge import spam_answer


def solve_challenge() -> tuple[str, str]:
    """A new challenge token issued 10 seconds ago, and its answer (one token per post)."""
    real_time = time.time
    with mock.patch.object(time, "time", lambda: real_time() - 10):
        question, token = spam.new_challenge()
    return token, spam_answer(question)


@pytest.fixture
def solved_challenge():
    return solve_challenge()


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
