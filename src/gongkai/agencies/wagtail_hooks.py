from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from gongkai.agencies import views
from gongkai.agencies.access import is_supervisor, scope_to_visible_collections, user_agency_id
from gongkai.agencies.actions import ACTION_PREFIX, ACTIONS, AUDIT
from gongkai.agencies.policy import Capability, can
from gongkai.backoffice import add_menu_item


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """Wagtail's admin API lists every document and image of the installation; the back
    office's lists only those of the agencies the user may see. Runs after Wagtail's own
    hooks (order 100) so that these endpoints replace theirs."""

    class ScopedDocuments(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return scope_to_visible_collections(super().get_queryset(), self.request.user)

    class ScopedImages(ImagesAdminAPIViewSet):
        def get_queryset(self):
            return scope_to_visible_collections(super().get_queryset(), self.request.user)

    router.register_endpoint("documents", ScopedDocuments)
    router.register_endpoint("images", ScopedImages)


@hooks.register("register_log_actions")
def register_onboarding_actions(actions):

    for name, label in ACTIONS.items():
        # The labels are Chinese literals already; _() keeps them translatable.
        actions.register_action(ACTION_PREFIX + name, _(label), _(label))
    AUDIT.register(actions)  # gongkai.agencies.* (the accounts behind the user screens)


@hooks.register("register_admin_urls")
def register_onboarding_urls():

    return [
        path("onboarding/", views.agency_list, name="agencies_onboarding"),
        path("onboarding/new/", views.agency_create, name="agencies_onboarding_create"),
        path("onboarding/<int:pk>/", views.agency_detail, name="agencies_onboarding_detail"),
        # The agency and department records were once edited as snippets, beside the
        # audited actions; their addresses now lead to the onboarding screens.
        path("snippets/agencies/agency/", views.agency_list, name="agencies_snippet_agencies"),
        path(
            "snippets/agencies/agency/edit/<int:pk>/",
            views.agency_moved,
            name="agencies_snippet_agency_edit",
        ),
        path(
            "snippets/agencies/department/",
            views.agency_list,
            name="agencies_snippet_departments",
        ),
        path(
            "snippets/agencies/department/edit/<int:pk>/",
            views.department_moved,
            name="agencies_snippet_department_edit",
        ),
    ]


def _may_onboard(user):
    return is_supervisor(user) or can(user, Capability.AGENCY_MANAGE, user_agency_id(user))


add_menu_item(_may_onboard, _("机关开通与管理"), "agencies_onboarding", icon_name="site", order=250)
