"""Wagtail's users app with the person's agency, department and roles on its form.

Listed in INSTALLED_APPS instead of ``wagtail.users`` (its own module, so that the agencies
app keeps a single AppConfig)."""

from wagtail.users.apps import WagtailUsersAppConfig


class StaffUsersConfig(WagtailUsersAppConfig):
    user_viewset = "gongkai.agencies.staff_users.StaffUserViewSet"
