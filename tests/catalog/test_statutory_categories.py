"""Art. 21: the categories city and county governments and their departments, and
townships, publish beside Art. 20's — as data, by the kind of agency."""

import pytest

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.catalog.categories import Art20Category, article_of, categories_for
from gongkai.catalog.models import AgencyHomePage
from tests.agencies.test_back_office_access import add_url
from tests.sitegroup import column

C = Art20Category
ART20 = [c for c in C if c != C.NONE][:19]
CITY_COUNTY = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
TOWNSHIP = [
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
]


def labels(kind):
    return [str(c.label) for c in categories_for(kind)]


def test_art20_has_its_nineteen_categories_and_every_kind_gets_them_first():
    assert len(ART20) == 19 and ART20[0] == C.REGULATION and ART20[-1] == C.OTHER_STATUTORY
    for kind in AgencyKind.values:
        assert categories_for(kind)[:19] == ART20


@pytest.mark.parametrize("kind", ["government", "department"])
def test_city_and_county_governments_and_departments_add_art21_list(kind):
    assert sorted(labels(kind)[19:]) == sorted(CITY_COUNTY)


def test_townships_add_their_own_art21_list():
    assert sorted(labels("township")[19:]) == sorted(TOWNSHIP)


def test_a_street_office_is_not_named_by_art21():
    assert categories_for("street") == ART20


def test_each_category_names_its_article():
    assert article_of(C.REGULATION) == "第二十条"
    assert article_of(C.MUNICIPAL_WORKS) == "第二十一条"
    assert article_of(C.HOMESTEAD) == "第二十一条"
    assert article_of(C.NONE) == ""


@pytest.mark.django_db
def test_the_item_form_offers_the_categories_of_the_agencys_kind(client, persona):
    persona(client, "reviewer_a")
    url = add_url(column("agency-a", "notices"))
    html = client.get(url).content.decode()
    assert 'value="municipal_works"' in html and 'value="homestead"' not in html
    Agency.objects.filter(slug="agency-a").update(kind=AgencyKind.TOWNSHIP)
    html = client.get(url).content.decode()
    assert 'value="homestead"' in html and 'value="municipal_works"' not in html


@pytest.mark.django_db
def test_the_catalog_filter_offers_them_too(client):
    home = AgencyHomePage.objects.get(agency__slug="agency-a")
    html = client.get(f"{home.url}catalog/").content.decode()
    assert '<option value="public_order"' in html
    assert '<option value="funds_and_labour"' not in html
