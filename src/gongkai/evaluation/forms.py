from django import forms
from django.utils.translation import gettext_lazy as _


class ScoreForm(forms.Form):
    points = forms.DecimalField(label=_("得分"), max_digits=6, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("评分理由"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_text = forms.CharField(
        label=_("佐证说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(label=_("佐证链接"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("佐证材料"), required=False)


class SchemeForm(forms.Form):
    text = forms.CharField(label=_("方案（JSON）"), widget=forms.Textarea(attrs={"rows": 30}))
