"""Numbers in query strings that no person would type answer 400 or a page, never 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
HUGE = "1" * 23


@pytest.mark.parametrize(
    "url",
    [
        "/messages/agency-a/statistics.json?year=-1",
        f"/messages/agency-a/statistics.json?year={HUGE}",
        "/messages/agency-a/statistics.json?year=0",
        "/messages/agency-a/statistics.json?year=9999",
        "/messages/agency-a/statistics.json?year=1",
        f"/messages/agency-a/?page={HUGE}",
        "/messages/agency-a/?page=-1",
        f"/search/?q=公告&page={HUGE}",
        "/search/?q=公告&year=-1",
        f"/search/?q=公告&year={HUGE}",
        f"/api/v1/items/?page={HUGE}",
        "/api/v1/items/?page=-1",
        f"/api/v1/items/?year={HUGE}",
    ],
)
def test_bad_numbers_never_answer_500(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code < 500, (url, response.status_code)
