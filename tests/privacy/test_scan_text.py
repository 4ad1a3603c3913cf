"""True positives of every kind, in the spellings people actually use."""

import pytest

from gongkai.privacy import Confidence, Kind, scan_text

ID = "11010519491231002X"  # check character worked out in test_idcard.py


def only(text, **kwargs):
    findings = scan_text(text, **kwargs)
    assert len(findings) == 1, findings
    return findings[0]


def test_id_card_is_found_with_its_span_and_mask():
    text = f"身份证号：{ID}。"
    finding = only(text)
    assert finding.kind is Kind.ID_CARD
    assert text[finding.start : finding.end] == ID
    assert finding.masked == "1101**********002X"
    assert finding.confidence is Confidence.HIGH


def test_lowercase_x_is_accepted_and_masked_upper():
    assert only(f"证件号码 {ID.lower()}").masked == "1101**********002X"


def test_full_width_id_card_keeps_offsets_into_the_original():
    full_width = "３６０４０２１９９００１０１１２３６"
    text = f"身份证：{full_width}"
    finding = only(text)
    assert (finding.start, finding.end) == (4, 22)
    assert finding.masked == "3604**********1236"


def test_id_card_with_wrong_check_character_is_not_reported():
    assert scan_text("身份证号：110105194912310021") == []


def test_id_card_with_impossible_date_is_not_reported():
    # 19990230 with the check character that would make it otherwise valid (1).
    from gongkai.privacy.idcard import check_character

    number = "36040219990230123" + check_character("36040219990230123")
    assert scan_text(f"身份证号：{number}") == []


def test_id_card_inside_a_longer_number_is_not_reported():
    assert scan_text(f"9{ID}") == []
    assert scan_text(f"{ID[:-1]}12") == []


def test_old_15_digit_id_is_low_without_label_and_medium_with_one():
    assert only("名单 360402710101123").confidence is Confidence.LOW
    labelled = only("身份证号码：360402710101123")
    assert labelled.confidence is Confidence.MEDIUM
    assert labelled.masked == "3604*******1123"


@pytest.mark.parametrize(
    "spelling",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138 - 1234 - 5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "+86-138-1234-5678",
        "0086 13812345678",
        "0086-138-1234-5678",
        "(+86)13812345678",
        "（+86）138 1234 5678",
        "86-13812345678",
        "１３８１２３４５６７８",
        "１３８－１２３４－５６７８",
        "＋８６ １３８　１２３４　５６７８",
    ],
)
def test_mobile_spellings(spelling):
    text = f"有事请打{spelling}找我"
    finding = only(text)
    assert finding.kind is Kind.MOBILE
    assert finding.masked == "138****5678"
    assert text[finding.start : finding.end] == spelling


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_every_mobile_number_block(prefix):
    assert only(f"号码{prefix}912345678").kind is Kind.MOBILE


@pytest.mark.parametrize("number", ["12812345678", "10012345678", "1381234567", "138123456789"])
def test_not_a_mobile_number(number):
    assert [f for f in scan_text(number) if f.kind is Kind.MOBILE] == []


def test_phone_label_raises_mobile_confidence():
    assert only("手机：13812345678").confidence is Confidence.HIGH
    assert only("联系电话 13812345678").confidence is Confidence.HIGH
    assert only("他说13812345678").confidence is Confidence.MEDIUM


@pytest.mark.parametrize(
    ("spelling", "masked"),
    [
        ("0792-8881234", "0792-***1234"),
        ("(0792)8881234", "0792-***1234"),
        ("（0792）8881234", "0792-***1234"),
        ("0792 8881234", "0792-***1234"),
        ("07928881234", "0792-***1234"),
        ("010-62751234", "010-****1234"),
        ("021-52345678", "021-****5678"),
        ("0792-8881234转801", "0792-***1234-801"),
        ("0792-8881234-801", "0792-***1234-801"),
    ],
)
def test_landline_spellings(spelling, masked):
    finding = only(f"电话：{spelling}。")
    assert finding.kind is Kind.LANDLINE
    assert finding.masked == masked


def test_landline_is_low_unless_marked_as_a_home_phone():
    assert only("办公电话：0792-8881234").confidence is Confidence.LOW
    home = only("家庭电话：0792-8881234")
    assert home.confidence is Confidence.MEDIUM
    assert "家庭" in home.reason


def test_bank_card_needs_luhn():
    # 4111 1111 1111 1111: from the right, the eight doubled digits give 7×2 + 4×2 = 22 and
    # the eight others 8; 22 + 8 = 30, a multiple of 10, so the checksum holds.
    assert only("卡号 4111 1111 1111 1111").kind is Kind.BANK_CARD
    assert scan_text("卡号 4111 1111 1111 1112") == []


def test_bank_card_confidence():
    assert only("付款 4111111111111111").confidence is Confidence.LOW
    labelled = only("银行卡号：4111-1111-1111-1111")
    assert labelled.confidence is Confidence.MEDIUM
    assert labelled.masked == "4111********1111"
    # 62 is the UnionPay prefix; 6222021234567890128 passes Luhn (sum 70).
    unionpay = only("6222 0212 3456 7890 128")
    assert unionpay.confidence is Confidence.MEDIUM
    assert unionpay.masked == "6222***********0128"


def test_email():
    finding = only("请发送至 zhang.san@qq.com 。")
    assert finding.kind is Kind.EMAIL
    assert finding.masked == "z***@qq.com"
    assert finding.confidence is Confidence.MEDIUM


def test_government_mailbox_is_low():
    assert only("邮箱：xxgk@jiujiang.gov.cn").confidence is Confidence.LOW


def test_mailbox_in_an_agency_contact_sentence_is_low():
    text = "地址：淮安市翔宇南道1号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com。"
    email = [f for f in scan_text(text) if f.kind is Kind.EMAIL]
    assert [f.confidence for f in email] == [Confidence.LOW]


@pytest.mark.parametrize(
    "text",
    [
        "住址：江西省九江市浔阳区湖滨路8号",
        "家庭住址:九江市濂溪区十里大道1188号",
        "现住址：柴桑区沙河街镇胜利村三组",
        "户籍地址：江西省瑞昌市桂林街道",
        "他家住浔阳区甘棠北路12号",
    ],
)
def test_labelled_personal_address_is_high(text):
    finding = only(text)
    assert finding.kind is Kind.ADDRESS
    assert finding.confidence is Confidence.HIGH


def test_address_keeps_the_administrative_prefix_only():
    text = "住址：江西省九江市浔阳区湖滨路8号3栋2单元501室，电话13812345678"
    address, mobile = scan_text(text)
    assert address.masked == "江西省九江市浔阳区" + "*" * 14
    assert text[address.start : address.end] == "江西省九江市浔阳区湖滨路8号3栋2单元501室"
    assert mobile.kind is Kind.MOBILE


def test_estate_name_is_hidden_although_it_ends_in_qu():
    finding = only("我住在柴桑区翠湖小区5栋3单元402室")
    assert finding.masked.startswith("柴桑区*")
    assert "翠湖" not in finding.masked


@pytest.mark.parametrize(
    "text",
    [
        "投诉人反映湖滨路8号3栋2单元楼道灯坏了",
        "滨江花园12栋1单元301室的业主反映",
        "甘棠北路12号501室",
        "胜利村三组5栋201户",
    ],
)
def test_unlabelled_dwelling_address_is_medium(text):
    finding = only(text)
    assert finding.kind is Kind.ADDRESS
    assert finding.confidence is Confidence.MEDIUM


def test_office_address_down_to_the_room_is_low():
    finding = only("地址：九江市长虹大道1号行政中心A栋305室")
    assert finding.confidence is Confidence.LOW


def test_address_that_runs_into_a_phone_number_is_cut_before_it():
    text = "住址：湖滨路8号13812345678"
    address, mobile = scan_text(text)
    assert text[address.start : address.end] == "湖滨路8号"
    assert mobile.kind is Kind.MOBILE


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("姓名：张三，性别：男", "张*"),
        ("姓名：欧阳修文 年龄：30", "欧***"),
        ("申请人：李四。", "李*"),
        ("当事人: 王小明,", "王**"),
        ("姓名：张三性别：男", "张*"),
    ],
)
def test_names_after_a_label(text, masked):
    finding = only(text)
    assert finding.kind is Kind.NAME
    assert finding.masked == masked
    assert finding.confidence is Confidence.MEDIUM


@pytest.mark.parametrize(
    "text",
    [
        "申请人：九江市某某运输有限公司",
        "申请人：本人",
        "姓名：匿名",
        "申请人：某某",
        "当事人应当在收到本决定书之日起",
    ],
)
def test_organisations_and_placeholders_are_not_names(text):
    assert [f for f in scan_text(text) if f.kind is Kind.NAME] == []


def test_contact_person_name_is_low():
    assert only("联系人：刘敏，").confidence is Confidence.LOW


def test_allow_list_ignores_separators_prefix_and_case():
    text = "电话：0792-8881234，手机：+86 138 1234 5678，邮箱：LSJTJ@163.com"
    allow = ["(0792) 888 1234", "13812345678", "lsjtj@163.COM"]
    assert scan_text(text, allow=allow) == []
    assert len(scan_text(text, allow=["0792-8881234"])) == 2


def test_allow_list_must_be_a_collection():
    with pytest.raises(TypeError):
        scan_text("13812345678", allow="13812345678")


def test_min_confidence_filters():
    text = "手机：13812345678，办公电话：0792-8881234"
    assert [f.kind for f in scan_text(text)] == [Kind.MOBILE, Kind.LANDLINE]
    assert [f.kind for f in scan_text(text, min_confidence="medium")] == [Kind.MOBILE]
    assert scan_text(text, min_confidence=Confidence.HIGH)[0].kind is Kind.MOBILE
    with pytest.raises(ValueError):
        scan_text(text, min_confidence="urgent")


def test_findings_are_in_text_order_and_never_overlap():
    text = f"张三 {ID} 13812345678 4111111111111111 a@b.cn 0792-8881234"
    findings = scan_text(text)
    assert [f.kind for f in findings] == [
        Kind.ID_CARD,
        Kind.MOBILE,
        Kind.BANK_CARD,
        Kind.EMAIL,
        Kind.LANDLINE,
    ]
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start


def test_empty_text():
    assert scan_text("") == []


def test_empty_name_field_followed_by_the_next_field_is_not_a_name():
    assert [f.kind for f in scan_text("联系人：手机 13907921234")] == [Kind.MOBILE]


def test_a_long_list_is_scanned_whole():
    # Its speed is measured in bench/, never asserted here (a loaded machine is slow).
    rows = "\n".join(f"住址：湖滨路{n}号 手机 139{n:08d}" for n in range(20000))
    assert len(scan_text(rows)) == 40000
