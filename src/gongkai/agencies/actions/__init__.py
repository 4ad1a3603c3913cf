"""Every change to the site group's agencies, departments and staff goes through one function
in this package (STYLE.md practice 2): ``sitegroup`` (the site group, its agencies and
departments) and ``people`` (staff accounts and roles), both on ``common`` (who may act,
the audit entry), and ``accounts`` (what Wagtail's user screens change beyond that: the
superuser flag, a password an administrator sets, a profile for an account made elsewhere —
audited through the casework kernel as ``gongkai.agencies.<action>``).

Each action is atomic, checks that the actor may make the change, writes an audit entry
(Wagtail's ``log``: who and when, with the old and new values; a mobile number only
masked) and then derives the permissions again from the records with the idempotent
``sync_*`` functions of ``roles.py`` — permissions are never edited by hand.

``acting_user=None`` is the command line (``gongkai sitegroup import``, ``gongkai demo``):
whoever can run it already holds the database.
"""

from gongkai.agencies.actions.accounts import (
    AUDIT,
    do_add_profile,
    do_make_superuser,
    do_set_password,
)
from gongkai.agencies.actions.common import (
    ACTION_PREFIX,
    ACTIONS,
    AGENCY_FIELDS,
    OnboardingError,
)
from gongkai.agencies.actions.people import (
    check_assignment,
    do_change_person,
    do_change_role,
    do_create_person,
    do_deactivate_person,
    do_grant_role,
    do_revoke_role,
    do_set_roles,
    mask_mobile,
)
from gongkai.agencies.actions.sitegroup import (
    RETIRED_NOTICE,
    do_add_department,
    do_assign_column,
    do_change_agency,
    do_create_agency,
    do_record_reconsideration,
    do_rename_department,
    do_retire_agency,
    do_retire_department,
    kind_needs_government,
    portal,
    site_group_name,
    top_agency,
)

__all__ = [
    "ACTIONS",
    "AUDIT",
    "ACTION_PREFIX",
    "AGENCY_FIELDS",
    "OnboardingError",
    "RETIRED_NOTICE",
    "check_assignment",
    "do_add_department",
    "do_add_profile",
    "do_assign_column",
    "do_change_agency",
    "do_change_person",
    "do_change_role",
    "do_create_agency",
    "do_create_person",
    "do_deactivate_person",
    "do_grant_role",
    "do_make_superuser",
    "do_record_reconsideration",
    "do_rename_department",
    "do_retire_agency",
    "do_retire_department",
    "do_revoke_role",
    "do_set_password",
    "do_set_roles",
    "kind_needs_government",
    "mask_mobile",
    "portal",
    "site_group_name",
    "top_agency",
]
