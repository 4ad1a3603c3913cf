from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.workdays.models import HolidaySchedule


class _RecordsWhoAddedIt:
    """Fills 录入人 with the admin who saved the schedule (the form has no such field)."""

    def save(self, commit=True):
        if getattr(self, "for_user", None) is not None:
            self.instance.added_by = self.for_user
        return super().save(commit)


class HolidayScheduleViewSet(SnippetViewSet):
    """Superusers paste a year's schedule (the JSON of rules/data/holidays/) when it is issued."""

    model = HolidaySchedule
    icon = "date"
    menu_label = _("节假日安排")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["year", "added_by", "added_at"]
    form_fields = ["year", "data"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (_RecordsWhoAddedIt, form_class), {})


register_snippet(HolidayScheduleViewSet)
