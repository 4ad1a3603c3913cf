"""Art. 20 and 21 of the Regulations: the kinds of information an agency must publish
proactively.

The choice list is what an InfoItem records as its statutory category; the annual report's
table 二 counts some of them (规章, 规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费,
政府采购). Art. 21's categories apply only to some kinds of agency (``ART21_KINDS``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.rules import validity as lifecycle


class Art20Category(models.TextChoices):
    NONE = "none", _("非法定主动公开类信息")
    REGULATION = "regulation", _("规章")  # Art. 20(1)
    NORMATIVE_DOC = "normative_doc", _("规范性文件")  # Art. 20(1)
    OTHER_POLICY = "other_policy", _("其他政策文件")  # Art. 20(1)
    ORGANIZATION = "organization", _("机构职能")  # Art. 20(2)
    PLAN = "plan", _("规划计划")  # Art. 20(3)
    STATISTICS = "statistics", _("统计信息")  # Art. 20(4)
    ADMIN_LICENSE = "admin_license", _("行政许可")  # Art. 20(5)
    OTHER_MGMT_SERVICE = "other_mgmt_service", _("其他对外管理服务事项")  # Art. 20(5)
    ADMIN_PENALTY = "admin_penalty", _("行政处罚")  # Art. 20(6)
    ADMIN_COERCION = "admin_coercion", _("行政强制")  # Art. 20(6)
    BUDGET = "budget", _("财政预决算")  # Art. 20(7)
    ADMIN_FEES = "admin_fees", _("行政事业性收费")  # Art. 20(8)
    PROCUREMENT = "procurement", _("政府集中采购")  # Art. 20(9)
    MAJOR_PROJECT = "major_project", _("重大建设项目")  # Art. 20(10)
    LIVELIHOOD = "livelihood", _("扶贫、教育、医疗、社会保障、促进就业")  # Art. 20(11)
    EMERGENCY = "emergency", _("突发公共事件应急")  # Art. 20(12)
    INSPECTION = "inspection", _("监督检查")  # Art. 20(13)
    PERSONNEL = "personnel", _("公务员招考录用")  # Art. 20(14)
    OTHER_STATUTORY = "other_statutory", _("其他法定主动公开信息")  # Art. 20(15)
    # Art. 21: 设区的市级、县级人民政府及其部门还应当……主动公开涉及市政建设、公共服务、公益事业、
    # 土地征收、房屋征收、治安管理、社会救助等方面的政府信息；乡（镇）人民政府还应当……主动公开
    # 贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、
    # 土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息。
    MUNICIPAL_WORKS = "municipal_works", _("市政建设")  # Art. 21 (city, county)
    PUBLIC_SERVICES = "public_services", _("公共服务")  # Art. 21 (city, county)
    PUBLIC_WELFARE = "public_welfare", _("公益事业")  # Art. 21 (city, county)
    LAND_EXPROPRIATION = "land_expropriation", _("土地征收")  # Art. 21 (all three)
    HOUSE_EXPROPRIATION = "house_expropriation", _("房屋征收")  # Art. 21 (all three)
    PUBLIC_ORDER = "public_order", _("治安管理")  # Art. 21 (city, county)
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")  # Art. 21 (all three)
    RURAL_POLICY = "rural_policy", _("贯彻落实农业农村政策")  # Art. 21 (township)
    IRRIGATION = "irrigation", _("农田水利工程建设运营")  # Art. 21 (township)
    LAND_CONTRACT = "land_contract", _("农村土地承包经营权流转")  # Art. 21 (township)
    HOMESTEAD = "homestead", _("宅基地使用情况审核")  # Art. 21 (township)
    FUNDS_AND_LABOUR = "funds_and_labour", _("筹资筹劳")  # Art. 21 (township)


C = Art20Category
#: Art. 21's categories by the agency kinds they are added for (agencies.AgencyKind values).
#: "设区的市级、县级人民政府及其部门": governments and their departments (the site group holds
#: city and county agencies); "乡（镇）人民政府": townships. A street office (街道办事处) is not
#: named by Art. 21 and gets Art. 20's list only.
ART21_CITY_COUNTY = (
    C.MUNICIPAL_WORKS,
    C.PUBLIC_SERVICES,
    C.PUBLIC_WELFARE,
    C.LAND_EXPROPRIATION,
    C.HOUSE_EXPROPRIATION,
    C.PUBLIC_ORDER,
    C.SOCIAL_ASSISTANCE,
)
ART21_TOWNSHIP = (
    C.RURAL_POLICY,
    C.IRRIGATION,
    C.LAND_CONTRACT,
    C.HOMESTEAD,
    C.LAND_EXPROPRIATION,
    C.HOUSE_EXPROPRIATION,
    C.FUNDS_AND_LABOUR,
    C.SOCIAL_ASSISTANCE,
)
ART21_KINDS = {
    "government": ART21_CITY_COUNTY,
    "department": ART21_CITY_COUNTY,
    "township": ART21_TOWNSHIP,
}
ART21 = frozenset(ART21_CITY_COUNTY) | frozenset(ART21_TOWNSHIP)


def article_of(category: str) -> str:
    """第二十条 or 第二十一条: the article that names ``category`` ("" for none)."""
    if category in ART21:
        return "第二十一条"
    return "" if category in ("", C.NONE) else "第二十条"


def categories_for(kind: str) -> list[Art20Category]:
    """The statutory categories an agency of ``kind`` publishes: Art. 20's, then Art. 21's
    for the kinds Art. 21 names, in the order of the article."""
    extra = ART21_KINDS.get(kind, ())
    return [c for c in Art20Category if c != C.NONE and (c not in ART21 or c in extra)]


class Validity(models.TextChoices):
    """有效性 of rules and normative documents; what each means on a day is
    ``gongkai.rules.validity``."""

    VALID = lifecycle.VALID, _("有效")
    REVISED = lifecycle.REVISED, _("已修订")
    ABOLISHED = lifecycle.ABOLISHED, _("已废止")
    EXPIRED = lifecycle.EXPIRED, _("已失效")
    NOT_YET_EFFECTIVE = lifecycle.NOT_YET_EFFECTIVE, _("尚未生效")


class ColumnClass(models.TextChoices):
    """Freshness classes of the national website-inspection rules (国办秘函〔2019〕19号)."""

    DYNAMIC_NEWS = "dynamic_news", _("动态、要闻类（2周）")
    NOTICE_POLICY = "notice_policy", _("通知公告、政策文件类（6个月）")
    PERSONNEL_PLAN = "personnel_plan", _("人事、规划计划类（1年）")
    OTHER = "other", _("其他栏目")


class DisclosureMode(models.TextChoices):
    """公开属性 (Art. 13: 主动公开 and 依申请公开; Art. 14-16: 不予公开, with its ground)."""

    PROACTIVE = "proactive", _("主动公开")
    ON_APPLICATION = "on_application", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class WithheldGround(models.TextChoices):
    """The ground of a 不予公开 attribute, by the article that gives it."""

    STATE_SECRET = "art14_state_secret", _("依法确定为国家秘密（第十四条）")
    LAW_FORBIDS = "art14_law_forbids", _("法律、行政法规禁止公开（第十四条）")
    SECURITY = (
        "art14_security",
        _("公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
    )
    THIRD_PARTY = "art15_third_party", _("涉及商业秘密、个人隐私等第三方合法权益（第十五条）")
    INTERNAL = "art16_internal", _("内部事务信息（第十六条第一款）")
    PROCESS = "art16_process", _("过程性信息（第十六条第二款）")
    ENFORCEMENT = "art16_enforcement", _("行政执法案卷信息（第十六条第二款）")


class DisclosureScope(models.TextChoices):
    PUBLIC = "public", _("面向社会")
    APPLICANT = "applicant", _("面向申请人")
