"""The demo site group: 九江市 with 庐山市交通运输局 (the seed report's bureau) and one more agency.

Loading is idempotent: every object is looked up by its natural key before it is created,
so running the demo twice changes nothing.
"""

import json
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape

from gongkai.agencies import actions
from gongkai.agencies.models import Agency, Department, Role
from gongkai.applications import actions as case_actions
from gongkai.applications import particulars
from gongkai.applications.models import Application
from gongkai.catalog.migrated import publish_migrated
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.catalog.search.batched import batched
from gongkai.disputes import actions as register
from gongkai.formguard.spam import content_hash
from gongkai.interaction.actions import (
    do_approve_reply,
    do_assign,
    do_draft_reply,
    do_open_campaign,
    do_submit,
)
from gongkai.interaction.models import Campaign, Message
from gongkai.reports.actions import do_create_report, do_enter_figures, do_save_narrative
from gongkai.reports.generate import generate
from gongkai.reports.models import AnnualReport, Figure
from gongkai.reports.narrative import year_facts

DEMO_DIR = Path(__file__).resolve().parent
SHANGHAI = ZoneInfo("Asia/Shanghai")


def read_demo(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo site group through the onboarding actions (the same ones the back
    office and ``gongkai sitegroup import`` call); return the staff logins as
    (username, role, agency).

    Hundreds of pages: Wagtail's own search index is written once at the end
    (:func:`batched`), not on every save, which on PostgreSQL refreshes the whole index."""
    with transaction.atomic(), batched():
        return _load_demo()


def _load_demo() -> list[tuple[str, str, str]]:
    site = read_demo("site.json")
    logins = []
    reviewers = {}
    for order, spec in enumerate(site["agencies"]):
        agency = _ensure_agency(spec, order)
        departments = _ensure_departments(agency, spec)
        for department_slug, column_slugs in spec["column_owners"].items():
            columns = ColumnPage.objects.descendant_of(agency.home_page).filter(
                slug__in=column_slugs
            )
            for column in columns:
                actions.do_assign_column(column, departments[department_slug], acting_user=None)
        for entry in spec.get("reconsideration", []):
            actions.do_record_reconsideration(
                agency, date.fromisoformat(entry["valid_from"]), entry["bodies"], acting_user=None
            )
        short = spec["short"]
        wanted = spec.get("accounts", list(STAFF_ACCOUNTS))
        accounts = [
            (f"{short}-{suffix}", role, None)
            for suffix, role in STAFF_ACCOUNTS.items()
            if suffix in wanted
        ]
        accounts += [
            (
                spec.get("editor_logins", {}).get(slug, f"{short}-editor-{slug}"),
                Role.EDITOR,
                departments[slug],
            )
            for slug, _ in spec["editors"]
        ]
        for username, role, department in accounts:
            user = _ensure_person(
                username,
                site["password"],
                f"{agency.name}{Role(role).label}",
                role,
                agency,
                department,
            )
            logins.append((username, str(Role(role).label), agency.name))
            if role == Role.REVIEWER:
                reviewers[agency.slug] = user
    _portal_intro(site["portal"])
    _services_platform(site["portal"]["services_platform"], [a["slug"] for a in site["agencies"]])
    spec = site["supervisor"]
    supervisor_agency = Agency.objects.get(slug=spec["agency"])
    _ensure_person(
        spec["username"], site["password"], spec["name"], Role.SUPERVISOR, supervisor_agency, None
    )
    logins.append((spec["username"], str(Role.SUPERVISOR.label), supervisor_agency.name))
    superuser = _ensure_superuser(site["superuser"], site["password"])
    logins.append((superuser.username, "超级管理员", actions.portal().title))
    _load_items(read_demo("items.json")["items"], reviewers)
    _load_messages(site["messages"])
    _load_reports(read_demo("reports.json"))
    return logins


# login suffix -> role of the accounts every demo agency has (unless its spec lists fewer)
STAFF_ACCOUNTS = {
    "admin": Role.AGENCY_ADMIN,
    "reviewer": Role.REVIEWER,
    "officer": Role.DISCLOSURE_OFFICER,
    "head": Role.DISCLOSURE_HEAD,
}
AGENCY_SPEC_FIELDS = (
    "name",
    "document_prefix",
    "kind",
    "credit_code",
    "address",
    "postcode",
    "phone",
    "email",
    "icp_number",
    "police_number",
    "site_code",
    "superior_name",
)


def _ensure_agency(spec: dict, order: int) -> Agency:
    fields = {key: spec[key] for key in AGENCY_SPEC_FIELDS if key in spec}
    fields["government"] = (
        Agency.objects.get(slug=spec["government"]) if spec.get("government") else None
    )
    agency = Agency.objects.filter(slug=spec["slug"]).first()
    if agency is None:
        return actions.do_create_agency(
            acting_user=None, slug=spec["slug"], sort_order=order, **fields
        )
    return actions.do_change_agency(agency, acting_user=None, **fields)


def _ensure_departments(agency: Agency, spec: dict) -> dict[str, Department]:
    """The spec's departments by their key in the demo files (the real slug is generated)."""
    found = {}
    for key, name in spec["departments"]:
        department = Department.objects.filter(agency=agency, name=name).first()
        found[key] = department or actions.do_add_department(agency, name, acting_user=None)
    return found


def _ensure_person(username, password, name, role, agency, department):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return actions.do_create_person(
            username,
            name,
            acting_user=None,
            roles={role},
            agency=agency,
            department=department,
            password=password,
        )
    actions.do_set_roles(user, {role}, acting_user=None, agency=agency, department=department)
    return user


def _ensure_superuser(spec: dict, password: str):
    """The installation's own administrator: a Django superuser, no staff role."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=spec["username"]).first()
    if user is None:
        user = user_model.objects.create_superuser(
            username=spec["username"], password=password, first_name=spec["name"], email=""
        )
    return user


def _portal_intro(spec: dict) -> None:
    portal = actions.portal()
    if not portal.intro:
        portal.intro = f"<p>{escape(spec['intro'])}</p>"
        portal.save_revision().publish()


def _services_platform(spec: dict, agency_slugs: list[str]) -> None:
    """Every demo agency's 政务服务 column links to the province's 一体化政务服务平台 (what the
    website inspection counts as online services)."""
    link = f'<p><a href="{escape(spec["url"])}">{escape(spec["name"])}</a></p>'
    columns = ColumnPage.objects.filter(
        agency__slug__in=agency_slugs, slug="services", description=""
    )
    for column in columns:
        column.description = link
        column.save_revision().publish()


def _department_key(agency_slug: str, key: str) -> Department:
    """A department named in items.json or site.json by its demo key."""
    spec = next(a for a in read_demo("site.json")["agencies"] if a["slug"] == agency_slug)
    name = dict(spec["departments"])[key]
    return Department.objects.get(agency__slug=agency_slug, name=name)


def _load_items(items: list[dict], reviewers: dict) -> None:
    existing = set(InfoItem.objects.values_list("agency__slug", "title"))
    columns = {(c.agency.slug, c.slug): c for c in ColumnPage.objects.select_related("agency")}
    site = read_demo("site.json")
    departments = {
        (spec["slug"], key): Department.objects.get(agency__slug=spec["slug"], name=name)
        for spec in site["agencies"]
        for key, name in spec["departments"]
    }
    # Publishing in date order gives each year's 索引号 serials in the order of publication.
    numbered = sorted(enumerate(items), key=lambda pair: (pair[1]["published_on"], pair[0]))
    for number, spec in numbered:
        if (spec["agency"], spec["title"]) in existing:
            continue
        column = columns[(spec["agency"], spec["column"])]
        validity = spec.get("validity") or {}
        # The demo's history: the item went public on its 发布日期, in office hours. Set before
        # publishing so that the 索引号 carries the year of publication; the items are marked
        # as migrated from an earlier system (the website inspection reads their origin).
        published = datetime.combine(
            datetime.fromisoformat(spec["published_on"]).date(), time(9, 30), tzinfo=SHANGHAI
        ) + timedelta(minutes=number % 240)
        item = InfoItem(
            title=spec["title"],
            slug=f"item-{number + 1:04d}",
            summary=spec.get("summary", ""),
            generated_on=spec["generated_on"],
            document_number=spec.get("document_number", ""),
            category=spec.get("category") or "none",
            topic=spec.get("topic", ""),
            genre=spec.get("genre", ""),
            keywords="，".join(spec.get("keywords", [])),
            validity=validity.get("status", ""),
            validity_changed_on=validity.get("changed_on"),
            department=departments[(spec["agency"], spec["department"])],
            body="".join(f"<p>{escape(paragraph)}</p>" for paragraph in spec["body"]),
        )
        # Carried over from the agency's earlier site: public since its original time.
        publish_migrated(column, item, published, user=reviewers.get(spec["agency"]))


def _load_messages(spec: dict) -> None:
    """The seed's "我为庐山献一策" column: messages answered on time (2020: 2 inquiries).

    Accepted through the same action as the public form, then assigned, answered and approved
    by the agency's disclosure officer through the back office's actions, the approval with
    its historical time.
    """
    agency = Agency.objects.get(slug=spec["agency"])
    officer = (
        get_user_model()
        .objects.filter(
            staff_profile__agency=agency,
            staff_profile__role_grants__role=Role.DISCLOSURE_OFFICER,
        )
        .first()
    )
    campaign = Campaign.objects.filter(agency=agency, title=spec["campaign"]["title"]).first()
    if campaign is None:
        campaign = do_open_campaign(
            agency,
            title=spec["campaign"]["title"],
            description=spec["campaign"]["description"],
            acting_user=officer,
        )
    for item in spec["items"]:
        if Message.objects.filter(agency=agency, subject=item["subject"]).exists():
            continue
        received = datetime.fromisoformat(item["received"]).replace(tzinfo=SHANGHAI)
        replied = datetime.fromisoformat(item["replied"]).replace(tzinfo=SHANGHAI)
        message, _secret = do_submit(
            agency,
            kind=item["kind"],
            subject=item["subject"],
            body=item["body"],
            name="市民",
            phone="0792-0000000",
            public_allowed=True,
            campaign=campaign if item.get("campaign") else None,
            content_hash=content_hash(agency.pk, item["subject"], item["body"]),
            received_at=received,
        )
        department = _department_key(agency.slug, item["department"])
        do_assign(message, department, acting_user=officer)
        do_draft_reply(message, item["reply"], acting_user=officer)
        do_approve_reply(message, acting_user=officer, replied_at=replied)


def _load_reports(spec: dict) -> None:
    """The annual-report records of reports.json: figures, the 2021 applications with their
    replies and reconsideration (through the same actions as the back office), and the
    2020 and 2021 report drafts with their narrative."""
    officer = get_user_model().objects.get(username=spec["officer"])
    agency = officer.staff_profile.agency
    for entry in spec["figures"]:
        if not Figure.objects.filter(agency__slug=entry["agency"], year=entry["year"]).exists():
            do_enter_figures(
                Agency.objects.get(slug=entry["agency"]),
                entry["year"],
                entry["cells"],
                acting_user=officer,
                note=entry["note"],
            )
    for entry in spec["applications"]:
        _load_application(agency, officer, entry)
    for entry in spec["reports"]:
        report_agency = Agency.objects.get(slug=entry["agency"])
        if AnnualReport.objects.filter(agency=report_agency, year=entry["year"]).exists():
            continue
        report = do_create_report(report_agency, entry["year"], acting_user=officer)
        facts = asdict(year_facts(generate(report_agency, entry["year"])))
        narrative = {key: text.format(**facts) for key, text in entry["narrative"].items()}
        do_save_narrative(report, narrative, acting_user=officer)


def _load_application(agency, officer, entry: dict) -> None:
    if Application.objects.filter(agency=agency, description=entry["description"]).exists():
        return
    registration = case_actions.do_register(
        agency=agency,
        acting_user=officer,
        channel=entry.get("channel", "in_person"),
        arrived_at=datetime.fromisoformat(entry["arrived"]).replace(tzinfo=SHANGHAI),
        applicant_kind=entry["applicant_kind"],
        organisation_type=entry.get("organisation_type", ""),
        applicant_name=entry["applicant_name"],
        id_document_type="other",
        id_document_number="演示数据",
        description=entry["description"],
        provision_form="paper",
        delivery_route="post",
        postal_address="江西省庐山市（演示地址）",
    )
    app = registration.application
    if correction := entry.get("correction"):
        app = case_actions.do_request_correction(
            app,
            on=date.fromisoformat(correction["on"]),
            correct_by=date.fromisoformat(correction["until"]),
            note=correction["note"],
            acting_user=officer,
        )
        case_actions.do_close_unanswered(
            app, on=date.fromisoformat(correction["closed_on"]), acting_user=officer
        )
    if consultation := entry.get("consultation"):
        app = case_actions.do_start_consultation(
            app,
            on=date.fromisoformat(consultation["on"]),
            party_name=consultation["party"],
            matter=consultation["note"],
            acting_user=officer,
        )
        app = case_actions.do_end_consultation(
            app,
            on=date.fromisoformat(consultation["answered"]),
            result=consultation["result"],
            acting_user=officer,
        )
    if reply := entry.get("reply"):
        reply = case_actions.do_reply(
            app,
            outcome=reply["outcome"],
            text=reply["text"],
            replied_on=date.fromisoformat(reply["on"]),
            acting_user=officer,
            **{k: v for k, v in reply.items() if k in particulars.FIELDS},
        )
    if remedy := entry.get("remedy"):
        record = register.do_record_remedy(
            app,
            kind=remedy["kind"],
            filed_on=date.fromisoformat(remedy["filed_on"]),
            case_number=remedy["case_number"],
            body=remedy.get("body", ""),
            challenged_act=remedy.get("challenged_act", ""),
            acting_user=officer,
        )
        if remedy.get("decision"):
            register.do_conclude_remedy(
                record,
                decision=remedy["decision"],
                concluded_on=date.fromisoformat(remedy["concluded_on"]),
                acting_user=officer,
            )
