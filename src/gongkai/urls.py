from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access as admin_required
from wagtail.documents import urls as wagtaildocs_urls

from gongkai import availability
from gongkai.catalog import api, file_serving
from gongkai.catalog.page_types import RoleAddSubpageView
from gongkai.catalog.search import views as search_views
from gongkai.catalog.sitemap import robots_txt, sitemap_xml

urlpatterns = [
    path("healthz", availability.healthz, name="healthz"),
    # Ahead of Wagtail's own: the page types offered follow the role (catalog/page_types.py).
    path(
        "admin/pages/<int:parent_page_id>/add_subpage/",
        admin_required(RoleAddSubpageView.as_view()),
        name="gongkai_add_subpage",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Image renditions, checked against the pages using them; never a plain file directory.
    path("media/<path:path>", file_serving.serve_media, name="media_file"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.index, name="api_index"),
    path("api/v1/agencies/", api.agencies, name="api_agencies"),
    path("api/v1/items/", api.items, name="api_items"),
    path("api/v1/items/<path:index_number>/", api.item_detail, name="api_item"),
    path("messages/", include("gongkai.interaction.urls")),
    path("applications/", include("gongkai.applications.urls")),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

urlpatterns.append(path("search/", search_views.search_page, name="search"))
urlpatterns.append(path("", include(wagtail_urls)))
