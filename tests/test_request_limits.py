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


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/items/?q=%00",  # answered 500 on PostgreSQL before (a NUL in a text filter)
        "/api/v1/items/?agency=a%00b",
        "/search/?q=x&page=1%00",
        "/agency-a/catalog/?q=%00",
    ],
)
def test_a_nul_in_the_query_string_is_refused_with_400(address):
    response = Client(raise_request_exception=False).get(address)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_query_without_nul_is_not_refused():
    assert Client().get("/api/v1/items/?q=%E5%85%AC%E5%BC%80").status_code == 200
