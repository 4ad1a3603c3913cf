"""Agencies of the site group, their departments (股室) and the roles of their staff."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    # Art. 49: a department publishes its annual report by 31 January, a people's
    # government its own by 31 March; townships and street offices report to the county.
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府工作部门")
    TOWNSHIP = "township", _("乡镇人民政府")
    STREET = "street", _("街道办事处")


class Leadership(models.TextChoices):
    """Who leads an agency, which decides its 行政复议机关 (行政复议法 2023 Art. 24-25)."""

    LOCAL = "local", _("本级人民政府领导")
    JUSTICE = "justice", _("司法行政部门")
    VERTICAL = "vertical", _("垂直领导（税务、海关、金融、外汇、国家安全）")


# GB 32100-2015: the 18th character of a 统一社会信用代码 is a check character over the
# first 17, in this 31-character alphabet (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    if len(value) != 18 or any(c not in CREDIT_CODE_ALPHABET for c in value):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母 / the credit code must be 18 characters")
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _(
                "统一社会信用代码校验位错误，应为 %(expected)s / "
                "wrong check character, expected %(expected)s"
            )
            % {"expected": expected}
        )


# The national catalog guideline: 9-character organisation code / year - 5-digit serial
# (20 characters, e.g. 000014349/2017-00110).
DEFAULT_INDEX_PATTERN = "{code}/{year}-{serial:05d}"


#: A 发文字号 prefix: Chinese characters, letters and digits, never the brackets of the year.
DOCUMENT_PREFIX = RegexValidator(
    r"^[\u4e00-\u9fffA-Za-z0-9]{1,20}$",
    _("发文字号前缀只能由汉字、字母和数字组成，如 庐交依申"),
)


def validate_document_prefix(value: str) -> None:
    DOCUMENT_PREFIX(value)


class WebsiteFilings(models.Model):
    """The filing numbers a government website shows in its footer (网站标识码 per the
    national website rules; ICP and 公安备案 per the filing rules): an agency's own site and
    the site group's portal carry the same three."""

    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    site_code = models.CharField(
        _("网站标识码"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", _("网站标识码应为10位数字"))],
    )

    class Meta:
        abstract = True


class Agency(WebsiteFilings):
    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    slug = models.SlugField(
        _("网址名"),
        max_length=50,
        unique=True,
        help_text=_("机关网站在网站群中的路径，如 lushan-transport"),
    )
    kind = models.CharField(
        _("机关类型"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    government = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("所属人民政府"),
        help_text=_("部门、乡镇、街道填本级人民政府；人民政府填上一级人民政府；网站群主办单位留空"),
    )
    leadership = models.CharField(
        _("领导体制"), max_length=20, choices=Leadership.choices, default=Leadership.LOCAL
    )
    superior_name = models.CharField(
        _("上一级主管部门"),
        max_length=100,
        blank=True,
        help_text=_("如 九江市交通运输局；用于确定行政复议机关"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    hostname = models.CharField(
        _("独立域名"), max_length=255, blank=True, help_text=_("留空则使用网站群路径访问")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(
        _("邮政编码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("邮政编码应为6位数字"))],
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    party_gov_mark_url = models.URLField(
        _("党政机关标识链接"),
        blank=True,
        help_text=_("党政机关网站标识的认证链接；留空时页脚保留标识区域"),
    )
    index_code = models.CharField(
        _("索引号前段码"),
        max_length=30,
        blank=True,
        help_text=_("留空则取统一社会信用代码第9至17位（9位组织机构代码）"),
    )
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=60,
        default=DEFAULT_INDEX_PATTERN,
        help_text=_("可用 {code} {year} {month} {serial}，如 {code}/{year}-{serial:05d}"),
    )
    # Art. 33 ¶2 names the head for extensions only; whether a refusal also needs the head's
    # approval is the agency's own rule of procedure, so it is the agency's setting.
    refusal_needs_head_approval = models.BooleanField(
        _("不予公开须经公开办负责人审批"),
        default=False,
        help_text=_("选中后，不予公开、部分公开中不予公开的部分须由公开办负责人审批后答复"),
    )
    # 文号 of the documents the agency sends an applicant (告知书、通知书): the prefix is the
    # agency's own (its rules of 公文 numbering), the year and serial come from DocumentSerial.
    document_prefix = models.CharField(
        _("依申请公开文书发文字号"),
        max_length=20,
        blank=True,
        validators=[validate_document_prefix],
        help_text=_(
            "如 庐交依申；告知书、通知书的文号为“庐交依申〔2026〕12号”。未设置的，不能发出任何告知书"
        ),
    )
    # 行政复议法 Art. 22 ¶2: a decision served electronically tells where to apply online.
    reconsideration_online_channel = models.CharField(
        _("网上申请行政复议渠道"),
        max_length=200,
        blank=True,
        help_text=_(
            "行政复议机关受理网上申请的网址或平台名称；以电子邮件或查询页面送达的告知书写明此渠道"
        ),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    retired_on = models.DateField(_("撤销日期"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self) -> str:
        return self.name

    @property
    def catalog_code(self) -> str:
        """The front part of this agency's 索引号."""
        if self.index_code:
            return self.index_code
        # Since the 2015 reform the 9-character organisation code sits inside the 18-character
        # credit code at positions 9-17.
        if len(self.credit_code) == 18:
            return self.credit_code[8:17]
        # Misconfigured agencies still publish; their numbers stay unique through the pk.
        return f"{self.pk:09d}" if self.pk else ""

    def format_index_number(self, year: int, month: int, serial: int) -> str:
        return self.index_pattern.format(
            code=self.catalog_code, year=year, month=month, serial=serial
        )

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    def clean_government(self) -> None:
        """A department, township or street office names its 本级人民政府; a government its
        上一级 one, except the top of the group."""
        if self.government_id is not None:
            if self.government_id == self.pk:
                raise ValidationError({"government": _("机关不能隶属于自己")})
            if self.government.kind != AgencyKind.GOVERNMENT:
                raise ValidationError({"government": _("所属机关必须是人民政府")})
        elif self.kind != AgencyKind.GOVERNMENT:
            raise ValidationError({"government": _("部门、乡镇、街道必须填写本级人民政府")})

    def clean(self) -> None:
        if "{serial" not in self.index_pattern:
            raise ValidationError(
                {"index_pattern": _("索引号格式必须包含流水号 {serial}，否则无法保证唯一")}
            )
        try:
            sample = self.format_index_number(2020, 1, 1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                {"index_pattern": _("索引号格式无效：%(error)s") % {"error": exc}}
            ) from exc
        if len(sample) > 40:
            raise ValidationError({"index_pattern": _("索引号不能超过40个字符")})


class Department(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="departments", verbose_name=_("机关")
    )
    name = models.CharField(_("股室名称"), max_length=60)
    slug = models.SlugField(_("代码"), max_length=40)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    retired_on = models.DateField(_("撤销日期"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["agency", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "slug"], name="department_slug_unique_in_agency"
            ),
            models.UniqueConstraint(
                fields=["agency", "name"], name="department_name_unique_in_agency"
            ),
        ]
        verbose_name = _("股室")
        verbose_name_plural = _("股室")

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"


class SiteGroup(WebsiteFilings):
    """The site group's own record (政府网站群): one per installation."""

    name = models.CharField(_("网站群名称"), max_length=100)
    top_agency = models.OneToOneField(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("主办单位"),
        help_text=_("网站群门户及其栏目属于主办单位，由其信息员和审核人维护"),
    )
    # Art. 49: townships and street offices report to the county by 31 January unless the
    # county sets another date.
    grassroots_report_month = models.PositiveSmallIntegerField(
        _("乡镇街道年报报送月"), null=True, blank=True
    )
    grassroots_report_day = models.PositiveSmallIntegerField(
        _("乡镇街道年报报送日"), null=True, blank=True
    )
    # Art. 49 asks both: the site group may let an agency publish its annual report and
    # submit it to the supervisor in one step (otherwise the supervisor accepts it first).
    reports_publish_and_submit = models.BooleanField(
        _("年报可同时发布和报送（无需主管部门先接收）"), default=False
    )
    # Many counties' people's governments report for their whole area: their own office's
    # figures plus the published reports of their departments, townships and street offices.
    government_reports_whole_area = models.BooleanField(
        _("人民政府年报汇总所属部门和乡镇（街道）数据"), default=False
    )
    # 等保 2.0: the site group may require a second factor of the accounts that manage others
    # (supervisors and agency admins; gongkai/twofactor/rules.py).
    requires_two_factor = models.BooleanField(
        _("监管人员和机关管理员须启用双因素认证"), default=False
    )

    class Meta:
        verbose_name = _("网站群")
        verbose_name_plural = _("网站群")

    def __str__(self) -> str:
        return self.name


class ReconsiderationEntry(models.Model):
    """The agency's 行政复议机关 from ``valid_from`` on: one body, or two to choose from."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="reconsideration_entries",
        verbose_name=_("机关"),
    )
    valid_from = models.DateField(_("起始日期"))
    first_name = models.CharField(_("复议机关"), max_length=100)
    first_agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复议机关（网站群内机关）"),
    )
    second_name = models.CharField(_("或者"), max_length=100, blank=True)
    second_agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("或者（网站群内机关）"),
    )

    class Meta:
        ordering = ["agency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "valid_from"], name="reconsideration_entry_once_per_day"
            )
        ]
        verbose_name = _("行政复议机关")
        verbose_name_plural = _("行政复议机关")

    def __str__(self) -> str:
        names = [self.first_name, self.second_name]
        return f"{self.valid_from}起：{'或者'.join(n for n in names if n)}"


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("机关管理员")
    EDITOR = "editor", _("股室信息员")
    REVIEWER = "reviewer", _("审核人")
    DISCLOSURE_OFFICER = "disclosure_officer", _("公开办工作人员")
    # Art. 33: only the head of the disclosure office approves an extension.
    DISCLOSURE_HEAD = "disclosure_head", _("公开办负责人")
    SUPERVISOR = "supervisor", _("政务公开办（监管）")


class StaffProfile(models.Model):
    """The one place that says which agency a staff account belongs to and what it may do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("账号"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("机关"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("股室"),
    )
    # Personal data: shown to the agency's admin and the supervisor, never logged in clear.
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        labels = "、".join(str(Role(role).label) for role in sorted(self.roles))
        return f"{self.user.get_username()} ({labels})"

    @cached_property
    def roles(self) -> frozenset[str]:
        """The role values this person holds; a person may hold several in one agency."""
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def check_roles(self, roles) -> None:
        """Whether ``roles`` fit this profile's agency and department (raises ValidationError)."""
        roles = frozenset(roles)
        if not roles:
            raise ValidationError(_("请至少选择一个角色。"))
        if Role.SUPERVISOR in roles:
            # The agency names the government whose 政务公开办 the supervisor belongs to; it
            # does not limit what they see.
            if self.department_id:
                raise ValidationError({"department": _("监管人员面向整个网站群，不属于某个股室。")})
            if roles != {Role.SUPERVISOR}:
                raise ValidationError(_("监管人员不能同时担任机关内的角色。"))
            return
        if not self.agency_id:
            raise ValidationError({"agency": _("请选择该工作人员所属的机关。")})
        if Role.EDITOR in roles and not self.department_id:
            raise ValidationError({"department": _("股室信息员必须属于一个股室。")})

    def clean(self) -> None:
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("股室必须属于所选机关。")})


class StaffRole(models.Model):
    """One role of one person; the groups and permissions are derived from these rows."""

    profile = models.ForeignKey(
        StaffProfile,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("工作人员"),
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["profile", "role"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "role"], name="staff_role_unique"),
        ]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return f"{self.profile.user.get_username()}: {self.get_role_display()}"


class DocumentSerial(models.Model):
    """The last 文号 serial an agency issued in a year: one row per agency and year, advanced
    only by ``gongkai.agencies.numbering.issue_number`` in one conditional UPDATE."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="document_serials")
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="document_serial_per_year"),
        ]
        verbose_name = _("发文字号序号")
        verbose_name_plural = _("发文字号序号")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"
