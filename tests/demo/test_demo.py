"""The demo site group: complete, consistent with the seed report, and loadable twice."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency, Role, StaffRole
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.demo.load import load_demo, read_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the module (it takes seconds) and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        logins = load_demo()  # writes Wagtail's search index once, at its end
        yield logins
        transaction.set_rollback(True)


def test_demo_loads_twice_without_duplicates(demo):
    counts = (
        Agency.objects.count(),
        InfoItem.objects.count(),
        ColumnPage.objects.count(),
        get_user_model().objects.count(),
    )
    assert load_demo() == demo
    assert (
        Agency.objects.count(),
        InfoItem.objects.count(),
        ColumnPage.objects.count(),
        get_user_model().objects.count(),
    ) == counts


def test_demo_has_the_seed_agency_and_about_200_items(demo):
    transport = Agency.objects.get(slug="lushan-transport")
    assert transport.name == "庐山市交通运输局"
    names = set(transport.departments.values_list("name", flat=True))
    assert {"办公室", "运输管理股", "建设股", "法规股"} <= names
    items = InfoItem.objects.filter(agency__slug__startswith="lushan-")
    assert 180 <= items.count() <= 260
    assert items.filter(live=True).count() == items.count()
    years = {item.first_published_at.year for item in items}
    assert years == {2019, 2020, 2021}


def test_demo_matches_the_seed_report(demo):
    # The 2020 report's table 二: no 规章, no 规范性文件 made or published in 2019-2020.
    transport_docs = InfoItem.objects.filter(
        agency__slug="lushan-transport", category__in=["regulation", "normative_doc"]
    )
    assert transport_docs.exists()
    assert all(item.generated_on.year == 2021 for item in transport_docs)
    assert all(item.published_on.year == 2021 for item in transport_docs)
    assert not InfoItem.objects.filter(category="regulation").exists()


def test_every_role_has_an_account_and_every_leaf_column_a_department(demo):
    roles = set(StaffRole.objects.values_list("role", flat=True))
    assert roles == {choice.value for choice in Role}
    for agency in Agency.objects.filter(slug__startswith="lushan-"):
        leaves = ColumnPage.objects.filter(agency=agency, numchild=0)
        assert not leaves.filter(department__isnull=True).exists()


def test_index_numbers_follow_publication_year(demo):
    for item in InfoItem.objects.filter(agency__slug="lushan-transport"):
        assert item.index_number.startswith(f"MB1743025/{item.published_on.year}-")
    serials = [
        item.index_number
        for item in InfoItem.objects.filter(
            agency__slug="lushan-transport", first_published_at__year=2019
        ).order_by("first_published_at")
    ]
    assert serials == sorted(serials)


def test_demo_logins_work(client, demo):
    password = read_demo("site.json")["password"]
    for username, _role, _agency in demo:
        assert client.login(username=username, password=password), username
        client.logout()


def test_demo_portal_pages_answer(client, demo):
    assert "庐山市交通运输局" in client.get("/").content.decode()
    assert client.get("/lushan-transport/").status_code == 200
    assert client.get("/lushan-transport/catalog/").status_code == 200
    item = InfoItem.objects.filter(agency__slug="lushan-transport").first()
    assert client.get(item.url).status_code == 200


def test_demo_has_its_five_late_publications(demo):
    late = InfoItem.objects.filter(agency__slug__startswith="lushan-", publication_late=True)
    assert late.count() == 5
    assert all(item.publication_workdays > 20 for item in late)
    assert not InfoItem.objects.filter(publication_provisional=True).exists()


def test_demo_has_the_seed_interaction_column(demo, client):
    from gongkai.interaction.models import Message

    answered_2020 = Message.objects.filter(agency__slug="lushan-transport", received_at__year=2020)
    # The seed report: "我为庐山献一策": 2020 年共收到 2 条咨询,均及时回复.
    assert answered_2020.count() == 2 and all(m.kind == "inquiry" for m in answered_2020)
    assert all(m.replied_at.date() <= m.due_on for m in answered_2020)
    html = client.get("/messages/lushan-transport/").content.decode()
    assert "庐山至九江城际公交的发车时间" in html
    stats = client.get("/messages/lushan-transport/statistics.json", {"year": "2020"}).json()
    assert stats["kinds"]["inquiry"]["received"] == 2 and stats["kinds"]["inquiry"]["answered"] == 2


def test_demo_site_group_kinds_and_reconsideration_bodies(demo):
    from datetime import date

    from gongkai.agencies.models import SiteGroup
    from gongkai.agencies.reconsideration import bodies_text, reconsideration_bodies

    group = SiteGroup.objects.get()
    assert group.top_agency.name == "九江市人民政府" and group.name == "九江市政府网站群"
    transport = Agency.objects.get(slug="lushan-transport")
    assert transport.government.name == "庐山市人民政府"
    assert bodies_text(reconsideration_bodies(transport, date(2023, 12, 31))) == (
        "庐山市人民政府或者九江市交通运输局"
    )
    assert bodies_text(reconsideration_bodies(transport, date(2024, 1, 1))) == "庐山市人民政府"
    editor = get_user_model().objects.get(username="portal-editor")
    assert editor.staff_profile.agency == group.top_agency
    assert "portal" in set(editor.groups.values_list("name", flat=True))
    assert any(username == "portal-editor" for username, _role, _agency in demo)
