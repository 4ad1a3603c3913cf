from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = _("依申请公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models load after the app registry is ready, hence the imports here.
        from gongkai.applications.calendar_moves import ApplicationDeadlines
        from gongkai.applications.clock import schedule_changed
        from gongkai.workdays import dependents
        from gongkai.workdays.models import HolidaySchedule

        dependents.register(ApplicationDeadlines())

        # A year's schedule added or corrected moves the deadlines of open cases (issue 4).
        post_save.connect(schedule_changed, sender=HolidaySchedule, dispatch_uid="gk-app-sched")
        post_delete.connect(schedule_changed, sender=HolidaySchedule, dispatch_uid="gk-app-sdel")
