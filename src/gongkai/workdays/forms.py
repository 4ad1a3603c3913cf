"""The holiday schedule as a form: one row per festival, instead of raw JSON."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.rules.calendar import FESTIVALS

# The festivals of 《全国年节及纪念日放假办法》 and the merged periods the notices have used.
FESTIVAL_CHOICES = [(name, name) for name in FESTIVALS] + [("国庆节、中秋节", "国庆节、中秋节")]


def default_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


class DateListField(forms.CharField):
    """Dates written one after another (2025-01-26, 2025-02-08), separated by spaces,
    commas or 、."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        days = []
        for part in text.replace("，", " ").replace(",", " ").replace("、", " ").split():
            try:
                days.append(date.fromisoformat(part))
            except ValueError as error:
                raise forms.ValidationError(
                    _("“%(value)s”不是日期，请按 2025-01-26 的格式填写") % {"value": part}
                ) from error
        return days


class FestivalRowForm(forms.Form):
    name = forms.ChoiceField(label=_("节日"), choices=FESTIVAL_CHOICES)
    start = forms.DateField(label=_("放假首日"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("放假末日"), widget=forms.DateInput(attrs={"type": "date"}))
    adjusted = DateListField(
        label=_("调休上班日"),
        required=False,
        help_text=_("周末上班的日期，如 2025-01-26 2025-02-08"),
    )
    notice_number = forms.CharField(label=_("通知文号"), max_length=60)
    notice_date = forms.DateField(
        label=_("通知日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notice_title = forms.CharField(
        label=_("通知标题"), max_length=120, required=False, help_text=_("留空即为当年的通知")
    )
    text = forms.CharField(
        label=_("通知原文"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("放假末日不能早于放假首日"))
        return cleaned


class BaseFestivalFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        names = [form.cleaned_data["name"] for form in self.forms if form.cleaned_data]
        for name in {n for n in names if names.count(n) > 1}:
            raise forms.ValidationError(_("“%(name)s”填写了两次") % {"name": name})


FestivalFormSet = forms.formset_factory(
    FestivalRowForm, formset=BaseFestivalFormSet, extra=0, min_num=1, validate_min=True
)


def schedule_data(year: int, rows: list[dict]) -> dict:
    """The rows as a schedule in the file format of rules/data/holidays/."""
    notices = {}
    holidays, adjusted = [], []
    for row in rows:
        number = row["notice_number"].strip()
        notices.setdefault(
            number,
            {
                "number": number,
                "title": row.get("notice_title") or default_title(year),
                "date": row["notice_date"].isoformat(),
            },
        )
        period = {
            "name": row["name"],
            "start": row["start"].isoformat(),
            "end": row["end"].isoformat(),
            "notice": number,
        }
        if row.get("text"):
            period["text"] = row["text"].strip()
        holidays.append(period)
        adjusted += [
            {"date": day.isoformat(), "holiday": row["name"], "notice": number}
            for day in row.get("adjusted") or []
        ]
    return {
        "year": year,
        "notices": list(notices.values()),
        "holidays": sorted(holidays, key=lambda p: p["start"]),
        "adjusted_workdays": sorted(adjusted, key=lambda a: a["date"]),
    }


def rows_of(schedule) -> list[dict]:
    """Initial rows from a stored or shipped schedule (rules.calendar.HolidaySchedule)."""
    notices = {n.number: n for n in schedule.notices}
    rows = []
    for period in schedule.holidays:
        notice = notices.get(period.notice)
        rows.append(
            {
                "name": period.name,
                "start": period.start,
                "end": period.end,
                "adjusted": " ".join(
                    a.date.isoformat()
                    for a in schedule.adjusted_workdays
                    if a.holiday == period.name
                ),
                "notice_number": period.notice,
                "notice_date": notice.date if notice else None,
                "notice_title": notice.title if notice else "",
                "text": period.text,
            }
        )
    return rows


def blank_rows() -> list[dict]:
    return [{"name": name} for name in FESTIVALS]
