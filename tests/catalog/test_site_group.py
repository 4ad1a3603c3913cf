"""One installation, many agencies: path prefixes, own host names, new agencies."""

import pytest
from wagtail.models import Site

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage, PortalHomePage
from gongkai.catalog.tree import ensure_agency_site, standard_columns

pytestmark = pytest.mark.django_db


def count_specs(specs):
    return sum(
        (spec.get("type") != "guide") + count_specs(spec.get("children", [])) for spec in specs
    )


def test_new_agency_gets_the_whole_standard_column_tree():
    agency = Agency.objects.create(slug="agency-c", name="丙县财政局")
    ensure_agency_site(PortalHomePage.objects.get(), agency)
    columns = ColumnPage.objects.filter(agency=agency)
    assert columns.count() == count_specs(standard_columns())
    assert columns.get(slug="licensing").get_parent().slug == "statutory"
    assert columns.get(slug="licensing").default_category == "admin_license"


def test_building_the_site_twice_changes_nothing():
    agency = Agency.objects.create(slug="agency-c", name="丙县财政局")
    portal = PortalHomePage.objects.get()
    ensure_agency_site(portal, agency)
    before = ColumnPage.objects.filter(agency=agency).count()
    ensure_agency_site(portal, agency)
    assert ColumnPage.objects.filter(agency=agency).count() == before


def test_agency_with_own_host_name_is_served_at_its_root(client):
    agency = Agency.objects.create(
        slug="agency-c", name="丙县财政局", hostname="czj.example.gov.cn"
    )
    home = ensure_agency_site(PortalHomePage.objects.get(), agency)
    assert Site.objects.get(hostname="czj.example.gov.cn").root_page_id == home.pk
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "ALLOWED_HOSTS", [*settings.ALLOWED_HOSTS, "czj.example.gov.cn"])
        response = client.get("/", HTTP_HOST="czj.example.gov.cn")
        assert response.status_code == 200
        assert "<h1>丙县财政局</h1>" in response.content.decode()
        assert client.get("/disclosure/", HTTP_HOST="czj.example.gov.cn").status_code == 200
    # The same site stays reachable under the group's path.
    assert client.get("/agency-c/").status_code == 200
