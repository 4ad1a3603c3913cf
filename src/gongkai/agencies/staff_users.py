"""Wagtail's own user screens with the person's place: agency, department, roles, mobile.

There is one place to add a person. The form's groups field is gone — groups are derived
from the roles by the actions, never ticked by hand — and saving goes through
``actions.do_create_person`` / ``do_change_person`` / ``do_set_roles`` /
``do_deactivate_person``, and ``do_make_superuser`` / ``do_set_password`` /
``do_add_profile`` for the rest of Wagtail's form; the views write nothing themselves. An agency admin sees, and may choose, only their own agency.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from gongkai.agencies import actions
from gongkai.agencies.access import own_agency
from gongkai.agencies.actions import OnboardingError
from gongkai.agencies.models import Agency, Department, Role, StaffProfile
from gongkai.agencies.onboard import password_link

User = get_user_model()


class StaffFields(forms.Form):
    """The person's place in the site group, added to Wagtail's user form."""

    agency = forms.ModelChoiceField(
        Agency.objects.filter(retired_on__isnull=True), label=_("所属机关"), required=False
    )
    department = forms.ModelChoiceField(
        Department.objects.filter(retired_on__isnull=True).select_related("agency"),
        label=_("股室"),
        required=False,
        help_text=_("股室信息员必填"),
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        label=_("角色"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mobile = forms.RegexField(
        regex=r"^1[3-9]\d{9}$",
        label=_("手机号码"),
        required=False,
        error_messages={"invalid": _("手机号码应为11位")},
    )


def _staff_form(base):
    class Form(base):
        def __init__(self, *args, for_user=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.for_user = for_user
            for name in ("groups", "last_name"):
                self.fields.pop(name, None)
            if for_user is None or not for_user.is_superuser:
                self.fields.pop("is_superuser", None)
            self.fields["first_name"].label = _("姓名")
            # Without a password the person sets one through a one-time link.
            for name in ("password1", "password2"):
                if name in self.fields:
                    self.fields[name].required = False
            self.fields["email"].required = False
            extra = StaffFields()
            for name, field in extra.fields.items():
                self.fields[name] = field
            agency = own_agency(for_user) if for_user is not None else None
            if agency is not None:
                self.fields["agency"].queryset = Agency.objects.filter(pk=agency.pk)
                self.fields["agency"].required = True
                self.fields["agency"].initial = agency.pk
                self.fields["department"].queryset = Department.objects.filter(
                    agency=agency, retired_on__isnull=True
                )
                self.fields["roles"].choices = [c for c in Role.choices if c[0] != Role.SUPERVISOR]
            profile = StaffProfile.objects.filter(user_id=self.instance.pk).first()
            if profile is not None:
                self.initial.update(
                    agency=profile.agency_id,
                    department=profile.department_id,
                    roles=sorted(profile.roles),
                    mobile=profile.mobile,
                )

        def clean(self):
            data = super().clean()
            try:
                actions.check_assignment(
                    data.get("roles") or [], data.get("agency"), data.get("department")
                )
            except OnboardingError as error:
                raise forms.ValidationError(str(error)) from None
            return data

    Form.__name__ = f"Staff{base.__name__}"
    return Form


StaffUserCreationForm = _staff_form(UserCreationForm)
StaffUserEditForm = _staff_form(UserEditForm)


class _Scoped:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except OnboardingError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class CreateView(_Scoped, wagtail_users.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        password = data.get("password1") or None
        user = actions.do_create_person(
            data[User.USERNAME_FIELD],
            data["first_name"],
            acting_user=self.request.user,
            roles=set(data["roles"]),
            agency=data["agency"],
            department=data["department"],
            email=data.get("email") or "",
            mobile=data.get("mobile") or "",
            password=password,
        )
        if data.get("is_superuser"):
            user = actions.do_make_superuser(user, acting_user=self.request.user)
        if password is None:
            url, expires = password_link(user, settings.WAGTAILADMIN_BASE_URL)
            messages.info(
                self.request,
                _("请将设置密码链接交给本人（%(expires)s 前有效，只能使用一次）：%(url)s")
                % {"url": url, "expires": expires},
            )
        return user


class EditView(_Scoped, wagtail_users.EditView):
    def get_object(self, queryset=None):
        user = super().get_object(queryset)
        agency = own_agency(self.request.user)
        if agency is not None:
            profile = StaffProfile.objects.filter(user=user).first()
            if profile is None or profile.agency_id != agency.pk:
                raise Http404("Another agency's account")
        return user

    def save_instance(self):
        data = self.form.cleaned_data
        user = User.objects.get(pk=self.object.pk)
        acting = self.request.user
        if not StaffProfile.objects.filter(user=user).exists():
            actions.do_add_profile(user, acting_user=acting)
        actions.do_change_person(
            user,
            acting_user=acting,
            full_name=data["first_name"],
            email=data.get("email") or "",
            mobile=data.get("mobile") or "",
        )
        actions.do_set_roles(
            user,
            set(data["roles"]),
            acting_user=acting,
            agency=data["agency"],
            department=data["department"],
        )
        if data.get("password1"):
            actions.do_set_password(user, data["password1"], acting_user=acting)
        if "is_active" in data and not data["is_active"] and user.is_active:
            actions.do_deactivate_person(user, acting_user=acting)
        user.refresh_from_db()
        return user


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        agency = own_agency(self.request.user)
        if agency is not None:
            queryset = queryset.filter(staff_profile__agency=agency)
        return queryset


class StaffUserViewSet(wagtail_users.UserViewSet):
    create_template_name = "agencies/users/form.html"
    edit_template_name = "agencies/users/form.html"
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
