"""Export the site group in the import's columns: one row per agency, department and
account, in a stable order, without timestamps or secrets, so that importing the export
and exporting again gives the same file."""

from __future__ import annotations

from pathlib import Path

from gongkai.agencies.models import Agency, Department, StaffProfile
from gongkai.agencies.onboard import AGENCY_COLUMNS, join_roles
from gongkai.agencies.sheets import SPEC, flag_text, write_folder, write_xlsx
from gongkai.agencies.sites import sites


def export_rows() -> dict[str, list[list[str]]]:
    agencies = []
    for agency in Agency.objects.select_related("government").order_by("sort_order", "slug"):
        values = {column: getattr(agency, field) for column, field in AGENCY_COLUMNS.items()}
        values["slug"] = agency.slug
        values["government"] = agency.government.slug if agency.government else ""
        values["head_approves_refusals"] = flag_text(agency.refusal_needs_head_approval)
        values["document_prefix"] = agency.document_prefix
        values["reconsideration_online"] = agency.reconsideration_online_channel
        agencies.append([values[c.id] for c in SPEC["agencies"].columns])
    departments = []
    owned: dict[int, list[str]] = {}
    for column in sites().columns().filter(department__isnull=False).order_by("path"):
        owned.setdefault(column.department_id, []).append(column.slug)
    for department in Department.objects.select_related("agency").order_by(
        "agency__sort_order", "agency__slug", "sort_order", "name"
    ):
        departments.append(
            [department.agency.slug, department.name, ";".join(owned.get(department.pk, []))]
        )
    staff = []
    profiles = StaffProfile.objects.select_related("user", "agency", "department")
    for profile in sorted(profiles, key=lambda p: p.user.get_username()):
        user = profile.user
        staff.append(
            [
                user.get_username(),
                user.first_name,
                user.email,
                profile.mobile,
                profile.agency.slug if profile.agency else "",
                join_roles(profile.roles),
                profile.department.name if profile.department else "",
            ]
        )
    return {"agencies": agencies, "departments": departments, "staff": staff}


def export(path: Path) -> None:
    path = Path(path)
    rows = export_rows()
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, rows)
    else:
        write_folder(path, rows)


def template(path: Path) -> None:
    write_xlsx(Path(path), {})
