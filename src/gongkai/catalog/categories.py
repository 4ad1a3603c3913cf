"""Art. 20 of the Regulations: the kinds of information an agency must publish proactively.

The choice list is what an InfoItem records as its statutory category; the annual report's
table 二 counts some of them (规章, 规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费,
政府采购).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("已失效")
    ABOLISHED = "abolished", _("已废止")


class ColumnClass(models.TextChoices):
    """Freshness classes of the national website-inspection rules (国办秘函〔2019〕19号)."""

    DYNAMIC_NEWS = "dynamic_news", _("动态、要闻类（2周）")
    NOTICE_POLICY = "notice_policy", _("通知公告、政策文件类（6个月）")
    PERSONNEL_PLAN = "personnel_plan", _("人事、规划计划类（1年）")
    OTHER = "other", _("其他栏目")


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_APPLICATION = "on_application", _("依申请公开")


class DisclosureScope(models.TextChoices):
    PUBLIC = "public", _("面向社会")
    APPLICANT = "applicant", _("面向申请人")
