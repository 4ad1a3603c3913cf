"""Masking never lets the hidden digits through: not in the masked text, not in a finding."""

import json

import pytest

from gongkai.privacy import Kind, mask_text, scan_text

# (text, the characters that must never appear again after masking)
SECRETS = [
    ("身份证号：11010519491231002X", "0519491231"),
    ("身份证号：３６０４０２１９９００１０１１２３６", "０２１９９００１０１"),
    ("旧证 360402710101123", "0271010"),
    ("手机 138-1234-5678", "1234"),
    ("+86 139 0792 4321", "0792"),
    ("家庭电话：0792-8881234", "888"),
    ("银行卡号：6222 0212 3456 7890 128", "0212 3456 789"),
    ("邮箱 zhangsan1990@qq.com", "hangsan1990"),
    ("住址：江西省九江市浔阳区湖滨路8号3栋2单元501室", "湖滨路"),
    ("姓名：张三丰，", "三丰"),
]


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_mask_text_hides_the_middle(text, secret):
    masked = mask_text(text)
    assert secret not in masked
    assert "*" in masked
    assert len(scan_text(text)) == 1


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_findings_never_carry_the_clear_value(text, secret):
    (finding,) = scan_text(text)
    clear = text[finding.start : finding.end]
    for rendition in (
        repr(finding),
        str(finding),
        json.dumps(finding.to_dict(), ensure_ascii=False),
    ):
        assert secret not in rendition
        assert clear not in rendition
    assert not hasattr(finding, "value")


def test_masks_keep_head_and_tail_for_recognition():
    text = "身份证：11010519491231002X 手机：13812345678 卡号：4111 1111 1111 1111"
    assert mask_text(text) == (
        "身份证：1101**********002X 手机：138****5678 卡号：4111 **** **** 1111"
    )


def test_mask_text_keeps_separators_and_prefixes_in_place():
    assert mask_text("手机 +86 138-1234-5678。") == "手机 +86 138-****-5678。"
    assert mask_text("电话：（0792）8881234转801") == "电话：（0792）***1234转801"


def test_mask_text_with_given_findings_masks_only_those():
    text = "手机：13812345678，办公电话：0792-8881234"
    blocking = scan_text(text, min_confidence="medium")
    assert mask_text(text, blocking) == "手机：138****5678，办公电话：0792-8881234"


def test_mask_text_respects_the_allow_list():
    text = "电话：0792-8881234，手机13812345678"
    assert mask_text(text, allow=["0792-8881234"]) == "电话：0792-8881234，手机138****5678"


def test_mask_text_rejects_findings_from_another_text():
    findings = scan_text("身份证号：11010519491231002X")
    with pytest.raises(ValueError):
        mask_text("短", findings)


def test_mask_text_without_findings_returns_the_text():
    text = "索引号：000014349/2017-00110"
    assert mask_text(text) == text


def test_email_mask_does_not_reveal_the_length():
    short, long = scan_text("a1@qq.com 与 abcdefghijk@qq.com")
    assert short.kind is long.kind is Kind.EMAIL
    assert short.masked == "a***@qq.com"
    assert long.masked == "a***@qq.com"
