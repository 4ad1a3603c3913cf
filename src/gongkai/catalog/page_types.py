"""Which page types each role may create in the back office.

Wagtail's ``subpage_types`` say what may stand where; this says who may put it there. An
editor (股室信息员) writes information items into the columns of their department; the
columns themselves and the guide (政府信息公开指南) are the agency admin's, who manages
the agency's columns and guide. The policy's capabilities say who holds which
(``pages.create``, ``pages.structure``); without them one creates no pages.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView
from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.models import Page

from gongkai.agencies.policy import Capability, can

ITEM = "catalog.infoitem"
COLUMN = "catalog.columnpage"
GUIDE = "catalog.guidepage"

# page type -> the capability that creates it
CREATED_WITH = {
    ITEM: Capability.PAGES_CREATE,
    COLUMN: Capability.PAGES_STRUCTURE,
    GUIDE: Capability.PAGES_STRUCTURE,
}


def _label(page_class) -> str:
    return f"{page_class._meta.app_label}.{page_class._meta.model_name}"


def may_create(user, page_class) -> bool:
    """Whether ``user``'s roles let them create pages of ``page_class`` (Wagtail's page
    permissions still decide where)."""
    capability = CREATED_WITH.get(_label(page_class))
    return capability is not None and can(user, capability)


class RoleAddSubpageView(AddSubpageView):
    """Wagtail's "add child page" chooser, offering only the types the user's role may
    create (served at Wagtail's own URL, ahead of it in gongkai.urls)."""

    def dispatch(self, request, parent_page_id, *args, **kwargs):
        parent = get_object_or_404(Page, id=parent_page_id).specific
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        models = [
            model
            for model in type(parent).creatable_subpage_models()
            if model.can_create_at(parent) and may_create(request.user, model)
        ]
        if not models:
            raise PermissionDenied
        if len(models) == 1:
            model = models[0]
            return redirect(
                "wagtailadmin_pages:add", model._meta.app_label, model._meta.model_name, parent.id
            )
        self.parent_page = parent
        self.page_types = sorted(
            (
                (
                    model.get_verbose_name(),
                    model._meta.app_label,
                    model._meta.model_name,
                    model.get_page_description(),
                )
                for model in models
            ),
            key=lambda page_type: page_type[0].lower(),
        )
        return TemplateView.dispatch(self, request, parent_page_id, *args, **kwargs)


def refuse_creation_outside_role(request, parent_page, page_class):
    """``before_create_page``: the create form itself refuses a type the role may not make."""
    if not may_create(request.user, page_class):
        raise PermissionDenied
