"""The public search form: what the query string may ask of the search."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalog.categories import Art20Category
from gongkai.catalog.models import ColumnPage
from gongkai.catalog.search.query import MAX_QUERY_LENGTH, QueryError, clean_query

# The Regulations took effect on 1 May 2008; nothing in a catalog is older.
FIRST_YEAR = 2008
CURRENT = "current"


def year_choices():
    return [("", _("全部"))] + [
        (str(year), str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("检索词"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_QUERY_LENGTH, "type": "search"}),
    )
    agency = forms.ModelChoiceField(
        label=_("机关"),
        queryset=Agency.objects.order_by("sort_order", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("全部"),
    )
    category = forms.ChoiceField(
        label=_("法定公开类别"),
        choices=[("", _("全部")), *Art20Category.choices],
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("发布年份"), choices=year_choices, coerce=int, empty_value=None, required=False
    )
    validity = forms.ChoiceField(
        label=_("有效性"),
        choices=[("", _("全部")), (CURRENT, _("现行有效"))],
        required=False,
    )
    column = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_q(self):
        try:
            clean_query(self.cleaned_data["q"])
        except QueryError as error:
            raise forms.ValidationError(str(error)) from error
        return " ".join(self.cleaned_data["q"].split())

    def clean_column(self):

        pk = self.cleaned_data["column"]
        if pk is None:
            return None
        column = ColumnPage.objects.live().filter(pk=pk).first()
        if column is None:
            raise forms.ValidationError(_("没有这个栏目。"))
        return column
