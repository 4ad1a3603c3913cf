"""The back office's list of wrong official expressions (严重表述错误), for supervisors:
list and add, change, delete — every change through the audited actions."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.policy import Capability, require
from gongkai.casework import ActionError
from gongkai.inspection import actions
from gongkai.inspection.models import WrongExpression


class ExpressionForm(forms.Form):
    wrong = forms.CharField(label=gettext_lazy("错误表述"), max_length=100)
    right = forms.CharField(label=gettext_lazy("规范表述"), max_length=100)
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False)


def _render(request, form, expression=None, status=200):
    return TemplateResponse(
        request,
        "inspection/expressions.html",
        {
            "page_title": _("严重表述错误清单"),
            "expressions": WrongExpression.objects.all(),
            "form": form,
            "editing": expression,
        },
        status=status,
    )


def _save(request, form, expression=None):
    """Run the action; on refusal show the form again with the reason."""
    try:
        if expression is None:
            actions.do_add_expression(**form.cleaned_data, acting_user=request.user)
        else:
            actions.do_change_expression(expression, **form.cleaned_data, acting_user=request.user)
    except ActionError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, _("已保存。"))
    return redirect("inspection_expressions")


@require_http_methods(["GET", "POST"])
def expressions(request):
    require(request.user, Capability.INSPECTION_EXPRESSIONS)
    form = ExpressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form)
        if done is not None:
            return done
    return _render(request, form, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def edit_expression(request, pk):
    require(request.user, Capability.INSPECTION_EXPRESSIONS)
    expression = get_object_or_404(WrongExpression, pk=pk)
    initial = {"wrong": expression.wrong, "right": expression.right, "note": expression.note}
    form = ExpressionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, expression)
        if done is not None:
            return done
    return _render(request, form, expression, status=400 if request.method == "POST" else 200)


@require_POST
def delete_expression(request, pk):
    require(request.user, Capability.INSPECTION_EXPRESSIONS)
    expression = get_object_or_404(WrongExpression, pk=pk)
    actions.do_delete_expression(expression, acting_user=request.user)
    messages.success(request, _("已删除。"))
    return redirect("inspection_expressions")
