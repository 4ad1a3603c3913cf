"""The back office's 节假日安排 screens (superusers): the years, and one year's form."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.rules.calendar import ScheduleError
from gongkai.workdays.actions import do_store_schedule
from gongkai.workdays.forms import FestivalFormSet, blank_rows, rows_of, schedule_data
from gongkai.workdays.models import HolidaySchedule, current_calendar

FIRST_YEAR = 2019


def _require_superuser(user):
    if not user.is_superuser:
        raise PermissionDenied


def index(request):
    _require_superuser(request.user)
    calendar = current_calendar()
    stored = {row.year: row for row in HolidaySchedule.objects.select_related("added_by")}
    last = max(timezone.localdate().year + 1, *calendar.years)
    years = [
        {"year": year, "known": calendar.has_year(year), "stored": stored.get(year)}
        for year in range(last, FIRST_YEAR - 1, -1)
    ]
    return TemplateResponse(request, "workdays/index.html", {"years": years})


def edit(request, year):
    _require_superuser(request.user)
    calendar = current_calendar()
    initial = rows_of(calendar.schedule(year)) if calendar.has_year(year) else blank_rows()
    problems = []
    if request.method == "POST":
        formset = FestivalFormSet(request.POST, prefix="rows")
        if formset.is_valid():
            rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
            try:
                moves = do_store_schedule(year, schedule_data(year, rows), acting_user=request.user)
            except ScheduleError as error:
                problems = error.problems
            else:
                return TemplateResponse(
                    request, "workdays/stored.html", {"year": year, "result": moves}
                )
    else:
        formset = FestivalFormSet(initial=initial, prefix="rows")
    context = {
        "year": year,
        "formset": formset,
        "problems": problems,
        "title": _("%(year)s年节假日安排") % {"year": year},
    }
    return TemplateResponse(request, "workdays/edit.html", context, status=400 if problems else 200)
