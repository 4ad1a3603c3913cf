"""A request body above the largest legitimate upload is refused before it is read."""

import pytest
from django.test import Client

from gongkai.request_limits import largest_body

pytestmark = pytest.mark.django_db


def test_a_body_announced_larger_than_any_upload_is_refused_with_413():
    response = Client().generic(
        "POST",
        "/messages/agency-a/new/",
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(largest_body() + 1),
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_a_body_within_the_limit_is_read():
    response = Client().generic(
        "POST",
        "/messages/agency-a/new/",
        b"subject=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400  # the form's own answer, not the limit's
