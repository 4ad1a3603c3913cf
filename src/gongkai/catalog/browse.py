"""Browsing the catalog: filters from a query string, and the documented record of an item.

The same record feeds the HTML list, the CSV and JSON downloads, the open-data API and the
feeds, so that every channel says the same thing about an item.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from gongkai.catalog.addresses import page_full_url
from gongkai.catalog.categories import Art20Category, Validity
from gongkai.querystring import MAX_ID, whole_number

# (name, 中文名, meaning) — the documented fields of the open-data API and the downloads.
ITEM_FIELDS = [
    ("index_number", "索引号", "unique, permanent catalog number, given at first publication"),
    ("title", "信息名称", "official title"),
    ("summary", "内容概述", "short description of the content"),
    ("publisher", "发布机构", "full name of the agency"),
    ("department", "责任股室", "department of the agency responsible for the item"),
    (
        "generated_on",
        "成文日期",
        "date the document was signed or the information formed (ISO 8601)",
    ),
    ("published_on", "发布日期", "date it went public on this site (ISO 8601)"),
    ("document_number", "文号", "official document number, empty when it has none"),
    ("category", "法定公开类别", "Art. 20 category code of the Regulations"),
    ("category_label", "法定公开类别名称", "Chinese name of the category"),
    ("topic", "主题分类", "subject classification"),
    ("genre", "体裁", "genre, e.g. 通知"),
    ("keywords", "关键词", "keywords"),
    (
        "validity",
        "有效性",
        "valid / revised / abolished / expired / not_yet_effective for rules and normative "
        "documents, else empty",
    ),
    (
        "validity_changed_on",
        "修订、废止或失效日期",
        "date it was revised, abolished or expired (ISO 8601) or empty",
    ),
    ("column", "栏目", "title of the column that holds the item"),
    ("url", "网址", "absolute address of the item page"),
    # Added later, at the end so that existing readers of the CSV keep their columns.
    ("effective_from", "施行日期", "date it takes effect (ISO 8601) or empty"),
    ("changed_on", "变更日期", "date the information last changed (ISO 8601) or empty"),
]

CATEGORY_CODES = {choice.value for choice in Art20Category}
VALIDITY_CODES = {choice.value for choice in Validity}


# 主题分类 are stored as paths, top level first: 工业、交通\交通.
TOPIC_SEPARATOR = "\\"


def topic_q(wanted: str) -> Q:
    r"""The items that answer the topic filter ``wanted``: the topic itself, any topic below
    it (工业、交通 finds 工业、交通\交通) and a sub-topic named on its own under any parent
    (交通 finds 工业、交通\交通)."""
    sep = TOPIC_SEPARATOR
    return (
        Q(topic=wanted)
        | Q(topic__startswith=wanted + sep)
        | Q(topic__endswith=sep + wanted)
        | Q(topic__contains=sep + wanted + sep)
    )


@dataclass
class CatalogFilter:
    column: int | None = None
    topic: str = ""
    category: str = ""
    year: int | None = None
    department: int | None = None
    validity: str = ""
    current_only: bool = False
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> "CatalogFilter":
        found = cls()
        found.column = _int(params, "column", found.errors, _("栏目"))
        found.department = _int(params, "department", found.errors, _("股室"))
        found.year = _int(params, "year", found.errors, _("年份"))
        if found.year is not None and not 1949 <= found.year <= 2100:
            found.errors.append(str(_("年份应在1949至2100之间")))
            found.year = None
        found.topic = params.get("topic", "").strip()[:60]
        category = params.get("category", "").strip()
        if category and category not in CATEGORY_CODES:
            found.errors.append(
                str(_("没有这个法定公开类别：%(value)s") % {"value": category[:30]})
            )
        else:
            found.category = category
        validity = params.get("validity", "").strip()
        if validity == "current":
            found.current_only = True
        elif validity and validity not in VALIDITY_CODES:
            found.errors.append(
                str(
                    _(
                        "有效性只能是 current、valid、revised、abolished、expired 或 not_yet_effective"
                    )
                )
            )
        else:
            found.validity = validity
        return found

    def is_empty(self) -> bool:
        """No filter asked for: the whole list."""
        return not (
            self.column is not None
            or self.topic
            or self.category
            or self.year is not None
            or self.department is not None
            or self.validity
            or self.current_only
        )

    def apply(self, items):
        if self.column is not None:
            column = Page.objects.filter(pk=self.column).first()
            items = items.descendant_of(column) if column else items.none()
        if self.topic:
            items = items.filter(topic_q(self.topic))
        if self.category:
            items = items.filter(category=self.category)
        if self.year is not None:
            items = items.filter(first_published_at__year=self.year)
        if self.department is not None:
            items = items.filter(department_id=self.department)
        if self.validity:
            items = items.filter(validity=self.validity)
        if self.current_only:
            # Revised, abolished or expired documents stay published but leave "currently
            # valid" lists, and so does one not yet in force (gongkai.rules.validity).
            today = timezone.localdate()
            items = items.filter(
                Q(validity="")
                | Q(validity=Validity.VALID)
                & (Q(effective_from__isnull=True) | Q(effective_from__lte=today))
            )
        return items

    def query_string(self, **overrides) -> str:
        values = {
            "column": self.column,
            "topic": self.topic,
            "category": self.category,
            "year": self.year,
            "department": self.department,
            "validity": "current" if self.current_only else self.validity,
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _int(params, name, errors, label):
    raw = params.get(name, "").strip()
    if not raw:
        return None
    value = whole_number(raw, 0, math.inf)
    if value is None:
        errors.append(str(_("%(label)s参数应为数字") % {"label": label}))
    elif value > MAX_ID:
        errors.append(str(_("%(label)s参数超出范围") % {"label": label}))
        value = None
    return value


def item_record(item, request=None) -> dict:
    """The documented record of one item (``ITEM_FIELDS``)."""
    url = page_full_url(item)
    return {
        "index_number": item.index_number,
        "title": item.title,
        "summary": item.summary,
        "publisher": item.agency.name,
        "department": item.department.name if item.department else "",
        "generated_on": _iso(item.generated_on),
        "published_on": _iso(item.published_on),
        "document_number": item.document_number,
        "category": item.category,
        "category_label": category_label(item.category),
        "topic": item.topic,
        "genre": item.genre,
        "keywords": item.keywords,
        "validity": item.validity,
        "validity_changed_on": _iso(item.validity_changed_on),
        "column": item.column_title,
        "url": url,
        "effective_from": _iso(item.effective_from),
        "changed_on": _iso(item.changed_on),
    }


def category_label(code: str) -> str:
    """The Art. 20 category's name in the active language. Not ``get_category_display()``:
    that builds a dict of every choice, translating each, on every call (a third of the time
    of the API's list of items)."""
    return str(Art20Category(code).label) if code in CATEGORY_CODES else code


def _iso(day) -> str:
    return day.isoformat() if day else ""


def attach_columns(items) -> list:
    """Give each item its column title from one query, not one per item."""
    items = list(items)
    steplen = Page.steplen
    # An item's parent is its column.
    titles = dict(
        Page.objects.filter(path__in={item.path[:-steplen] for item in items}).values_list(
            "path", "title"
        )
    )
    for item in items:
        item.column_title = titles.get(item.path[:-steplen], "")
    return items


def paginate(items, page_number, per_page: int):
    page = Paginator(items, per_page).get_page(page_number)
    page.object_list = attach_columns(page.object_list)
    return page
