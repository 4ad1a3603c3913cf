"""政府信息公开指南 (Art. 12) as a page: its structured fields, and its 分类 and 编排体系
generated from what the agency's site holds."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from gongkai.catalog.categories import (
    Art20Category,
    article_of,
    categories_for,
)
from gongkai.catalog.forms import GuideForm
from gongkai.catalog.models.pages import AgencyHomePage, AgencyPage, ColumnPage


class GuidePage(AgencyPage):
    """政府信息公开指南 as structured data: shown as a printable page and read by the
    applications (受理机构, channels, time limits, fees, remedies)."""

    office_name = models.CharField(_("受理机构"), max_length=100)
    office_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    fax = models.CharField(_("传真"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postal_address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    application_channels = RichTextField(_("申请渠道"))
    processing_time = RichTextField(_("办理时限"))
    fees = RichTextField(_("收费标准"))
    remedies = RichTextField(_("救济方式"))
    intro = RichTextField(_("主动公开的范围与方式"), blank=True)
    arrangement_note = RichTextField(
        _("分类与编排体系补充说明"),
        blank=True,
        help_text=_(
            "栏目分类、法定公开类别和索引号编排由系统按本机关的栏目自动生成，此处可补充说明"
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("arrangement_note"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldPanel("office_hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldPanel("email"),
                FieldRowPanel([FieldPanel("postal_address"), FieldPanel("postcode")]),
            ],
            heading=_("受理机构"),
        ),
        FieldPanel("application_channels"),
        FieldPanel("processing_time"),
        FieldPanel("fees"),
        FieldPanel("remedies"),
    ]
    parent_page_types = ["catalog.ColumnPage"]
    subpage_types: list[str] = []
    is_creatable = True
    max_count_per_parent = 1
    # Created blank-able with a new agency site; the editor's form requires the contacts.
    base_form_class = GuideForm

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_ancestors().type(AgencyHomePage).first()
        context["classification"] = guide_classification(self.agency, home, request)
        return context


def guide_classification(agency, home, request=None) -> dict:
    """Art. 12 ¶2: the guide's 分类 and 编排体系, from what the agency's site really holds —
    its live columns (with the statutory category each is for), the statutory categories
    that apply to its kind (Art. 20, and Art. 21 where it names the kind) and how each item
    is numbered and listed."""
    columns = []
    if home is not None:
        for column in ColumnPage.objects.live().descendant_of(home).order_by("path"):
            category = (
                Art20Category(column.default_category)
                if column.default_category != Art20Category.NONE
                else None
            )
            columns.append(
                {
                    "level": (column.depth - home.depth - 1),
                    "title": column.title,
                    "url": column.get_url(request),
                    "category": category.label if category else "",
                    "article": column.article or (article_of(category) if category else ""),
                }
            )
    today = timezone.localdate()
    return {
        "columns": columns,
        "categories": [(c.label, article_of(c)) for c in categories_for(agency.kind)],
        "index_example": agency.format_index_number(today.year, today.month, 1),
        "catalog_url": f"{home.get_url(request)}catalog/" if home is not None else "",
    }
