from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.workdays.models import HolidaySchedule


class HolidayScheduleViewSet(SnippetViewSet):
    """Superusers paste a year's schedule (the JSON of rules/data/holidays/) when it is issued."""

    model = HolidaySchedule
    icon = "date"
    menu_label = _("节假日安排")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["year", "added_by", "added_at"]
    form_fields = ["year", "data"]


register_snippet(HolidayScheduleViewSet)
