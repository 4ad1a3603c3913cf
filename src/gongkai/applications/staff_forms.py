"""Forms of the back office of 依申请公开: registration, one form per action, the privacy gate.

The forms check what a form can see (dates, required fields, choices); the rules of the
Regulations stay in ``actions.py``, whose ``ActionError`` the views add to the form.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.agencies.policy import Capability, holders
from gongkai.applications import particulars
from gongkai.applications.actions import ActionError, fee_for
from gongkai.applications.forms import (
    MultipleFileField,
    compact,
    id_document_error,
    privacy_findings,
)
from gongkai.applications.models import (
    APPLICANT_AND_REQUEST,
    DENIALS,
    REPLY_OUTCOMES,
    ApplicantKind,
    Application,
    ClockEventRecord,
    Consultation,
    ConsultationKind,
    ConsultationResult,
    FeeMethod,
    Notice,
    Outcome,
    ServiceMethod,
)
from gongkai.casework.uploads import upload_error
from gongkai.disputes.models import Decision, RemedyKind, RemedyResult
from gongkai.rules.clock import china_today
from gongkai.rules.fees import PAGE_BANDS

#: The statutory outcome list as the reply form groups it (table 三 of the 2021 format).
OUTCOME_GROUPS = (
    (_("予以公开"), (Outcome.ALREADY_PUBLIC, Outcome.DISCLOSED)),
    (_("部分公开"), (Outcome.PARTIAL,)),
    (_("不予公开"), DENIALS),
    (
        _("无法提供"),
        (
            Outcome.UNABLE_NOT_EXIST,
            Outcome.UNABLE_NOT_THIS_AGENCY,
            Outcome.UNABLE_NEEDS_CREATION,
            Outcome.UNABLE_UNCLEAR,
        ),
    ),
    (
        _("不予处理"),
        (
            Outcome.NP_PETITION,
            Outcome.NP_REPEAT,
            Outcome.NP_PUBLICATION,
            Outcome.NP_EXCESSIVE,
            Outcome.NP_CONFIRM_REISSUE,
        ),
    ),
    (_("其他处理"), (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER)),
)


def reply_outcome_choices():
    """The grouped choices a reply may record (the 其他处理 outcomes end a case through
    withdrawal or closure, so their group has nothing a reply may choose)."""
    choices = [("", "---------")]
    for group, members in OUTCOME_GROUPS:
        allowed = [(o.value, o.label) for o in members if o in REPLY_OUTCOMES]
        if allowed:
            choices.append((group, allowed))
    return choices


def date_field(label, *, required=True, initial=china_today, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        initial=initial if required else None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def text_field(label, *, required=True, rows=3, **kwargs):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


# --- registration (Art. 29, 31) -------------------------------------------------------------


class RegisterForm(forms.ModelForm):
    """An application received in person, by letter, by fax or otherwise, with every item of
    Art. 29. Only validated here; ``actions.do_register`` creates the case."""

    class Meta:
        model = Application
        fields = ["channel", "arrived_at", "confirmed_on", *APPLICANT_AND_REQUEST]
        widgets = {
            "arrived_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "confirmed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "id_document_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "arrived_at": _("当面提交的为递交时间；需签收的邮件为签收时间"),
            "confirmed_on": _(
                "普通信件、传真和互联网渠道以双方确认之日为收到申请之日（第三十一条）；"
                "尚未确认的留空，登记后在案件页确认"
            ),
        }

    def clean_id_document_number(self):
        # Written as the public form writes it, so a person who applied online and then at
        # the counter is one applicant (repeats, per-month fees).
        return compact(self.cleaned_data["id_document_number"])

    def clean(self):
        data = super().clean()
        error = id_document_error(data.get("id_document_type"), data.get("id_document_number"))
        if error:
            self.add_error("id_document_number", error)
        if data.get("applicant_kind") == ApplicantKind.NATURAL_PERSON:
            data["organisation_type"] = ""
        elif data.get("applicant_kind") and not data.get("organisation_type"):
            self.add_error("organisation_type", _("法人或其他组织申请的，请选择组织类型。"))
        if not any(data.get(k) for k in ("phone", "email", "postal_address")):
            raise forms.ValidationError(_("请至少填写一种联系方式（第二十九条）。"))
        arrived = data.get("arrived_at")
        if arrived and arrived > timezone.now():
            self.add_error("arrived_at", _("申请到达时间不能晚于现在。"))
        return data


# --- one form per action ------------------------------------------------------------------


class ActionForm(forms.Form):
    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class ConfirmReceiptForm(ActionForm):
    confirmed_on = date_field(_("确认收到日期"))
    late_reason = text_field(
        _("未当日确认的原因（平常信函须于收到当日确认，第三十一条）"), required=False, rows=2
    )


class RequestCorrectionForm(ActionForm):
    on = date_field(_("告知日期"))
    correct_by = date_field(_("补正期限"), initial=None)
    note = text_field(_("需要补正的事项（一次性告知）"))


class RequestReasonsForm(ActionForm):
    on = date_field(_("日期"))
    note = text_field(_("要求申请人说明理由的事项（申请数量、频次明显超过合理范围）"))


class OnDateForm(ActionForm):
    on = date_field(_("日期"))


class StartConsultationForm(ActionForm):
    party_kind = forms.ChoiceField(label=_("征求意见对象类型"), choices=ConsultationKind.choices)
    party_name = forms.CharField(label=_("征求意见对象"), max_length=200)
    party_contact = forms.CharField(label=_("地址或联系方式"), max_length=300, required=False)
    matter = text_field(_("征求意见的事项"))
    on = date_field(_("发函日期"))


class ConsultationResultForm(ActionForm):
    consultation = forms.ModelChoiceField(
        label=_("征求意见"), queryset=Consultation.objects.none(), empty_label=None
    )
    result = forms.ChoiceField(label=_("结果"), choices=ConsultationResult.choices)
    on = date_field(_("收到意见日期（逾期未提出意见的，为答复期限届满之日）"), required=False)
    note = text_field(_("意见内容"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = self.application.consultations.filter(result="")
        self.fields["consultation"].label_from_instance = lambda c: (
            _("%(kind)s：%(party)s（%(sent)s 发出，%(ends)s 届满）")
            % {
                "kind": c.get_party_kind_display(),
                "party": c.party_name,
                "sent": c.sent_on,
                "ends": c.window_ends_on,
            }
        )


class SetDeadlineForm(ActionForm):
    on = date_field(_("告知日期"))
    until = date_field(_("另行确定的答复期限"), initial=None)
    reason = text_field(_("理由（第三十五条）"))


class CorrectStepDateForm(ActionForm):
    event = forms.ModelChoiceField(
        label=_("要更正的办理事项"), queryset=ClockEventRecord.objects.none(), empty_label=None
    )
    new_on = date_field(_("更正后的日期"), initial=None)
    reason = text_field(_("更正理由"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = self.application.clock_events.order_by("on", "pk")
        self.fields["event"].label_from_instance = lambda e: f"{e.get_kind_display()}（{e.on}）"


class ThirdPartyDecisionForm(ActionForm):
    on = date_field(_("告知日期"))
    party = forms.CharField(label=_("第三方"), max_length=200)
    content = text_field(_("决定公开的政府信息内容"))
    reason = text_field(_("决定公开的理由（不公开可能对公共利益造成重大影响）"))


class ServiceForm(ActionForm):
    notice = forms.ModelChoiceField(label=_("文书"), queryset=Notice.objects.none())
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    served_on = date_field(_("送达日期（邮寄送达为签收日期）"))
    note = forms.CharField(label=_("邮件号码或说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].queryset = self.application.notices.filter(served_on__isnull=True)
        self.fields["notice"].label_from_instance = lambda n: f"{n.get_kind_display()} {n.number}"


class ApproverField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ExtendForm(ActionForm):
    working_days = forms.IntegerField(label=_("延长工作日数"), min_value=1)
    reason = text_field(_("延期理由"))
    approved_by = ApproverField(
        label=_("批准人（信息公开工作机构负责人）"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "invalid_choice": _(
                "延期须经本机关政府信息公开工作机构负责人同意（第三十三条第二款）。"
            )
        },
    )
    approved_on = date_field(_("批准日期"))
    notice_sent_on = date_field(_("延期告知日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = holders(
            Capability.CASES_APPROVE_EXTENSION, self.application.agency_id
        )


def page_bands_text() -> str:
    """按量计收 (fee measures Art. 5) as staff read it: 1-30页免费；31-100页每页10元…"""
    parts = []
    for first, last, price in PAGE_BANDS:
        pages = (
            _("%(first)d-%(last)d页") % {"first": first, "last": last}
            if last
            else (_("%(first)d页以上") % {"first": first})
        )
        each = _("每页%(price)d元") % {"price": price} if price else _("免费")
        parts.append(f"{pages}{each}")
    return "；".join(parts)


class FeeNoticeForm(ActionForm):
    basis = amount = None  # computed by clean(), shown by 计算金额

    method = forms.ChoiceField(label=_("计收方式"), choices=FeeMethod.choices)
    pages = forms.IntegerField(
        label=_("页数（按量计收）"),
        min_value=0,
        required=False,
    )
    sent_on = date_field(_("发出日期"))
    received_on = date_field(_("申请人收到日期"), required=False)
    how_to_pay = text_field(_("缴费方式（缴款账户、地点等）"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].help_text = page_bands_text()

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == FeeMethod.PER_VOLUME and data.get("pages") is None:
            self.add_error("pages", _("按量计收须填写页数。"))
        elif method:
            try:
                self.basis, self.amount = fee_for(self.application, method, data.get("pages"))
            except ActionError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


class PaymentForm(ActionForm):
    paid_on = date_field(_("缴费日期"))


class ToAnotherAgencyForm(ActionForm):
    """A form whose ``to_agency`` offers every agency but the case's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.exclude(pk=self.application.agency_id)


class TransferForm(ToAnotherAgencyForm):
    to_agency = forms.ModelChoiceField(label=_("转入机关"), queryset=Agency.objects.none())
    reason = text_field(_("转办理由"))


class ForwardForm(ToAnotherAgencyForm):
    to_agency = forms.ModelChoiceField(
        label=_("转送至（掌握该信息的机关）"), queryset=Agency.objects.none()
    )
    consent = text_field(
        _("申请人同意转送的记录"),
        rows=2,
        help_text=_("写明申请人以何种方式、何时同意转送，如：2026年10月21日电话确认同意"),
    )


def _stated_field(name, field_class=forms.CharField, **kwargs):
    return field_class(label=particulars.LABELS[name], required=False, **kwargs)


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=reply_outcome_choices)
    text = text_field(_("答复内容"), rows=8)
    replied_on = date_field(_("答复日期"))
    # What the law requires for the outcome (particulars.py); each says when it is needed.
    obtain_how = _stated_field(
        "obtain_how",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("予以公开、已主动公开、部分公开的必填（第三十六条第一项、第二项）"),
    )
    withheld_ground = _stated_field(
        "withheld_ground",
        forms.ChoiceField,
        choices=[("", "---------"), *particulars.GROUND_CHOICES],
        help_text=_("部分公开的必填（第三十七条）"),
    )
    refusal_reason = _stated_field(
        "refusal_reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予公开（第十四条至第十六条）和部分公开的必填（第三十六条第三项）"),
    )
    responsible_agency = _stated_field(
        "responsible_agency",
        max_length=200,
        help_text=_("不属于本机关负责公开的，能够确定的必填（第三十六条第五项）"),
    )
    responsible_contact = _stated_field("responsible_contact", max_length=200)
    responsible_undetermined = _stated_field("responsible_undetermined", forms.BooleanField)
    other_procedure = _stated_field(
        "other_procedure",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("属于行政查询事项的必填（第三十六条第七项）"),
    )
    turn_to = _stated_field(
        "turn_to",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("信访、投诉、举报类申请和要求提供公开出版物的必填（第三十九条）"),
    )
    files = MultipleFileField(label=_("提供的政府信息（附件）"), required=False)
    privacy_override_reason = text_field(
        _("含个人信息仍提供的理由"),
        required=False,
        help_text=_(
            "附件经个人信息检查发现问题时，确需提供的，填写理由后再次提交（须重新选择附件）"
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome"):
            for name, problem in particulars.problems(data["outcome"], data).items():
                self.add_error(name, problem)
            data.update(particulars.clean(data["outcome"], data))
        self.findings = {}  # file index -> masked findings
        checking = []
        for index, upload in enumerate(data.get("files") or []):
            found = privacy_findings(upload)
            if found is None:
                checking.append(upload.name)
            elif found:
                self.findings[index] = found
        if checking:
            # No reason lets an unread file through; the scan runs once per file, so the
            # same files sent again a little later are answered at once.
            raise forms.ValidationError(
                _(
                    "正在检查附件中的个人信息（%(files)s），未予答复。请稍候（通常不超过一分钟）"
                    "重新选择附件后再次提交。"
                )
                % {"files": "、".join(f"《{name}》" for name in checking)}
            )
        if self.findings and not data.get("privacy_override_reason", "").strip():
            files = data["files"]
            raise forms.ValidationError(
                [_("附件含有个人信息，未予答复。请处理后重新上传，或填写确需提供的理由。")]
                + [
                    f"《{files[index].name}》{finding}"
                    for index, found in self.findings.items()
                    for finding in found
                ]
            )
        return data


class RemedyForm(ActionForm):
    kind = forms.ChoiceField(label=_("类型"), choices=RemedyKind.choices)
    review = forms.ModelChoiceField(
        label=_("所经行政复议"),
        queryset=None,
        required=False,
        help_text=_("复议后起诉的，选择所经的行政复议"),
    )
    body = forms.CharField(
        label=_("复议机关或人民法院"), max_length=200, help_text=_("如：庐山市人民政府")
    )
    challenged_act = text_field(_("被申请复议或被诉的行政行为"), rows=2)
    applied_on = date_field(_("申请复议或起诉日期"), required=False, initial=None)
    filed_on = date_field(_("受理日期"))
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = self.application.remedies.filter(kind=RemedyKind.REVIEW)
        if not self.is_bound and (reply := getattr(self.application, "reply", None)):
            self.fields["challenged_act"].initial = _(
                "%(date)s 作出的政府信息公开答复（%(outcome)s）"
            ) % {
                "date": reply.replied_on,
                "outcome": reply.get_outcome_display(),
            }

    def clean(self):
        data = super().clean()
        if data.get("kind") == RemedyKind.AFTER_REVIEW and not data.get("review"):
            self.add_error("review", _("复议后起诉须关联所经的行政复议。"))
        elif data.get("kind") != RemedyKind.AFTER_REVIEW:
            data["review"] = None
        return data


class ConcludeRemedyForm(ActionForm):
    remedy = forms.ModelChoiceField(label=_("案件"), queryset=None)
    decision = forms.ChoiceField(
        label=_("具体结果"),
        choices=Decision.choices,
        help_text=_("年报表四中，维持、驳回计入“结果维持”，撤销、确认违法、责令履行计入“结果纠正”"),
    )
    concluded_on = date_field(_("审结日期"))
    document = forms.FileField(label=_("复议决定书或裁判文书"), required=False)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and (error := upload_error(upload)):
            raise forms.ValidationError(error)
        return upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remedy"].queryset = self.application.remedies.filter(
            result=RemedyResult.PENDING
        )


# --- 承办 (a department's opinion) -----------------------------------------------------------


class AssignForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("承办股室"), queryset=Department.objects.none(), empty_label=None
    )
    question = text_field(_("需提出意见的事项"))
    opinion_due = date_field(_("意见反馈期限"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            agency_id=self.application.agency_id
        )


class OpinionForm(forms.Form):
    opinion = text_field(_("承办意见"), rows=5)
    files = MultipleFileField(label=_("附件"), required=False)
