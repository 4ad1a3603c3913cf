from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalog.browse import CatalogFilter, attach_columns, paginate
from gongkai.catalog.categories import Art20Category, Validity, categories_for
from gongkai.catalog.exports import CSV_ROW_LIMIT, items_csv_response, json_page_response
from gongkai.catalog.paging import keyset_page
from gongkai.catalog.public_cache import cached

CATALOG_PAGE_SIZE = 20
JSON_PAGE_SIZE = 50


def catalog_list(request, home, items, columns):
    """The agency's 政府信息公开目录 with filters; ``?format=csv`` / ``?format=json`` download it.

    ``items`` are the agency's public items and ``columns`` its live columns below the top
    level; the page (models/pages.py) gives them, so that this module imports no models."""
    filters = CatalogFilter.from_query(request.GET)
    items = filters.apply(items).order_by("-listed_at", "-pk")
    output = request.GET.get("format", "html")
    if output == "csv" and not filters.errors:
        return items_csv_response(items[:CSV_ROW_LIMIT], request, f"{home.agency.slug}-catalog")

    def page_of(size):
        number = request.GET.get("page")
        if filters.is_empty():
            # The whole catalog: read from the agency's index (catalog/paging.py).
            page = keyset_page(items, number, size, f"catalog:{home.pk}")
            page.object_list = attach_columns(page.object_list)
            return page
        return paginate(items, number, size)

    if output == "json" and not filters.errors:
        return json_page_response(page_of(JSON_PAGE_SIZE), request)
    status = 400 if filters.errors else 200
    context = {
        "page": home,
        "self": home,
        "filters": filters,
        "page_obj": page_of(CATALOG_PAGE_SIZE),
        "columns": columns,
        "departments": cached(
            f"departments:{home.agency_id}", lambda: list(home.agency.departments.all())
        ),
        # Art. 20's categories, and Art. 21's where they apply to the agency's kind.
        "categories": categories_for(home.agency.kind),
        "validity_choices": [(c.value, c.label) for c in Validity],
        "years": range(timezone.localdate().year, 2007, -1),
        "query_string": filters.query_string(),
    }
    return TemplateResponse(request, "catalog/catalog.html", context, status=status)


def group_statutory_index(request, portal, items, listed=None):
    """Each Art. 20 category with how many items (the group's public ``items``) each agency's
    site lists in it: its own, and the entries of other sites it shows (信息报送's adopted
    reference entries, 栏目映射), as its listings do. ``listed`` maps an agency's id to the
    condition of what its site lists (``catalog.listings.listed_condition``); an agency
    without a live site counts its own items. The total counts each item once."""
    listed = listed or {}
    agencies = list(Agency.objects.all())
    counts_by = {
        f"agency_{agency.pk}": Count(
            "pk", filter=listed[agency.pk] if agency.pk in listed else Q(agency=agency.pk)
        )
        for agency in agencies
    }
    rows = {
        row["category"]: row
        for row in items.exclude(category=Art20Category.NONE)
        # Wagtail orders pages by path; left in, the path would join the GROUP BY.
        .order_by()
        .values("category")
        .annotate(total=Count("pk"), **counts_by)
    }
    categories = []
    for category in Art20Category:
        if category == Art20Category.NONE:
            continue
        row = rows.get(category.value, {})
        categories.append(
            {
                "code": category.value,
                "label": category.label,
                "cells": [row.get(f"agency_{agency.pk}", 0) for agency in agencies],
                "total": row.get("total", 0),
            }
        )
    context = {"page": portal, "self": portal, "agencies": agencies, "categories": categories}
    return TemplateResponse(request, "catalog/group_statutory.html", context)


def group_statutory_category(request, portal, category, items):
    if category not in {c.value for c in Art20Category} or category == Art20Category.NONE:
        raise Http404("No such category")
    items = items.filter(category=category).order_by("-first_published_at", "-pk")
    context = {
        "page": portal,
        "self": portal,
        "category_label": Art20Category(category).label,
        "page_obj": paginate(items, request.GET.get("page"), CATALOG_PAGE_SIZE),
    }
    return TemplateResponse(request, "catalog/group_statutory_category.html", context)
