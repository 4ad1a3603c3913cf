"""The public forms of 依申请公开: the online application (Art. 29) and the tracking form."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import (
    ApplicantKind,
    DeliveryRoute,
    IdDocumentType,
    OrganisationType,
    ProvisionForm,
)
from gongkai.casework.contact import PHONE
from gongkai.casework.uploads import DOCUMENTS, IDENTITY_MAX_BYTES, IMAGE_OR_PDF, upload_error
from gongkai.catalog.privacy_gate import NOT_FINISHED, UNREADABLE, file_scan
from gongkai.privacy.idcard import is_valid_id18

DESCRIPTION_MAX = 5000


def privacy_findings(upload) -> list[str] | None:
    """Personal information in an uploaded file, masked and located (the privacy gate);
    None while the worker has not scanned it yet."""
    data = upload.read()
    upload.seek(0)
    scan = file_scan(data, upload.name)
    if scan.pending:
        return None
    return [
        f"{f.kind}，{f.masked}"
        if f.kind in (UNREADABLE, NOT_FINISHED.kind)
        else f"{f.where} {f.kind} {f.masked}".strip()
        for f in scan.findings
    ]


# GB 32100-2015 统一社会信用代码: 18 characters of this alphabet (no I, O, S, V, Z); the last is
# the check character of ISO 7064 MOD 31-3, the weight of position i (0-based) being 3^i mod 31.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_code_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return False
    weights = zip(code[:17], CREDIT_CODE_WEIGHTS, strict=True)
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * weight for ch, weight in weights)
    return CREDIT_CODE_ALPHABET[-total % 31] == code[17]


def compact(value: str) -> str:
    """What people type on a phone: full-width characters, spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def id_document_error(kind: str, number: str):
    """Why an identity document number cannot be right, or None.

    Shared by the public form and the staff's registration, so that one person is written
    the same way (applicants are matched on the number: repeats, per-month fees).
    """
    if kind == IdDocumentType.ID_CARD and number:
        if len(number) != 18:
            return _("居民身份证号码应为18位。")
        if not is_valid_id18(number):
            return _("居民身份证号码有误（校验位不符），请核对。")
    if kind == IdDocumentType.CREDIT_CODE and number and not credit_code_valid(number):
        return _("统一社会信用代码应为18位数字或大写字母，且校验位正确，请核对。")
    return None


PERSON_ID_TYPES = [(v, label) for v, label in IdDocumentType.choices if v != "credit_code"]
# No fax number is asked for online, so a fax cannot be the route.
ONLINE_ROUTES = [(v, label) for v, label in DeliveryRoute.choices if v != DeliveryRoute.FAX]

#: fields that only one kind of applicant fills in
PERSON_FIELDS = ("name", "id_document_type", "id_document_number")
ORGANISATION_FIELDS = ("organisation_name", "organisation_type", "credit_code", "contact_person")


class ApplicationForm(forms.Form):
    """Everything Art. 29 ¶2 asks of an application. Without JavaScript both the person's and
    the organisation's fields are shown; ``clean`` uses those of the kind chosen."""

    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    id_document_type = forms.ChoiceField(
        label=_("身份证件类型"),
        choices=PERSON_ID_TYPES,
        initial=IdDocumentType.ID_CARD,
        required=False,
    )
    id_document_number = forms.CharField(label=_("证件号码"), max_length=40, required=False)
    id_document_copy = forms.FileField(
        label=_("身份证明复印件（可选）"),
        required=False,
        help_text=_("PDF、JPG或PNG格式，不超过5 MB；仅供本机关核对身份，不会公开"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    organisation_name = forms.CharField(label=_("名称"), max_length=100, required=False)
    organisation_type = forms.ChoiceField(
        label=_("组织类型"),
        choices=[("", _("请选择")), *OrganisationType.choices],
        required=False,
    )
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    postal_address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        help_text=_("选择邮寄的必填，请写明邮政编码"),
    )
    description = forms.CharField(
        label=_("所需政府信息的内容描述"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明政府信息的名称、文号或者便于查询的其他特征性描述"),
    )
    document_number = forms.CharField(
        label=_("文件名称、文号"), max_length=200, required=False, help_text=_("知道的请填写")
    )
    provision_form = forms.ChoiceField(
        label=_("提供形式"), choices=ProvisionForm.choices, widget=forms.RadioSelect
    )
    delivery_route = forms.ChoiceField(
        label=_("获取方式"), choices=ONLINE_ROUTES, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("验证问题"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    # Not required: a missing token fails the challenge, whose error shows at the answer
    # (an error on a hidden field would not be shown at all).
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # People never see this field; scripts fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            required = _("请选择%(label)s。") if isinstance(field, forms.ChoiceField) else None
            field.error_messages["required"] = (required or _("请填写%(label)s。")) % {
                "label": field.label
            }
            field.error_messages["invalid_choice"] = _("请从所列选项中选择%(label)s。") % {
                "label": field.label
            }
        self.fields["email"].error_messages["invalid"] = _("请填写有效的电子邮箱地址。")
        self.fields["description"].error_messages["max_length"] = _(
            "内容描述不能超过%(limit)d个字。"
        ) % {"limit": DESCRIPTION_MAX}

    @property
    def is_person(self) -> bool:
        return self.cleaned_data.get("applicant_kind") == ApplicantKind.NATURAL_PERSON

    def clean_phone(self):
        phone = compact(self.cleaned_data["phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("请填写有效的手机号码或带区号的固定电话。"))
        return phone

    def clean_id_document_number(self):
        return compact(self.cleaned_data["id_document_number"])

    def clean_id_document_copy(self):
        upload = self.cleaned_data.get("id_document_copy")
        if upload and (error := upload_error(upload, IMAGE_OR_PDF, IDENTITY_MAX_BYTES)):
            raise forms.ValidationError(error)
        return upload

    def clean_credit_code(self):
        return compact(self.cleaned_data["credit_code"])

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind == ApplicantKind.NATURAL_PERSON:
            self._require(*PERSON_FIELDS)
            error = id_document_error(data.get("id_document_type"), data.get("id_document_number"))
            if error:
                self.add_error("id_document_number", error)
        elif kind == ApplicantKind.LEGAL_PERSON:
            self._require(*ORGANISATION_FIELDS)
            error = id_document_error(IdDocumentType.CREDIT_CODE, data.get("credit_code"))
            if error:
                self.add_error("credit_code", error)
        self._check_contact(data)
        self._check_route(data)
        return data

    def _require(self, *names):
        for name in names:
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])

    def _check_contact(self, data):
        """Art. 29 ¶2(1): a way to reach the applicant, and the one the route needs."""
        contacts = ("phone", "email", "postal_address")
        given = {name for name in contacts if self.data.get(name, "").strip()}
        if not given:
            self.add_error("phone", _("请至少填写一种联系方式：联系电话、电子邮箱或通信地址。"))
        route = data.get("delivery_route")
        if route == DeliveryRoute.POST and "postal_address" not in given:
            self.add_error("postal_address", _("选择邮寄的，请填写通信地址。"))
        if route == DeliveryRoute.EMAIL and "email" not in given:
            self.add_error("email", _("选择电子邮件的，请填写电子邮箱。"))

    def _check_route(self, data):
        form, route = data.get("provision_form"), data.get("delivery_route")
        if form == ProvisionForm.PAPER and route in (DeliveryRoute.EMAIL, DeliveryRoute.ONLINE):
            self.add_error("delivery_route", _("纸质文本只能邮寄或当面领取。"))
        if form == ProvisionForm.INSPECTION and route != DeliveryRoute.COLLECT:
            self.add_error("delivery_route", _("选择当场阅览、抄录的，获取方式请选择当面领取。"))

    def registration(self) -> dict:
        """The keyword arguments of ``do_register`` for the applicant's answers."""
        data = self.cleaned_data
        person = self.is_person
        return {
            "applicant_kind": data["applicant_kind"],
            "applicant_name": data["name"] if person else data["organisation_name"],
            "organisation_type": "" if person else data["organisation_type"],
            "id_document_type": data["id_document_type"] if person else IdDocumentType.CREDIT_CODE,
            "id_document_number": data["id_document_number"] if person else data["credit_code"],
            "phone": data["phone"],
            "email": data["email"],
            "postal_address": data["postal_address"],
            "description": data["description"],
            "document_number": data["document_number"],
            "provision_form": data["provision_form"],
            "delivery_route": data["delivery_route"],
            "id_document_copy": data.get("id_document_copy") or None,
        }


class TrackingForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("查询码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    # Never rendered back: a wrong secret is not echoed into the page.
    secret = forms.CharField(label=_("查询密码"), max_length=60, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写%(label)s。") % {"label": field.label}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CorrectionForm(forms.Form):
    """The applicant's correction (补正, Art. 30), sent from the tracking page."""

    MAX_FILES = 5

    text = forms.CharField(
        label=_("补正内容"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请按补正告知的要求，写明补正后的申请内容"),
    )
    files = MultipleFileField(
        label=_("补正材料（可选）"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ",".join(DOCUMENTS)}),
        help_text=_("最多5个文件，PDF、JPG、PNG、DOCX或OFD格式，每个不超过10 MB；仅本机关可见"),
    )
    # People never see this field; scripts fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > self.MAX_FILES:
            raise forms.ValidationError(_("补正材料最多上传%(n)d个文件。") % {"n": self.MAX_FILES})
        errors = [
            f"《{upload.name}》：{error}" for upload in uploads if (error := upload_error(upload))
        ]
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files") and not self.errors:
            raise forms.ValidationError(_("请填写补正内容或上传补正材料。"))
        return data
