"""One policy for who may do what: the capability table and ``can(user, capability, agency)``.

Every check in the back office — a view, an action, a queryset, a menu item, a dashboard
panel — asks ``can``; no other module compares roles. A role's capabilities hold in its own
agency; a supervisor's hold in every agency of the site group (their government named on
the profile is where they work, not a limit on what they see). Superusers may do anything
but the statutory acts of an agency's staff (``STAFF_ONLY``), which need a role.

The decisions behind the table (issue 13):

- applications and messages belong to the 公开办: its officers handle them; its head
  (公开办负责人) alone approves extensions (Art. 33 ¶2) and, where the agency requires it,
  refusals;
- the agency admin manages accounts, departments, columns and the guide and sees case
  lists masked, with no casework;
- a department editor sees a case only once the officer assigns it to their department for
  an opinion (承办), never the applicant's personal data, and returns an opinion and files;
- reviewers approve publications;
- supervisors read everything of every agency, masked, and change nothing of its cases;
  the one change they make to an agency's work is accepting or returning its submitted
  annual report (issue 19).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from gongkai.agencies.models import Role, StaffProfile


class Capability:
    """What a person may do. The names are the vocabulary of the whole back office."""

    ADMIN = "admin.access"  # log in to the back office at all
    AGENCY_SEE = "agency.see"  # see an agency's pages, documents, images, departments
    AGENCY_MANAGE = "agency.manage"  # accounts, departments, columns, the guide
    # the agency's panels on the dashboard (report deadline, cases, messages); without it a
    # department's editor sees their own work
    AGENCY_PANELS = "agency.panels"
    PAGES_EDIT = "pages.edit"  # write and submit items for review
    PAGES_PUBLISH = "pages.publish"  # approve publications
    PAGES_CREATE = "pages.create"  # create information items (where page permissions allow)
    PAGES_STRUCTURE = "pages.structure"  # create columns and the guide
    # write in the name of any department of the agency, see all its late items; without it
    # an editor writes and sees only as their own department
    PAGES_ANY_DEPARTMENT = "pages.any_department"
    # Art. 18: the periodic review of what the agency does not disclose proactively
    PAGES_WITHHELD_REVIEW = "pages.withheld_review"

    CASES_LIST = "cases.list"  # see the list of applications (masked unless CASES_PERSONAL)
    CASES_READ = "cases.read"  # open any application of the agency (masked unless personal)
    CASES_ASSIGNED = "cases.assigned"  # open an application assigned to one's department
    CASES_HANDLE = "cases.handle"  # register, correct, consult, extend, reply … (casework)
    CASES_ASSIGN = "cases.assign"  # assign a case to a department for an opinion (承办)
    CASES_OPINION = "cases.opinion"  # return an opinion and files on an assigned case
    CASES_PERSONAL = "cases.personal"  # see the applicant's personal data in clear
    CASES_APPROVE_EXTENSION = "cases.approve_extension"  # Art. 33 ¶2
    CASES_APPROVE_REFUSAL = "cases.approve_refusal"  # where the agency requires it

    MESSAGES_LIST = "messages.list"  # see the queue of messages (留言), masked unless personal
    MESSAGES_ASSIGNED = (
        "messages.assigned"  # draft a reply to a message assigned to one's department
    )
    MESSAGES_HANDLE = "messages.handle"  # assign, approve and publish replies
    MESSAGES_PERSONAL = "messages.personal"  # see the writer's phone and e-mail in clear
    MESSAGES_SETTINGS = "messages.settings"  # the agency's interaction settings

    REPORTS_READ = "reports.read"  # the annual report and its figures
    REPORTS_WRITE = "reports.write"
    # submit the annual report to the supervisor (提交): the 公开办's officers and head
    REPORTS_SUBMIT = "reports.submit"
    # accept or return a submitted report: the supervisor's one change to an agency's work
    REPORTS_REVIEW = "reports.review"

    # the register of the agency's official new-media accounts (政务新媒体) and their post
    # counts; everyone who sees the agency reads it
    NEWMEDIA_MANAGE = "newmedia.manage"

    # 信息报送: offer an item of one's agency to another site's column; adopt (采用) or
    # return (退回) what others offer to one's own columns
    CONTRIBUTIONS_SUBMIT = "contributions.submit"
    CONTRIBUTIONS_ADOPT = "contributions.adopt"
    # which of the agency's columns accept submissions (接受报送), and 栏目映射 into them
    CONTRIBUTIONS_COLUMNS = "contributions.columns"

    SUPERVISE = "group.supervise"  # the site group's overview, report check, rollup, logs
    # the evaluation (考评): the agency's own 自查 view of its scores; scoring the manual
    # indicators; the yearly scheme
    EVALUATION_SELF_CHECK = "evaluation.self_check"
    EVALUATION_SCORE = "evaluation.score"
    EVALUATION_SCHEME = "evaluation.scheme"
    # the site group's list of wrong official expressions (website inspection, 严重错误)
    INSPECTION_EXPRESSIONS = "inspection.expressions"
    # Wagtail's own machinery: sites, collections, workflows, groups, accounts, the holiday
    # schedule. No role holds it; superusers do.
    GROUP_ADMIN = "group.admin"


C = Capability

_ALL_STAFF = frozenset({C.ADMIN, C.AGENCY_SEE, C.REPORTS_READ})
_DISCLOSURE_OFFICE = _ALL_STAFF | {
    C.AGENCY_PANELS,
    C.EVALUATION_SELF_CHECK,
    C.PAGES_EDIT,  # the 依申请公开 column and the guide's contact details
    C.PAGES_ANY_DEPARTMENT,
    C.CASES_LIST,
    C.CASES_READ,
    C.CASES_HANDLE,
    C.CASES_ASSIGN,
    C.CASES_PERSONAL,
    C.MESSAGES_LIST,
    C.MESSAGES_HANDLE,
    C.MESSAGES_PERSONAL,
    C.MESSAGES_SETTINGS,
    C.REPORTS_WRITE,
    C.REPORTS_SUBMIT,
    C.PAGES_WITHHELD_REVIEW,
}

# role -> capabilities. The test of the policy pins this table cell by cell.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.AGENCY_ADMIN: _ALL_STAFF
    | {
        C.AGENCY_MANAGE,
        C.NEWMEDIA_MANAGE,
        C.AGENCY_PANELS,
        C.CONTRIBUTIONS_COLUMNS,
        C.PAGES_EDIT,
        C.PAGES_CREATE,
        C.PAGES_STRUCTURE,
        C.PAGES_ANY_DEPARTMENT,
        C.CASES_LIST,
        C.MESSAGES_LIST,
        C.MESSAGES_SETTINGS,
        C.REPORTS_WRITE,
        C.EVALUATION_SELF_CHECK,
    },
    Role.EDITOR: _ALL_STAFF
    | {
        C.PAGES_EDIT,
        C.PAGES_CREATE,
        C.CASES_ASSIGNED,
        C.CASES_OPINION,
        C.MESSAGES_ASSIGNED,
        C.CONTRIBUTIONS_SUBMIT,
        C.CONTRIBUTIONS_ADOPT,
    },
    Role.REVIEWER: _ALL_STAFF
    | {
        C.AGENCY_PANELS,
        C.PAGES_EDIT,
        C.PAGES_CREATE,
        C.PAGES_ANY_DEPARTMENT,
        C.PAGES_PUBLISH,
        C.PAGES_WITHHELD_REVIEW,
        C.CONTRIBUTIONS_SUBMIT,
        C.CONTRIBUTIONS_ADOPT,
    },
    Role.DISCLOSURE_OFFICER: _DISCLOSURE_OFFICE,
    Role.DISCLOSURE_HEAD: _DISCLOSURE_OFFICE | {C.CASES_APPROVE_EXTENSION, C.CASES_APPROVE_REFUSAL},
    # AGENCY_MANAGE: the supervisor sets up the agencies of the site group.
    Role.SUPERVISOR: _ALL_STAFF
    | {
        C.AGENCY_MANAGE,
        C.NEWMEDIA_MANAGE,
        C.AGENCY_PANELS,
        C.CASES_LIST,
        C.CASES_READ,
        C.MESSAGES_LIST,
        C.SUPERVISE,
        C.CONTRIBUTIONS_COLUMNS,  # the site group's admin maps columns across sites
        C.EVALUATION_SELF_CHECK,
        C.EVALUATION_SCORE,
        C.EVALUATION_SCHEME,
        C.INSPECTION_EXPRESSIONS,
        C.REPORTS_REVIEW,
    },
}

# Statutory acts are done by a named member of the agency's staff, in their role: a
# superuser (the site group's operator) reads everything but holds none of these.
STAFF_ONLY = frozenset(
    {
        C.CASES_HANDLE,
        C.CASES_ASSIGN,
        C.CASES_OPINION,
        C.CASES_APPROVE_EXTENSION,
        C.CASES_APPROVE_REFUSAL,
        C.MESSAGES_HANDLE,
        C.MESSAGES_ASSIGNED,
        C.REPORTS_WRITE,
        C.REPORTS_SUBMIT,
        C.REPORTS_REVIEW,
    }
)

# Capabilities a supervisor holds in every agency; every other grant holds in one's own.
GROUP_WIDE_ROLES = frozenset({Role.SUPERVISOR})


def _active(user) -> bool:
    # A deactivated account acts for no one, whatever its profile still says.
    return user is not None and user.is_authenticated and user.is_active


def _profile(user):

    if not _active(user):
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def roles_of(user) -> frozenset[str]:
    """The role values of ``user``'s profile (empty for accounts without one)."""
    profile = _profile(user)
    if profile is None:
        return frozenset()
    return profile.roles


def agency_id_of_user(user) -> int | None:
    profile = _profile(user)
    return profile.agency_id if profile is not None else None


def _agency_id(agency) -> int | None:
    if agency is None or isinstance(agency, int):
        return agency
    return agency.pk


def can(user, capability: str, agency=None) -> bool:
    """Whether ``user`` may do ``capability`` in ``agency`` (an Agency, its id, or None).

    With ``agency=None`` the question is whether the user may do it anywhere — what a menu
    item or a dashboard panel needs to know before it lists anything.
    """
    if not _active(user):
        return False
    if user.is_superuser and capability not in STAFF_ONLY:
        return True
    agency_id = _agency_id(agency)
    own_agency = agency_id_of_user(user)
    for role in roles_of(user):
        if capability not in CAPABILITIES.get(role, ()):
            continue
        if agency_id is None or role in GROUP_WIDE_ROLES or agency_id == own_agency:
            return True
    return False


def can_any(*capabilities: str):
    """The check, as a function of the user, that they may do one of ``capabilities``
    anywhere (``can`` with no agency): what a back-office menu item is shown on."""
    return lambda user: any(can(user, capability) for capability in capabilities)


def group_wide(user, capability: str) -> bool:
    """Whether ``user`` holds ``capability`` in every agency (supervisors, superusers)."""
    if not _active(user):
        return False
    if user.is_superuser and capability not in STAFF_ONLY:
        return True
    return any(
        capability in CAPABILITIES.get(role, ()) for role in roles_of(user) & GROUP_WIDE_ROLES
    )


def agency_ids_where(user, capability: str) -> list[int] | None:
    """The agencies where ``user`` may do ``capability``: None means every agency."""
    if group_wide(user, capability):
        return None
    own = agency_id_of_user(user)
    if own is not None and can(user, capability, own):
        return [own]
    return []


def scope(queryset, user, capability: str, field: str = "agency_id"):
    """``queryset`` narrowed to the agencies where ``user`` may do ``capability``."""
    ids = agency_ids_where(user, capability)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def require(user, capability: str, agency=None) -> None:
    """Raise Http404 unless ``can``: an area or object one may not use does not exist."""
    if not can(user, capability, agency):
        raise Http404("Not found")


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(role for role, caps in CAPABILITIES.items() if capability in caps)


def holders(capability: str, agency):
    """The active accounts that may do ``capability`` in ``agency`` (superusers aside) —
    whom to offer as the approver of an extension, whom to remind."""

    roles = roles_with(capability)
    own = Q(staff_profile__agency_id=_agency_id(agency)) & Q(
        staff_profile__role_grants__role__in=roles - GROUP_WIDE_ROLES
    )
    wide = Q(staff_profile__role_grants__role__in=roles & GROUP_WIDE_ROLES)
    return get_user_model().objects.filter(own | wide, is_active=True).distinct()


def department_bound(user) -> bool:
    """Whether ``user`` writes pages only in their own department's name (an editor, 股室信息员,
    with no role that writes for the whole agency)."""
    return can(user, C.PAGES_EDIT) and not can(user, C.PAGES_ANY_DEPARTMENT)


def department_id_of_user(user) -> int | None:
    profile = _profile(user)
    return profile.department_id if profile is not None else None


def refusal_needs_head_approval(agency) -> bool:
    """Whether a refusal (不予公开, and the refused part of a partial disclosure) in
    ``agency`` needs the approval of its 公开办负责人 before the reply goes out.

    The agency decides (``Agency.refusal_needs_head_approval``, off by default); who may
    approve is ``can(user, Capability.CASES_APPROVE_REFUSAL, agency)``.
    """
    return bool(agency is not None and agency.refusal_needs_head_approval)
