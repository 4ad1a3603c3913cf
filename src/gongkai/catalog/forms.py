from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Department, Role


class AgencyPageForm(WagtailAdminPageForm):
    """Department choices are limited to the page's agency, and for an editor to their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None:
            return
        agency_id = self._agency_id()
        field.queryset = (
            Department.objects.filter(agency_id=agency_id)
            if agency_id
            else Department.objects.none()
        )
        profile = staff_profile(self.for_user)
        if profile and profile.role == Role.EDITOR:
            field.queryset = field.queryset.filter(pk=profile.department_id)
            field.initial = profile.department_id
            field.required = True
            field.help_text = _("股室信息员只能以本股室名义发布信息")

    def _agency_id(self):
        if self.instance and getattr(self.instance, "agency_id", None):
            return self.instance.agency_id
        parent = self.parent_page
        if parent is None:
            return None
        parent = parent.specific
        return getattr(parent, "agency_id", None)
