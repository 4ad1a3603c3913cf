"""The page tree of the site group: portal home → agency home → columns → information items."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from gongkai.agencies.models import Agency, Department
from gongkai.catalog.addresses import page_full_url
from gongkai.catalog.categories import (
    Art20Category,
    ColumnClass,
    DisclosureMode,
    DisclosureScope,
    Validity,
    WithheldGround,
)
from gongkai.catalog.feeds import ItemFeed
from gongkai.catalog.forms import AgencyPageForm, InfoItemForm
from gongkai.catalog.listings import listed_condition, listed_items
from gongkai.catalog.models.origin import PublicationOrigin
from gongkai.catalog.paging import keyset_page
from gongkai.catalog.public_cache import CachedRestrictions, UrlPathRouting, cached, private_q
from gongkai.catalog.views import catalog_list, group_statutory_category, group_statutory_index
from gongkai.rules.validity import Lifecycle

PAGE_SIZE = 20
LATEST_SIZE = 12  # the newest items on an agency home


def live_items():
    """The public catalog: live, without a view restriction, and proactively disclosed
    (主动公开; an item marked 依申请公开 is for its applicants, not the catalog)."""
    return (
        InfoItem.objects.live()
        .exclude(private_q())
        .filter(disclosure_mode=DisclosureMode.PROACTIVE)
        .select_related("agency", "department")
    )


class PublicAddress(CachedRestrictions):
    """How the site group's pages address each other: root-relative on the host that serves
    both, otherwise the public address (GONGKAI_BASE_URL, or the agency's own host name) —
    never Wagtail's Site host name (``localhost`` on a fresh install). See addresses.py."""

    def get_url(self, request=None, current_site=None):
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        parts = self.get_url_parts(request=request)
        if parts is None or parts[1] is None and parts[2] is None:
            return None
        site_id, _root_url, page_path = parts
        sites = {root_path[0] for root_path in self._get_site_root_paths(request)}
        if (current_site is not None and site_id == current_site.id) or len(sites) == 1:
            return page_path
        return page_full_url(self)

    url = property(get_url)

    def get_full_url(self, request=None):
        return page_full_url(self)

    full_url = property(get_full_url)


class PortalHomePage(PublicAddress, RoutablePageMixin, UrlPathRouting, Page):
    """The site group's own home: every agency and the newest information of all of them."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.AgencyHomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("网站群首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        # Every agency's link and its 政府信息公开 link: a thousand agencies cost a second to
        # look up and link and tens of milliseconds to render, so the list is kept, as HTML,
        # per site and language until a page changes.
        context["agency_list"] = cached(
            f"portal-agencies:{self.pk}:{site.pk if site else ''}:{get_language()}",
            lambda: self._agency_list(request),
        )
        context["latest_items"] = (
            live_items().descendant_of(self).order_by("-listed_at", "-pk")[:15]
        )
        return context

    def _agency_list(self, request) -> str:
        label = gettext("政府信息公开")
        return format_html_join(
            "\n",
            '<li><a href="{}">{}</a>{}</li>',
            (
                (home_url, name, format_html(' <a class="disclosure" href="{}">{}</a>', url, label))
                if url
                else (home_url, name, "")
                for name, home_url, url in self._agency_links(request)
            ),
        )

    def _agency_links(self, request) -> list[tuple]:
        homes = AgencyHomePage.objects.live().child_of(self).select_related("agency")
        disclosure = {
            column.agency_id: column
            for column in ColumnPage.objects.live().descendant_of(self).filter(slug="disclosure")
        }
        links = []
        for home in sorted(homes, key=lambda h: (h.agency.sort_order, h.agency.name)):
            column = disclosure.get(home.agency_id)
            column_url = column.get_url(request) if column else None
            links.append((home.agency.name, home.get_url(request), column_url))
        return links

    @path("statutory/")
    def statutory(self, request):
        """法定主动公开内容 of every agency under one roof (栏目映射), by Art. 20 category."""
        homes = AgencyHomePage.objects.live().child_of(self).order_by()
        return group_statutory_index(
            request, self, live_items(), {home.agency_id: listed_condition(home) for home in homes}
        )

    @path("statutory/<str:category>/")
    def statutory_category(self, request, category):
        return group_statutory_category(request, self, category, live_items())


class AgencyHomePage(PublicAddress, RoutablePageMixin, UrlPathRouting, Page):
    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="home_page", verbose_name=_("机关")
    )
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    parent_page_types = ["catalog.PortalHomePage"]
    subpage_types = ["catalog.ColumnPage"]

    class Meta:
        verbose_name = _("机关网站首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The first page of the home's whole list, read as catalog/paging.py reads pages.
        context["latest_items"] = keyset_page(
            listed_items(live_items(), self), 1, LATEST_SIZE, f"home:{self.pk}"
        ).object_list
        # Entries of other agencies (信息报送, 栏目映射) show their 发布机构 and 索引号.
        context["listing_agency_id"] = self.agency_id
        return context

    @path("catalog/")
    def catalog(self, request):
        """政府信息公开目录: every item of the agency, filtered, as HTML, CSV or JSON."""
        # The filter's choices: id and title are all it shows (light to keep in the cache).
        columns = cached(
            f"catalog-columns:{self.pk}",
            lambda: [
                SimpleNamespace(pk=pk, title=title)
                for pk, title in ColumnPage.objects.live()
                .descendant_of(self)
                .filter(depth__gt=self.depth + 1)
                .values_list("pk", "title")
            ],
        )
        return catalog_list(request, self, self.items(), columns)

    @path("feed/")
    def feed(self, request):
        # The same entries as the listing: its own items and the other sites' (信息报送,
        # 栏目映射).
        return ItemFeed(self, listed_items(live_items(), self))(request)

    def items(self):
        """The agency's public items; the agency's own column first, for its index."""
        return live_items().filter(agency_id=self.agency_id).descendant_of(self)


class AgencyPage(PublicAddress, Page):
    """A page that lives inside one agency's site: it knows its agency without a tree walk."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, editable=False, related_name="+", verbose_name=_("机关")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任股室"),
    )

    base_form_class = AgencyPageForm
    is_creatable = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.agency_id:
            home = self.get_ancestors().type(AgencyHomePage).specific().first()
            if home is None:
                raise ValueError("An agency page must be created inside an agency's site")
            self.agency_id = home.agency_id
        return super().save(*args, **kwargs)


class ColumnPage(RoutablePageMixin, AgencyPage):
    """A column (栏目) of an agency site; its department is the one whose editors fill it."""

    description = RichTextField(_("栏目说明"), blank=True)
    column_class = models.CharField(
        _("更新要求类别"), max_length=20, choices=ColumnClass.choices, default=ColumnClass.OTHER
    )
    default_category = models.CharField(
        _("默认法定公开类别"),
        max_length=30,
        choices=Art20Category.choices,
        default=Art20Category.NONE,
    )
    article = models.CharField(_("条例依据"), max_length=40, blank=True)
    # The website inspection (gongkai.inspection): how often an "other" column must be
    # updated, and whether it is a closed historical column (excluded, with its reason).
    update_days = models.PositiveSmallIntegerField(
        _("应更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("其他栏目中应定期更新的栏目填写；空为不要求更新"),
    )
    closed = models.BooleanField(
        _("历史栏目（停止更新）"),
        default=False,
        help_text=_("历史栏目不计入栏目更新检查，停更理由向监管方展示"),
    )
    closed_reason = models.CharField(_("停更理由"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("department", widget=forms.Select),
        FieldRowPanel([FieldPanel("column_class"), FieldPanel("default_category")]),
        FieldPanel("article"),
        MultiFieldPanel(
            [
                FieldPanel("update_days"),
                FieldRowPanel([FieldPanel("closed"), FieldPanel("closed_reason")]),
            ],
            heading=_("栏目更新要求"),
        ),
    ]
    parent_page_types = ["catalog.AgencyHomePage", "catalog.ColumnPage"]
    # Annual reports are created by publishing them (gongkai.reports), never by hand.
    subpage_types = [
        "catalog.ColumnPage",
        "catalog.InfoItem",
        "catalog.GuidePage",
        "reports.AnnualReportPage",
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = pgettext_lazy("plural", "栏目")

    def clean(self):
        super().clean()
        if self.closed and not self.closed_reason.strip():
            raise ValidationError({"closed_reason": _("标为历史栏目时须填写停更理由")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Sub-columns, the guide and published annual reports: every child but the items.
        context["subcolumns"] = self.get_children().live().not_type(InfoItem).specific()
        # Its own items and what other sites' entries add (信息报送, 栏目映射), which show
        # their 发布机构 and 索引号.
        items = listed_items(live_items(), self)
        context["page_obj"] = keyset_page(
            items, request.GET.get("page"), PAGE_SIZE, f"column:{self.pk}"
        )
        context["listing_agency_id"] = self.agency_id
        return context

    @path("")
    def column_index(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        # The same entries as the listing: its own items and the other sites' (信息报送,
        # 栏目映射).
        return ItemFeed(self, listed_items(live_items(), self))(request)


class InfoItem(PublicationOrigin, AgencyPage):
    """One piece of proactively disclosed government information with its catalog metadata."""

    index_number = models.CharField(_("索引号"), max_length=40, blank=True, editable=False)
    summary = models.TextField(_("内容概述"), max_length=500, blank=True)
    generated_on = models.DateField(
        _("成文日期"), help_text=_("文件签发日期，或信息形成、变更的日期")
    )
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    category = models.CharField(
        _("法定公开类别"), max_length=30, choices=Art20Category.choices, default=Art20Category.NONE
    )
    topic = models.CharField(_("主题分类"), max_length=60, blank=True)
    genre = models.CharField(_("体裁"), max_length=20, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    validity = models.CharField(
        _("有效性"),
        max_length=20,
        choices=Validity.choices,
        blank=True,
        help_text=_("规章、规范性文件填写"),
    )
    effective_from = models.DateField(
        _("施行日期"), null=True, blank=True, help_text=_("规章、规范性文件自何日起施行")
    )
    validity_changed_on = models.DateField(
        _("修订、废止或失效日期"),
        null=True,
        blank=True,
        help_text=_("已修订、已废止、已失效的文件填写该日期"),
    )
    # Art. 26: 自该政府信息形成或者变更之日起20个工作日内 — a change is timed from its own date.
    changed_on = models.DateField(
        _("变更日期"),
        null=True,
        blank=True,
        help_text=_("已公开的信息内容发生变更的，填写变更之日；发布时限自变更之日起计算"),
    )
    disclosure_mode = models.CharField(
        _("公开属性"),
        max_length=20,
        choices=DisclosureMode.choices,
        default=DisclosureMode.PROACTIVE,
    )
    withheld_ground = models.CharField(
        _("不予公开依据"), max_length=30, choices=WithheldGround.choices, blank=True
    )
    withheld_reason = models.TextField(
        _("不公开理由"),
        max_length=500,
        blank=True,
        help_text=_("不予公开的必须填写；依申请公开的说明为何不主动公开"),
    )
    disclosure_scope = models.CharField(
        _("公开范围"),
        max_length=20,
        choices=DisclosureScope.choices,
        default=DisclosureScope.PUBLIC,
    )
    body = RichTextField(_("正文"), blank=True)
    # Art. 26: working days from 成文日期 to first publication, set when first published.
    publication_workdays = models.PositiveSmallIntegerField(
        _("发布用时（工作日）"), null=True, blank=True, editable=False
    )
    publication_late = models.BooleanField(_("超过20个工作日发布"), default=False, editable=False)
    publication_provisional = models.BooleanField(_("用时为暂算"), default=False, editable=False)
    # Which formation or change the three fields above time (Art. 26): from that date to the
    # publication that carried it.
    timed_from = models.DateField(_("计时起算日"), null=True, blank=True, editable=False)
    timed_to = models.DateField(_("计时截止日（发布日）"), null=True, blank=True, editable=False)
    # first_published_at on the item's own row, so that one index of this table orders an
    # agency's items newest first (catalog/paging.py); save() keeps it equal.
    listed_at = models.DateTimeField(_("发布时间"), null=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("generated_on"), FieldPanel("document_number")]),
                FieldPanel("changed_on"),
                FieldRowPanel(
                    [FieldPanel("category"), FieldPanel("department", widget=forms.Select)]
                ),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("genre")]),
                FieldPanel("keywords"),
                FieldRowPanel(
                    [
                        FieldPanel("validity"),
                        FieldPanel("effective_from"),
                        FieldPanel("validity_changed_on"),
                    ]
                ),
            ],
            heading=_("目录信息"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("disclosure_mode"), FieldPanel("disclosure_scope")]),
                FieldRowPanel([FieldPanel("withheld_ground"), FieldPanel("withheld_reason")]),
            ],
            heading=_("公开属性"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件")),
        FieldPanel("privacy_override_reason", heading=_("发布前个人信息检查")),
        MultiFieldPanel(
            [
                FieldPanel("secrecy_reviewed"),
                FieldRowPanel([FieldPanel("secrecy_reviewer"), FieldPanel("secrecy_reviewed_on")]),
            ],
            heading=_("保密审查（第十七条）"),
        ),
    ]
    base_form_class = InfoItemForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("document_number"),
        index.FilterField("agency"),
        index.FilterField("category"),
    ]
    parent_page_types = ["catalog.ColumnPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~Q(index_number=""),
                name="index_number_unique_in_group",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "listed_at", "page_ptr"], name="item_agency_listed"),
            models.Index(fields=["listed_at", "page_ptr"], name="item_listed"),
        ]

    # The 索引号 is permanent: neither a copy nor an older revision may carry or restore one.
    exclude_fields_in_copy = [
        "index_number",
        "publication_workdays",
        "publication_late",
        "publication_provisional",
        "timed_from",
        "timed_to",
        *PublicationOrigin.ORIGIN_FIELDS,
    ]

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.exclude_fields_in_copy:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def published_on(self):
        if self.first_published_at is None:
            return None
        return timezone.localdate(self.first_published_at)

    @property
    def publisher(self) -> str:
        return self.agency.name

    @property
    def lifecycle(self) -> Lifecycle:
        return Lifecycle(
            self.validity, self.generated_on, self.effective_from, self.validity_changed_on
        )

    @property
    def validity_today(self) -> str:
        """有效性 as of today (a document 有效 from next month is 尚未生效 now)."""
        if not self.validity or self.generated_on is None:
            return ""
        status = self.lifecycle.status_on(timezone.localdate())
        return Validity(status).label if status else ""

    @property
    def validity_badge(self) -> str:
        """The mark of a document that is not in force today ("" when it is)."""
        shown = self.validity_today
        return "" if shown == Validity.VALID.label else shown

    def serve(self, request, *args, **kwargs):
        # 不予公开 never goes public, whatever state the page is in (the gate refuses to
        # publish it; this is the last line).
        if self.disclosure_mode == DisclosureMode.WITHHELD:
            raise Http404("Not found")
        return super().serve(request, *args, **kwargs)

    def save(self, *args, **kwargs):
        self.listed_at = self.first_published_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "first_published_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "listed_at"}
        if not self.department_id:
            column = self.get_parent()
            if column is not None:
                self.department_id = getattr(column.specific, "department_id", None)
        return super().save(*args, **kwargs)


class InfoItemAttachment(Orderable):
    """A file published with an item (PDF, DOCX, XLSX, images); its text feeds the search."""

    item = ParentalKey(InfoItem, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("文件")
    )
    extracted_text = models.TextField(_("提取的文字"), blank=True, editable=False)

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
