"""Issue 13's "done when": a county's 30 agencies, 90 departments and 101 staff imported
into a database that has only been migrated."""

import io
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.agencies.models import Agency, Department, SiteGroup, StaffProfile
from gongkai.catalog.models import AgencyHomePage, ColumnPage
from tests.agencies import onboarding_files

NEW_PASSWORD = "Lushan-county-2026!"


def _import(folder, *extra):
    out = io.StringIO()
    call_command(
        "sitegroup", "import", str(folder), *map(str, extra), stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def _set_password(client, url):
    path = urlsplit(url).path
    response = client.get(path)
    assert response.status_code == 302  # Django moves the token into the session
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_county_onboards_from_one_folder(tmp_path, migrated_only, client):
    folder = onboarding_files.write_folder(tmp_path / "county")
    links = tmp_path / "links.tsv"
    output = _import(folder, "--links-out", links)
    assert Agency.objects.count() == 30
    assert sorted(Agency.objects.values_list("kind", flat=True)).count("department") == 22
    assert Agency.objects.filter(kind="township").count() == 4
    assert Agency.objects.filter(kind="street").count() == 2
    assert Department.objects.count() == 90
    assert StaffProfile.objects.count() == get_user_model().objects.count() == 101
    assert SiteGroup.objects.get().top_agency.slug == "jj-gov"
    assert "缺统一社会信用代码" in output

    # Every agency's site serves its column tree.
    for home in AgencyHomePage.objects.select_related("agency"):
        response = client.get(home.url)
        assert response.status_code == 200, home.url
        page = response.content.decode()
        for column in ColumnPage.objects.child_of(home).filter(show_in_menus=True):
            assert column.title in page
    assert client.get("/").status_code == 200

    # An imported editor sets a password through the link and edits only their columns.
    line = next(
        line for line in links.read_text().splitlines() if line.startswith("ls-b01-editor\t")
    )
    login, full_name, url, expires = line.split("\t")
    assert full_name == "庐山市发展和改革委员会信息员" and expires
    _set_password(client, url)
    assert client.login(username=login, password=NEW_PASSWORD)
    agency = Agency.objects.get(slug="ls-b01")
    own = ColumnPage.objects.get(agency=agency, slug="licensing")
    other = ColumnPage.objects.get(agency=agency, slug="work-news")
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403, 404)
    neighbour = ColumnPage.objects.get(agency__slug="ls-b02", slug="licensing")
    assert client.get(f"/admin/pages/{neighbour.pk}/edit/").status_code == 404
    # The link is for one use: signing in invalidated it (no redirect to the form).
    client.logout()
    assert client.get(urlsplit(url).path).status_code == 200

    # The same folder again changes nothing.
    assert "无变化" in _import(folder)
