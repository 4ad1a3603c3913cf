from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Department
from gongkai.agencies.policy import department_bound


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
        if profile and department_bound(self.for_user):
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


class InfoItemForm(AgencyPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new item starts in its column's Art. 20 category (行政许可 in 行政许可); the clerk
        # may still change it.
        field = self.fields.get("category")
        default = getattr(self.parent_page and self.parent_page.specific, "default_category", "")
        if field is not None and not self.instance.pk and not self.is_bound and default:
            self.initial["category"] = default

    privacy_override_reason = forms.CharField(
        label=_("个人信息检查例外理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "仅当个人信息检查拦截了发布、且经审核确认可以公开时填写（例如：公示的是法定代表人"
            "办公电话）。理由记入操作日志。"
        ),
    )


class GuideForm(AgencyPageForm):
    REQUIRED = ("office_address", "phone", "postal_address", "postcode")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            if name in self.fields:
                self.fields[name].required = True
