import pytest
from django.http import Http404

from gongkai.applications.access import access_application, applications_for, listed_for

pytestmark = pytest.mark.django_db


def test_the_disclosure_office_reads_and_writes(register, users):
    app = register().application
    for name in ("officer_a", "head_a"):
        assert access_application(users[name], app.pk) == app
        assert access_application(users[name], app.pk, write=True) == app


@pytest.mark.parametrize("name", ["clerk_a", "reviewer_a"])
def test_editors_and_reviewers_of_the_agency_do_not_see_cases(register, users, name):
    app = register().application
    with pytest.raises(Http404):
        access_application(users[name], app.pk)
    assert not listed_for(users[name]).exists()


def test_agency_admin_lists_cases_but_neither_opens_nor_handles_them(register, users):
    app = register().application
    assert list(listed_for(users["admin_a"])) == [app]
    with pytest.raises(Http404):
        access_application(users["admin_a"], app.pk)
    with pytest.raises(Http404):
        access_application(users["admin_a"], app.pk, write=True)


@pytest.mark.parametrize("outsider", ["clerk_b", "reviewer_b"])
def test_outsider_gets_404(register, users, outsider):
    app = register().application
    with pytest.raises(Http404):
        access_application(users[outsider], app.pk)
    with pytest.raises(Http404):
        access_application(users[outsider], app.pk, write=True)
    assert not applications_for(users[outsider]).filter(pk=app.pk).exists()


def test_supervisor_reads_every_agency_but_writes_none(register, users):
    app = register().application
    assert access_application(users["group_supervisor"], app.pk) == app
    with pytest.raises(Http404):
        access_application(users["group_supervisor"], app.pk, write=True)


def test_anonymous_and_garbage_ids_get_404(register):
    from django.contrib.auth.models import AnonymousUser

    app = register().application
    with pytest.raises(Http404):
        access_application(AnonymousUser(), app.pk)
    with pytest.raises(Http404):
        access_application(AnonymousUser(), "not-a-number")
