"""Bulk onboarding: check a site group's sheets against the database, then apply the
differences through the same actions as the back office (``actions.py``).

All or nothing: every problem of every sheet is collected first; with one problem nothing
is written. Nothing is ever deleted: a record of the database that the file lacks is
reported, not removed. Keys: an agency by slug, a department by (agency, name), an account
by login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from gongkai.agencies.models import (
    DOCUMENT_PREFIX,
    Agency,
    AgencyKind,
    Department,
    Role,
    SiteGroup,
    StaffProfile,
    validate_credit_code,
)
from gongkai.agencies.sheets import SHEETS, Problem, Row, Workbook, flag
from gongkai.agencies.sites import sites

# import column id -> Agency field
AGENCY_COLUMNS = {
    "name": "name",
    "kind": "kind",
    "credit_code": "credit_code",
    "address": "address",
    "phone": "phone",
    "postcode": "postcode",
    "icp": "icp_number",
    "police_record": "police_number",
    "site_code": "site_code",
    "hostname": "hostname",
}
KIND_BY_TEXT = {
    **{k.value: k.value for k in AgencyKind},
    **{str(k.label): k.value for k in AgencyKind},
}
ROLE_BY_TEXT = {**{r.value: r.value for r in Role}, **{str(r.label): r.value for r in Role}}
ROLE_ORDER = [r.value for r in Role]
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def split_roles(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;；]", text) if part.strip()]


def join_roles(roles) -> str:
    return ";".join(sorted(roles, key=ROLE_ORDER.index))


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)


class _Checker:
    """Collects the problems of one workbook against the database."""

    def __init__(self, book: Workbook):
        self.book = book
        self.problems: list[Problem] = list(book.problems)
        self.db_agencies = {a.slug: a for a in Agency.objects.all()}
        self.file_agencies: dict[str, Row] = {}
        self.file_departments: dict[tuple[str, str], Row] = {}

    def bad(self, table, row: Row | None, column: str, zh: str, en: str) -> None:
        self.problems.append(Problem(table.where, row.line if row else None, column, zh, en))

    def kind_of(self, slug: str) -> str | None:
        if slug in self.file_agencies:
            return KIND_BY_TEXT.get(self.file_agencies[slug]["kind"])
        agency = self.db_agencies.get(slug)
        return agency.kind if agency else None

    def check(self) -> list[Problem]:
        tables = self.book.tables
        if "agencies" in tables:
            self.check_agencies(tables["agencies"])
        if "departments" in tables:
            self.check_departments(tables["departments"])
        if "staff" in tables:
            self.check_staff(tables["staff"])
        return sorted(self.problems, key=_position)

    def check_agencies(self, table) -> None:
        names = {a.name: a.slug for a in self.db_agencies.values()}
        seen_names: dict[str, int] = {}
        for row in table.rows:
            self._check_agency(table, row, names, seen_names)
        self._check_top(table, self._check_governments(table))
        self._check_cycles(table)

    def _check_agency(self, table, row: Row, names: dict, seen_names: dict) -> None:
        """One row of the agencies sheet on its own: slug, name, kind and fields."""
        slug = row["slug"]
        if not SLUG.match(slug):
            self.bad(table, row, "slug", "网址名应为小写字母、数字和连字符", "slug: a-z, 0-9 and -")
        elif slug in self.file_agencies:
            self.bad(
                table,
                row,
                "slug",
                f"网址名与第{self.file_agencies[slug].line}行重复",
                "duplicate slug",
            )
        else:
            self.file_agencies[slug] = row
        name = row["name"]
        if not name:
            self.bad(table, row, "name", "机关名称必填", "name is required")
        elif name in seen_names:
            self.bad(table, row, "name", f"机关名称与第{seen_names[name]}行重复", "duplicate name")
        elif names.get(name, slug) != slug:
            self.bad(
                table,
                row,
                "name",
                f"已有同名机关（网址名 {names[name]}）",
                "another agency has this name",
            )
        seen_names.setdefault(name, row.line)
        if row["kind"] not in KIND_BY_TEXT:
            self.bad(
                table,
                row,
                "kind",
                "机关类型应为 government、department、township 或 street",
                "kind must be government, department, township or street",
            )
        self._check_fields(table, row)

    def _check_governments(self, table) -> list[Row]:
        """Each agency's government exists and is a people's government; returns the rows
        of the agencies without one (the candidates for the top agency)."""
        tops = []
        for slug, row in self.file_agencies.items():
            government = row["government"]
            kind = KIND_BY_TEXT.get(row["kind"])
            if not government:
                if kind and kind != AgencyKind.GOVERNMENT:
                    self.bad(
                        table,
                        row,
                        "government",
                        "部门、乡镇、街道须填写本级人民政府的网址名",
                        "a department, township or street office names its government",
                    )
                elif kind:
                    tops.append(row)
                continue
            if government == slug:
                self.bad(
                    table,
                    row,
                    "government",
                    "不能填写自己",
                    "an agency cannot be its own government",
                )
            elif self.kind_of(government) is None:
                self.bad(
                    table,
                    row,
                    "government",
                    f"没有网址名为 {government} 的机关",
                    f"no agency {government}",
                )
            elif self.kind_of(government) != AgencyKind.GOVERNMENT:
                self.bad(
                    table,
                    row,
                    "government",
                    f"{government} 不是人民政府",
                    f"{government} is not a people's government",
                )
        return tops

    def _check_fields(self, table, row: Row) -> None:
        if row["credit_code"]:
            try:
                validate_credit_code(row["credit_code"])
            except ValidationError as error:
                self.bad(
                    table,
                    row,
                    "credit_code",
                    str(error.messages[0]).split(" / ")[0],
                    "invalid credit code (GB 32100)",
                )
        if row["postcode"] and not re.fullmatch(r"\d{6}", row["postcode"]):
            self.bad(table, row, "postcode", "邮政编码应为6位数字", "postcode: 6 digits")
        if row["site_code"] and not re.fullmatch(r"\d{10}", row["site_code"]):
            self.bad(table, row, "site_code", "网站标识码应为10位数字", "site code: 10 digits")
        if row["hostname"] and not HOSTNAME.match(row["hostname"]):
            self.bad(table, row, "hostname", "域名格式不正确", "invalid host name")
        if flag(row["head_approves_refusals"]) is None:
            self.bad(table, row, "head_approves_refusals", "应填“是”或“否”", "expected 是 or 否")
        prefix = row["document_prefix"].strip()
        if prefix and not re.fullmatch(DOCUMENT_PREFIX.regex, prefix):
            self.bad(
                table,
                row,
                "document_prefix",
                "发文字号前缀只能由汉字、字母和数字组成，如 庐交依申",
                "document number prefix: Chinese characters, letters and digits only",
            )
        if len(row["reconsideration_online"]) > 200:
            self.bad(table, row, "reconsideration_online", "不超过200字", "at most 200 characters")

    def _check_top(self, table, tops: list[Row]) -> None:
        group = SiteGroup.objects.select_related("top_agency").first()
        if group is not None:
            for row in tops:
                if row["slug"] != group.top_agency.slug:
                    self.bad(
                        table,
                        row,
                        "government",
                        f"网站群主办单位已是{group.top_agency.name}，请填写上一级人民政府",
                        "the site group has its top agency; name this one's government",
                    )
            return
        if len(tops) > 1:
            for row in tops[1:]:
                self.bad(
                    table,
                    row,
                    "government",
                    "只有网站群主办单位可以不填所属人民政府",
                    "only the top agency has no government",
                )
        elif not tops and self.file_agencies:
            self.bad(
                table,
                None,
                "government",
                "须有一个不填所属人民政府的机关作为网站群主办单位",
                "one agency without a government must head the site group",
            )

    def _check_cycles(self, table) -> None:
        for slug, row in self.file_agencies.items():
            seen, current = {slug}, row["government"]
            while current in self.file_agencies:
                if current in seen:
                    self.bad(
                        table, row, "government", "所属关系形成循环", "the government links loop"
                    )
                    break
                seen.add(current)
                current = self.file_agencies[current]["government"]

    def _agency_known(self, slug: str) -> bool:
        return slug in self.file_agencies or slug in self.db_agencies

    def check_departments(self, table) -> None:
        known_columns = sites().column_slugs()
        owners: dict[tuple[str, str], int] = {}
        for row in table.rows:
            agency, name = row["agency"], row["name"]
            if not self._agency_known(agency):
                self.bad(
                    table, row, "agency", f"没有网址名为 {agency} 的机关", f"no agency {agency}"
                )
            if not name:
                self.bad(table, row, "name", "股室名称必填", "name is required")
            elif len(name) > 60:
                self.bad(table, row, "name", "股室名称不能超过60字", "name longer than 60")
            elif (agency, name) in self.file_departments:
                self.bad(
                    table,
                    row,
                    "name",
                    f"与第{self.file_departments[(agency, name)].line}行重复",
                    "duplicate row",
                )
            else:
                self.file_departments[(agency, name)] = row
            for column in split_roles(row["columns"]):
                if column not in known_columns:
                    self.bad(table, row, "columns", f"没有栏目 {column}", f"no column {column}")
                elif (agency, column) in owners:
                    self.bad(
                        table,
                        row,
                        "columns",
                        f"栏目 {column} 已在第{owners[(agency, column)]}行分配",
                        f"column {column} already assigned",
                    )
                else:
                    owners[(agency, column)] = row.line

    def _department_known(self, agency: str, name: str) -> bool:
        if (agency, name) in self.file_departments:
            return True
        return Department.objects.filter(agency__slug=agency, name=name).exists()

    def check_staff(self, table) -> None:
        logins: dict[str, int] = {}
        for row in table.rows:
            login = row["login"]
            try:
                UnicodeUsernameValidator()(login)
                if not login or len(login) > 150:
                    raise ValidationError("")
            except ValidationError:
                self.bad(table, row, "login", "登录名只能含字母、数字和 @.+-_", "invalid login")
            if login in logins:
                self.bad(table, row, "login", f"登录名与第{logins[login]}行重复", "duplicate login")
            logins.setdefault(login, row.line)
            if not row["full_name"]:
                self.bad(table, row, "full_name", "姓名必填", "full name is required")
            if row["email"]:
                try:
                    validate_email(row["email"])
                except ValidationError:
                    self.bad(table, row, "email", "电子邮箱格式不正确", "invalid e-mail")
            if row["mobile"] and not MOBILE.match(row["mobile"]):
                self.bad(table, row, "mobile", "手机号码应为11位", "mobile: 11 digits")
            self._check_roles(table, row)

    def _check_roles(self, table, row: Row) -> None:
        texts = split_roles(row["role"])
        roles = [ROLE_BY_TEXT.get(text) for text in texts]
        if not texts:
            self.bad(table, row, "role", "角色必填", "role is required")
        for text, role in zip(texts, roles, strict=True):
            if role is None:
                self.bad(table, row, "role", f"未知角色 {text}", f"unknown role {text}")
        agency, department = row["agency"], row["department"]
        if agency and not self._agency_known(agency):
            self.bad(table, row, "agency", f"没有网址名为 {agency} 的机关", f"no agency {agency}")
            return
        if Role.SUPERVISOR in roles:
            if department:
                self.bad(
                    table, row, "department", "监管人员不属于股室", "a supervisor has no department"
                )
            if agency and self.kind_of(agency) != AgencyKind.GOVERNMENT:
                self.bad(
                    table,
                    row,
                    "agency",
                    "监管人员的机关应为其政务公开办所在的人民政府",
                    "a supervisor's agency is a people's government",
                )
            if len(set(roles)) > 1:
                self.bad(
                    table,
                    row,
                    "role",
                    "监管人员不能同时担任机关内的角色",
                    "a supervisor holds no role in an agency",
                )
            return
        if not agency:
            self.bad(table, row, "agency", "请填写所属机关的网址名", "agency is required")
            return
        if Role.EDITOR in roles and not department:
            self.bad(
                table, row, "department", "股室信息员必须填写股室", "an editor needs a department"
            )
        if department and not self._department_known(agency, department):
            self.bad(
                table,
                row,
                "department",
                f"{agency} 没有股室“{department}”",
                f"no such department in {agency}",
            )


def _position(problem: Problem) -> tuple[int, int]:
    """File order, then line order; a problem of the whole sheet first."""

    sheet = next(
        (
            i
            for i, spec in enumerate(SHEETS)
            if problem.where.endswith((spec.filename, "/" + spec.title))
        ),
        -1,
    )
    return sheet, problem.line or 0


def check(book: Workbook) -> list[Problem]:
    return _Checker(book).check()


def password_link(user, base_url: str) -> tuple[str, str]:
    """A one-time link to set the account's password, valid PASSWORD_RESET_TIMEOUT (72 h),
    and its expiry in China time."""

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    expires = timezone.localtime(
        timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    )
    return base_url.rstrip("/") + path, expires.strftime("%Y-%m-%d %H:%M %z")


def missing_notes(book: Workbook) -> list[str]:
    """What the database has and the file lacks: reported, never removed."""
    notes = []
    if "agencies" in book.tables:
        slugs = {row["slug"] for row in book.tables["agencies"].rows}
        for agency in Agency.objects.exclude(slug__in=slugs).filter(retired_on__isnull=True):
            notes.append(
                f"文件中没有机关 {agency.slug}（{agency.name}），未删除 / not in the file, kept"
            )
    if "departments" in book.tables:
        keys = {(row["agency"], row["name"]) for row in book.tables["departments"].rows}
        for department in Department.objects.select_related("agency").filter(
            retired_on__isnull=True
        ):
            if (department.agency.slug, department.name) not in keys:
                notes.append(
                    f"文件中没有股室 {department.agency.slug}/{department.name}，未删除 / not in the file, kept"
                )
    if "staff" in book.tables:
        logins = {row["login"] for row in book.tables["staff"].rows}
        profiles = StaffProfile.objects.select_related("user").filter(user__is_active=True)
        for profile in profiles:
            if profile.user.get_username() not in logins:
                notes.append(
                    f"文件中没有账号 {profile.user.get_username()}，未停用 / not in the file, kept"
                )
    return notes
