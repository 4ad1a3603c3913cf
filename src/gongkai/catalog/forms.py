from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Agency, Department
from gongkai.agencies.policy import department_bound
from gongkai.catalog.categories import Art20Category, DisclosureMode, categories_for
from gongkai.rules import validity as lifecycle


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


class SecrecyReviewForm(forms.Form):
    """保密审查 (Art. 17 ¶2) of the text about to be published: the editor's form carries
    these fields, and the publication gate reads them from the same POST."""

    secrecy_reviewed = forms.BooleanField(
        label=_("已对拟公开的内容进行保密审查，可以公开"),
        required=False,
        help_text=_("发布前必须完成保密审查（《条例》第十七条）；内容修改后再次发布须重新审查。"),
    )
    secrecy_reviewer = forms.CharField(label=_("保密审查人"), required=False, max_length=60)
    secrecy_reviewed_on = forms.DateField(label=_("保密审查日期"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("secrecy_reviewed"):
            return data
        if not (data.get("secrecy_reviewer") or "").strip():
            self.add_error("secrecy_reviewer", _("请填写保密审查人"))
        day = data.get("secrecy_reviewed_on")
        if day is None:
            if "secrecy_reviewed_on" not in self.errors:
                self.add_error("secrecy_reviewed_on", _("请填写保密审查日期"))
        elif day > timezone.localdate():
            self.add_error("secrecy_reviewed_on", _("保密审查日期不能晚于今天"))
        return data

    def review(self):
        """(reviewer, date) when the form says the text was reviewed, else None."""
        if not self.is_valid() or not self.cleaned_data.get("secrecy_reviewed"):
            return None
        return self.cleaned_data["secrecy_reviewer"].strip(), self.cleaned_data[
            "secrecy_reviewed_on"
        ]


class InfoItemForm(AgencyPageForm):
    secrecy_reviewed = SecrecyReviewForm.base_fields["secrecy_reviewed"]
    secrecy_reviewer = SecrecyReviewForm.base_fields["secrecy_reviewer"]
    secrecy_reviewed_on = SecrecyReviewForm.base_fields["secrecy_reviewed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new item starts in its column's Art. 20 category (行政许可 in 行政许可); the clerk
        # may still change it.
        field = self.fields.get("category")
        default = getattr(self.parent_page and self.parent_page.specific, "default_category", "")
        if field is not None and not self.instance.pk and not self.is_bound and default:
            self.initial["category"] = default
        if field is not None:
            self._limit_categories(field)
        # Art. 12: the catalog lists each item's 内容概述. Required of every item written or
        # edited here; items published before keep publishing until they are next edited.
        if "summary" in self.fields:
            self.fields["summary"].required = True
            self.fields["summary"].error_messages["required"] = _(
                "请填写内容概述：政府信息公开目录须列明每条信息的内容概述（《条例》第十二条）"
            )
        if "secrecy_reviewer" in self.fields and self.for_user is not None:
            name = self.for_user.get_full_name() or self.for_user.get_username()
            self.initial.setdefault("secrecy_reviewer", name)
            self.initial.setdefault("secrecy_reviewed_on", timezone.localdate())

    def _limit_categories(self, field):
        """Art. 20's categories, and Art. 21's for the kinds of agency it names."""
        agency = Agency.objects.filter(pk=self._agency_id()).first()
        if agency is None:
            return
        allowed = {c.value for c in categories_for(agency.kind)} | {Art20Category.NONE.value}
        current = self.instance.category if self.instance.pk else None
        field.choices = [(v, label) for v, label in field.choices if v in allowed or v == current]

    def clean(self):
        data = super().clean()
        review = SecrecyReviewForm(
            {
                "secrecy_reviewed": data.get("secrecy_reviewed"),
                "secrecy_reviewer": data.get("secrecy_reviewer") or "",
                "secrecy_reviewed_on": data.get("secrecy_reviewed_on"),
            }
        )
        if not review.is_valid():
            for name, errors in review.errors.items():
                for error in errors:
                    self.add_error(name if name != "__all__" else None, error)
        mode = data.get("disclosure_mode")
        if mode == DisclosureMode.WITHHELD:
            if not data.get("withheld_ground"):
                self.add_error("withheld_ground", _("不予公开的信息须选择不予公开依据"))
            if not (data.get("withheld_reason") or "").strip():
                self.add_error("withheld_reason", _("不予公开的信息须填写不予公开的理由"))
        elif data.get("withheld_ground"):
            self.add_error("withheld_ground", _("只有不予公开的信息才选择不予公开依据"))
        generated_on = data.get("generated_on")
        changed_on = data.get("changed_on")
        if changed_on is not None:
            if changed_on > timezone.localdate():
                self.add_error("changed_on", _("变更日期不能晚于今天"))
            elif generated_on is not None and changed_on < generated_on:
                self.add_error("changed_on", _("变更日期不能早于成文日期"))
        problems = lifecycle.check(
            data.get("validity") or "", data.get("effective_from"), data.get("validity_changed_on")
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

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


class WithholdingReviewForm(forms.Form):
    """One periodic review (定期评估审查, Art. 18) of an item that is not proactively public."""

    reviewed_on = forms.DateField(
        label=_("评估审查日期"), error_messages={"required": _("请填写评估审查日期")}
    )
    conclusion = forms.ChoiceField(
        label=_("评估结论"),
        choices=(),
        error_messages={"required": _("请选择评估结论"), "invalid_choice": _("请选择评估结论")},
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from_choices = kwargs.pop("conclusions")
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].choices = from_choices

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("评估审查日期不能晚于今天"))
        return day
