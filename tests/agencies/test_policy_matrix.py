"""The whole persona × capability matrix, written out here cell by cell.

It is deliberately not read from ``policy.CAPABILITIES``: a change to the table must change
this file too, so that who may do what is reviewed as a diff of the matrix. The URL walk
(test_admin_url_walk.py) compares the real HTTP answers of the back office with it.
"""

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can

pytestmark = pytest.mark.django_db

# Personas of tests/sitegroup.py. "A" = may do it in agency A (their own), "*" = in every
# agency, "" = nowhere. Columns in the order of PERSONAS.
PERSONAS = (
    "clerk_a",
    "reviewer_a",
    "officer_a",
    "head_a",
    "admin_a",
    "clerk_b",
    "group_supervisor",
)
# fmt: off
MATRIX = {
    #                                clerk  rev   off   head  admin clerkB super
    "admin.access":                ("A",  "A",  "A",  "A",  "A",  "B",  "*"),
    "agency.see":                  ("A",  "A",  "A",  "A",  "A",  "B",  "*"),
    "agency.manage":               ("",   "",   "",   "",   "A",  "",   "*"),
    "newmedia.manage":             ("",   "",   "",   "",   "A",  "",   "*"),
    "agency.panels":               ("",   "A",  "A",  "A",  "A",  "",   "*"),
    "pages.edit":                  ("A",  "A",  "A",  "A",  "A",  "B",  ""),
    "pages.publish":               ("",   "A",  "",   "",   "",   "",   ""),
    "pages.create":                ("A",  "A",  "",   "",   "A",  "B",  ""),
    "pages.structure":             ("",   "",   "",   "",   "A",  "",   ""),
    "pages.any_department":        ("",   "A",  "A",  "A",  "A",  "",   ""),
    "pages.withheld_review":       ("",   "A",  "A",  "A",  "",   "",   ""),
    "cases.list":                  ("",   "",   "A",  "A",  "A",  "",   "*"),
    "cases.read":                  ("",   "",   "A",  "A",  "",   "",   "*"),
    "cases.assigned":              ("A",  "",   "",   "",   "",   "B",  ""),
    "cases.handle":                ("",   "",   "A",  "A",  "",   "",   ""),
    "cases.assign":                ("",   "",   "A",  "A",  "",   "",   ""),
    "cases.opinion":               ("A",  "",   "",   "",   "",   "B",  ""),
    "cases.personal":              ("",   "",   "A",  "A",  "",   "",   ""),
    "cases.approve_extension":     ("",   "",   "",   "A",  "",   "",   ""),
    "cases.approve_refusal":       ("",   "",   "",   "A",  "",   "",   ""),
    "messages.list":               ("",   "",   "A",  "A",  "A",  "",   "*"),
    "messages.assigned":           ("A",  "",   "",   "",   "",   "B",  ""),
    "messages.handle":             ("",   "",   "A",  "A",  "",   "",   ""),
    "messages.personal":           ("",   "",   "A",  "A",  "",   "",   ""),
    "messages.settings":           ("",   "",   "A",  "A",  "A",  "",   ""),
    "reports.read":                ("A",  "A",  "A",  "A",  "A",  "B",  "*"),
    "reports.write":               ("",   "",   "A",  "A",  "A",  "",   ""),
    "contributions.submit":        ("A",  "A",  "",   "",   "",   "B",  ""),
    "contributions.adopt":         ("A",  "A",  "",   "",   "",   "B",  ""),
    "contributions.columns":       ("",   "",   "",   "",   "A",  "",   "*"),
    "reports.submit":              ("",   "",   "A",  "A",  "",   "",   ""),
    "reports.review":              ("",   "",   "",   "",   "",   "",   "*"),
    "group.supervise":             ("",   "",   "",   "",   "",   "",   "*"),
    "inspection.expressions":      ("",   "",   "",   "",   "",   "",   "*"),
    "group.admin":                 ("",   "",   "",   "",   "",   "",   ""),
    "evaluation.self_check":       ("",   "",   "A",  "A",  "A",  "",   "*"),
    "evaluation.score":            ("",   "",   "",   "",   "",   "",   "*"),
    "evaluation.scheme":           ("",   "",   "",   "",   "",   "",   "*"),
}
# fmt: on


def expected(capability: str, username: str, agency_slug: str) -> bool:
    """What the matrix says ``username`` may do in ``agency_slug`` ("agency-a"/"agency-b")."""
    cell = MATRIX[capability][PERSONAS.index(username)]
    return cell == "*" or (cell != "" and agency_slug == f"agency-{cell.lower()}")


def personas():
    return {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}


def test_the_matrix_names_every_capability_of_the_policy():
    names = {
        value
        for key, value in vars(Capability).items()
        if not key.startswith("_") and isinstance(value, str)
    }
    assert set(MATRIX) == names


def test_every_persona_of_the_matrix_exists_in_the_site_group():
    assert set(personas()) == set(PERSONAS)


@pytest.mark.parametrize("capability", sorted(MATRIX))
def test_policy_answers_the_matrix(capability):
    users = personas()
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=["agency-a", "agency-b"])}
    wrong = []
    for username in PERSONAS:
        for slug, agency in agencies.items():
            want = expected(capability, username, slug)
            if can(users[username], capability, agency) != want:
                wrong.append(f"{username} in {slug}: expected {want}")
            if can(users[username], capability, agency.pk) != want:
                wrong.append(f"{username} in {slug} (by id): expected {want}")
        anywhere = MATRIX[capability][PERSONAS.index(username)] != ""
        if can(users[username], capability) != anywhere:
            wrong.append(f"{username} anywhere: expected {anywhere}")
    assert wrong == []


# What a superuser without a role may not do: the statutory acts of an agency's staff.
NOT_FOR_SUPERUSERS = {
    "cases.handle",
    "cases.assign",
    "cases.opinion",
    "cases.approve_extension",
    "cases.approve_refusal",
    "messages.handle",
    "messages.assigned",
    "reports.write",
    "reports.submit",
    "reports.review",
}


def test_superuser_may_do_all_but_casework_and_a_deactivated_account_nothing():
    User = get_user_model()
    root = User(username="root", is_superuser=True, is_active=True)
    assert {c for c in MATRIX if can(root, c)} == set(MATRIX) - NOT_FOR_SUPERUSERS
    officer = User.objects.get(username="officer_a")
    officer.is_active = False
    assert not any(can(officer, capability) for capability in MATRIX)


def test_an_account_without_a_profile_may_do_nothing():
    nobody = get_user_model().objects.create_user(username="nobody")
    assert not any(can(nobody, capability) for capability in MATRIX)
