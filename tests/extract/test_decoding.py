"""Decoding text files: each encoding Chinese files come in, and which one was used."""

import pytest

from gongkai.extract import DecodeError, decode

TEXT = "一、本年新收申请数量 859\n联系电话：0792-1234567\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with its BOM
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_each_encoding_is_decoded_and_named(data, encoding):
    assert decode(data) == (decode(data).__class__(TEXT, encoding))


def test_bom_less_utf16_with_zero_low_bytes_is_still_recognised():
    # 一 is U+4E00: in UTF-16-LE its first byte is NUL, on the "wrong" side.
    text = "一一一一 1\n" * 5
    assert decode(text.encode("utf-16-le")).encoding == "utf-16-le"
    assert decode(text.encode("utf-16-be")).encoding == "utf-16-be"


def test_gbk_that_is_not_utf8_is_gb18030():
    data = "政府信息公开".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data).text == "政府信息公开"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\xff\xfe\x00",  # NULs on both sides: binary
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # a zip header
        b"a\x07b",  # a bell character is not text
        "一 1\n".encode("utf-16-le")[:-1],  # odd length cannot be UTF-16
    ],
)
def test_binary_is_refused(data):
    with pytest.raises(DecodeError):
        decode(data)
