"""The onboarding actions for agencies and departments, through the database."""

from datetime import date

import pytest
from wagtail.models import Collection, ModelLogEntry, PageLogEntry, Site, WorkflowPage

from gongkai.agencies import actions
from gongkai.agencies.actions import OnboardingError
from gongkai.agencies.models import Agency, AgencyKind, Department, SiteGroup
from gongkai.catalog.models import AgencyHomePage, ColumnPage, PortalHomePage

pytestmark = pytest.mark.django_db


def _government(user=None, slug="jj-gov", name="九江市人民政府"):
    return actions.do_create_agency(
        acting_user=user, name=name, slug=slug, kind=AgencyKind.GOVERNMENT, index_code="X9"
    )


def _department(government, user=None, slug="jj-water", name="九江市水利局", **fields):
    fields.setdefault("credit_code", "11360400MB0000001M")
    return actions.do_create_agency(
        acting_user=user,
        name=name,
        slug=slug,
        kind=AgencyKind.DEPARTMENT,
        government=government,
        **fields,
    )


def test_the_first_government_founds_the_site_group_with_its_portal():
    top = _government()
    group = SiteGroup.objects.get()
    assert group.top_agency == top
    assert group.name == "九江市政府网站群"
    assert PortalHomePage.objects.get().title == "九江市政府网站群"


def test_creating_an_agency_builds_its_site_collection_groups_and_workflow(persona, client):
    supervisor = persona(client, "group_supervisor")
    water = _department(_government(supervisor), supervisor, hostname="water.example.cn")
    home = AgencyHomePage.objects.get(agency=water)
    assert home.live and home.get_parent().specific_class is PortalHomePage
    slugs = set(ColumnPage.objects.descendant_of(home).values_list("slug", flat=True))
    assert {"disclosure", "apply", "licensing", "work-news"} <= slugs
    assert Collection.objects.filter(name="九江市水利局").exists()
    assert WorkflowPage.objects.get(page=home).workflow.name == "九江市水利局信息发布审核"
    assert Site.objects.get(hostname="water.example.cn").root_page_id == home.pk
    entry = ModelLogEntry.objects.get(action="gongkai_agencies.create_agency", object_id=water.pk)
    assert entry.user == supervisor
    assert entry.data["new"]["name"] == "九江市水利局"


def test_only_the_supervisor_creates_agencies(persona, client):
    admin = persona(client, "admin_a")
    with pytest.raises(OnboardingError, match="只有政务公开办"):
        _government(admin)
    assert not Agency.objects.filter(slug="jj-gov").exists()


def test_a_department_needs_its_government():
    with pytest.raises(OnboardingError, match="本级人民政府"):
        actions.do_create_agency(
            acting_user=None, name="某局", slug="some", kind=AgencyKind.DEPARTMENT, index_code="1"
        )


def test_a_bad_credit_code_check_character_is_refused():
    top = _government()
    with pytest.raises(OnboardingError, match="校验位"):
        _department(top, credit_code="11360400MB0000001K")


def test_a_second_top_agency_is_refused():
    _government()
    with pytest.raises(OnboardingError, match="主办单位"):
        _government(slug="other", name="另一个人民政府")


def test_changing_an_agency_renames_its_site_and_collection_and_is_audited(persona, client):
    supervisor = persona(client, "group_supervisor")
    water = _department(_government())
    actions.do_change_agency(water, acting_user=supervisor, name="九江市水务局", phone="0792-1")
    water.refresh_from_db()
    assert AgencyHomePage.objects.get(agency=water).title == "九江市水务局"
    assert Collection.objects.filter(name="九江市水务局").exists()
    entry = ModelLogEntry.objects.get(action="gongkai_agencies.change_agency", object_id=water.pk)
    assert entry.data["old"] == {"name": "九江市水利局", "phone": ""}
    assert entry.data["new"] == {"name": "九江市水务局", "phone": "0792-1"}


def test_an_agency_admin_changes_their_agency_but_not_its_slug_or_another_agency(persona, client):
    admin = persona(client, "admin_a")
    agency_a = Agency.objects.get(slug="agency-a")
    actions.do_change_agency(agency_a, acting_user=admin, phone="0792-7654321")
    with pytest.raises(OnboardingError, match="政务公开办"):
        actions.do_change_agency(agency_a, acting_user=admin, slug="elsewhere")
    with pytest.raises(OnboardingError):
        actions.do_change_agency(Agency.objects.get(slug="agency-b"), acting_user=admin, phone="1")


def test_retiring_an_agency_takes_its_site_offline_behind_a_notice_and_deletes_nothing(
    persona, client
):
    supervisor = persona(client, "group_supervisor")
    agency_a = Agency.objects.get(slug="agency-a")
    home = agency_a.home_page
    pages = home.get_descendants().count()
    actions.do_retire_agency(agency_a, acting_user=supervisor, on=date(2026, 12, 1))
    home.refresh_from_db()
    assert home.live and "2026年12月1日撤销" in home.intro
    assert home.get_descendants().count() == pages
    assert not home.get_descendants().live().exists()
    response = client.get(home.url)
    assert "撤销" in response.content.decode()
    assert Department.objects.filter(agency=agency_a).exists()


def test_departments_are_added_renamed_and_retired_with_their_permissions(persona, client):
    admin = persona(client, "admin_a")
    agency_a = Agency.objects.get(slug="agency-a")
    legal = actions.do_add_department(agency_a, "法规股", acting_user=admin)
    assert legal.slug and legal.slug not in {"office", "transport", "construction"}
    with pytest.raises(OnboardingError, match="已有股室"):
        actions.do_add_department(agency_a, "法规股", acting_user=admin)
    policies = ColumnPage.objects.get(agency=agency_a, slug="policies")
    actions.do_assign_column(policies, legal, acting_user=admin)
    group_perms = legal_group_pages(agency_a, legal)
    assert group_perms == {policies.pk}
    with pytest.raises(OnboardingError, match="仍负责栏目"):
        actions.do_retire_department(legal, acting_user=admin)
    actions.do_rename_department(legal, "法制股", acting_user=admin)
    actions.do_assign_column(policies, None, acting_user=admin)
    assert legal_group_pages(agency_a, legal) == set()
    actions.do_retire_department(legal, acting_user=admin)
    legal.refresh_from_db()
    assert legal.name == "法制股" and legal.retired_on is not None
    logged = set(
        ModelLogEntry.objects.filter(action__startswith="gongkai_agencies.").values_list(
            "action", flat=True
        )
    ) | set(PageLogEntry.objects.filter(page=policies).values_list("action", flat=True))
    assert {
        "gongkai_agencies.add_department",
        "gongkai_agencies.rename_department",
        "gongkai_agencies.assign_column",
        "gongkai_agencies.retire_department",
    } <= logged


def legal_group_pages(agency, department):
    from django.contrib.auth.models import Group

    from gongkai.agencies.roles import group_name

    group = Group.objects.get(name=group_name(agency, "editor", department))
    return set(group.page_permissions.values_list("page_id", flat=True))


def test_an_agency_admin_cannot_touch_another_agencys_departments(persona, client):
    admin = persona(client, "admin_a")
    with pytest.raises(OnboardingError):
        actions.do_add_department(Agency.objects.get(slug="agency-b"), "法规股", acting_user=admin)
    department_b = Department.objects.filter(agency__slug="agency-b").first()
    with pytest.raises(OnboardingError):
        actions.do_rename_department(department_b, "改名", acting_user=admin)


def test_assigning_a_column_survives_a_later_publish(persona, client):
    admin = persona(client, "admin_a")
    agency_a = Agency.objects.get(slug="agency-a")
    office = Department.objects.get(agency=agency_a, slug="office")
    column = ColumnPage.objects.get(agency=agency_a, slug="budget")
    actions.do_assign_column(column, office, acting_user=admin)
    column.save_revision().publish()
    column.refresh_from_db()
    assert column.department == office
