from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gongkai.agencies import views
from gongkai.agencies.access import is_supervisor, scope_to_visible_collections, user_agency_id
from gongkai.agencies.actions import ACTION_PREFIX, ACTIONS
from gongkai.agencies.models import Agency, Department
from gongkai.agencies.policy import Capability, can


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "site"
    menu_label = _("机关信息")
    list_display = ["name", "slug", "phone", "site_code"]
    form_fields = [
        "name",
        "kind",
        "credit_code",
        "hostname",
        "address",
        "postcode",
        "phone",
        "email",
        "icp_number",
        "police_number",
        "site_code",
        "party_gov_mark_url",
        "sort_order",
    ]

    def get_queryset(self, request):
        queryset = Agency.objects.all()
        if is_supervisor(request.user):
            return queryset
        return queryset.filter(pk=user_agency_id(request.user))


class _OwnAgencyOnly:
    """A form whose agency field offers only the user's own agency, unless a supervisor.

    The middleware checks the record named in the URL; this checks the agency submitted in
    the form, so an agency admin cannot create a department in, or move one to, another
    agency (an agency not offered is refused as an invalid choice).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "agency" in self.fields and not is_supervisor(user):
            self.fields["agency"].queryset = Agency.objects.filter(pk=user_agency_id(user))


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("股室")
    list_display = ["name", "agency", "slug"]
    form_fields = ["agency", "name", "slug", "sort_order"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (_OwnAgencyOnly, form_class), {})

    def get_queryset(self, request):
        queryset = Department.objects.select_related("agency")
        if is_supervisor(request.user):
            return queryset
        return queryset.filter(agency_id=user_agency_id(request.user))


class AgenciesGroup(SnippetViewSetGroup):
    items = (AgencyViewSet, DepartmentViewSet)
    menu_icon = "site"
    menu_label = _("机关与股室")
    menu_name = "agencies"


register_snippet(AgenciesGroup)


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


@hooks.register("register_admin_urls")
def register_onboarding_urls():

    return [
        path("onboarding/", views.agency_list, name="agencies_onboarding"),
        path("onboarding/new/", views.agency_create, name="agencies_onboarding_create"),
        path("onboarding/<int:pk>/", views.agency_detail, name="agencies_onboarding_detail"),
    ]


class _OnboardingMenuItem(MenuItem):
    def is_shown(self, request):
        return is_supervisor(request.user) or can(
            request.user, Capability.AGENCY_MANAGE, user_agency_id(request.user)
        )


@hooks.register("register_admin_menu_item")
def register_onboarding_menu_item():
    return _OnboardingMenuItem(
        _("机关开通与管理"), reverse("agencies_onboarding"), icon_name="site", order=250
    )
