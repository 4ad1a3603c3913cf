"""Apply a checked onboarding workbook: only the differences, through the actions."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies import actions
from gongkai.agencies.models import Agency, Department, StaffProfile
from gongkai.agencies.onboard import (
    AGENCY_COLUMNS,
    KIND_BY_TEXT,
    ROLE_BY_TEXT,
    Report,
    check,
    missing_notes,
    password_link,
    split_roles,
)
from gongkai.agencies.sheets import Workbook, flag
from gongkai.agencies.sites import sites

FLAG_COLUMN, FLAG_FIELD = "head_approves_refusals", "refusal_needs_head_approval"
#: Columns added after the first files were written: a file without one leaves the setting.
OPTIONAL_COLUMNS = {
    "document_prefix": "document_prefix",
    "reconsideration_online": "reconsideration_online_channel",
}


def apply_workbook(book: Workbook, report: Report, *, base_url: str) -> None:
    report.notes.extend(missing_notes(book))
    if "agencies" in book.tables:
        _agencies(book.tables["agencies"].rows, report)
    if "departments" in book.tables:
        _departments(book.tables["departments"].rows, report)
    if "staff" in book.tables:
        _staff(book.tables["staff"].rows, report, base_url)
    for agency in Agency.objects.filter(credit_code="", retired_on__isnull=True):
        report.notes.append(
            f"{agency.name} 缺统一社会信用代码，索引号前段码暂用 {agency.catalog_code} / "
            "no credit code"
        )


def _agency_values(row) -> dict:
    values = {field: row[column] for column, field in AGENCY_COLUMNS.items()}
    values["kind"] = KIND_BY_TEXT[row["kind"]]
    # A file without the column (written before it existed) leaves the setting as it is.
    if FLAG_COLUMN in row.values:
        values[FLAG_FIELD] = flag(row[FLAG_COLUMN])
    for column, field in OPTIONAL_COLUMNS.items():
        if column in row.values:
            values[field] = row[column].strip()
    return values


def _agencies(rows, report: Report) -> None:
    pending = list(rows)
    # Governments first: an agency is created once its government exists.
    while pending:
        ready = [
            row
            for row in pending
            if not row["government"] or Agency.objects.filter(slug=row["government"]).exists()
        ]
        for row in ready:
            _agency(row, report)
        pending = [row for row in pending if row not in ready]
        if not ready:  # the checker refuses loops; this guards against a silent hang
            raise RuntimeError("agency government links do not resolve")


def _agency(row, report: Report) -> None:
    values = _agency_values(row)
    government = (
        Agency.objects.filter(slug=row["government"]).first() if row["government"] else None
    )
    agency = Agency.objects.filter(slug=row["slug"]).first()
    if agency is None:
        agency = actions.do_create_agency(
            acting_user=None,
            slug=row["slug"],
            government=government,
            sort_order=row.line,
            **values,
        )
        report.changes.append(f"新建机关 {agency.slug} {agency.name} / created agency")
        return
    changes = {
        k: v for k, v in {**values, "government": government}.items() if getattr(agency, k) != v
    }
    if changes:
        actions.do_change_agency(agency, acting_user=None, **changes)
        report.changes.append(
            f"修改机关 {agency.slug}：{'、'.join(sorted(changes))} / changed agency"
        )


def _departments(rows, report: Report) -> None:
    for row in rows:
        agency = Agency.objects.get(slug=row["agency"])
        department = Department.objects.filter(agency=agency, name=row["name"]).first()
        if department is None:
            department = actions.do_add_department(agency, row["name"], acting_user=None)
            report.changes.append(f"新增股室 {agency.slug}/{department.name} / added department")
        wanted = split_roles(row["columns"])
        columns = sites().columns(agency.home_page).filter(slug__in=wanted)
        for column in columns.exclude(department=department):
            actions.do_assign_column(column, department, acting_user=None)
            report.changes.append(
                f"栏目 {agency.slug}/{column.slug} 交由 {department.name} 负责 / column assigned"
            )


def _staff(rows, report: Report, base_url: str) -> None:
    users = get_user_model().objects
    for row in rows:
        agency = Agency.objects.filter(slug=row["agency"]).first() if row["agency"] else None
        department = (
            Department.objects.get(agency=agency, name=row["department"])
            if row["department"]
            else None
        )
        roles = {ROLE_BY_TEXT[text] for text in split_roles(row["role"])}
        user = users.filter(username=row["login"]).first()
        if user is None:
            user = actions.do_create_person(
                row["login"],
                row["full_name"],
                acting_user=None,
                roles=roles,
                agency=agency,
                department=department,
                email=row["email"],
                mobile=row["mobile"],
            )
            url, expires = password_link(user, base_url)
            report.links.append((user.username, row["full_name"], url, expires))
            if user.email:
                transaction.on_commit(
                    partial(_mail_link, user.email, row["full_name"], url, expires)
                )
            report.changes.append(f"新增账号 {user.username} / created account")
            continue
        profile = StaffProfile.objects.filter(user=user).first()
        if profile is None:
            profile = StaffProfile.objects.create(user=user)
        changed = []
        if (user.first_name, user.email, profile.mobile) != (
            row["full_name"],
            row["email"],
            row["mobile"],
        ):
            actions.do_change_person(
                user,
                acting_user=None,
                full_name=row["full_name"],
                email=row["email"],
                mobile=row["mobile"],
            )
            changed.append("姓名或联系方式")
        profile = StaffProfile.objects.get(pk=profile.pk)
        if (profile.roles, profile.agency, profile.department) != (roles, agency, department):
            actions.do_set_roles(
                user, roles, acting_user=None, agency=agency, department=department
            )
            changed.append("角色")
        if changed:
            report.changes.append(
                f"修改账号 {user.username}：{'、'.join(changed)} / changed account"
            )


# Backends that only print or drop mail: the links file is then the only channel.
NOT_REAL_MAIL = ("console.EmailBackend", "dummy.EmailBackend", "filebased.EmailBackend")


def _mail_link(email: str, name: str, url: str, expires: str) -> None:
    """The link by e-mail too, after the commit, only with a real mail backend."""
    if settings.EMAIL_BACKEND.endswith(NOT_REAL_MAIL):
        return
    send_mail(
        "设置政府网站群后台密码 / set your password",
        f"{name}：\n\n请在 {expires} 前打开以下链接设置密码（只能使用一次）：\n{url}\n",
        None,
        [email],
    )


def run_import(book: Workbook, *, dry_run: bool = False, base_url: str | None = None) -> Report:
    """Check, then apply the differences in one transaction (rolled back for a dry run)."""
    report = Report(problems=check(book))
    if report.problems:
        return report
    # Wagtail's search index once at the end: per save it is quadratic on PostgreSQL.
    with transaction.atomic():
        with sites().batched_indexing():
            apply_workbook(book, report, base_url=base_url or settings.WAGTAILADMIN_BASE_URL)
        if dry_run:
            transaction.set_rollback(True)
            report.links.clear()
    return report
