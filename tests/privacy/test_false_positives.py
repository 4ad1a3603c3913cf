"""Government text full of numbers that are not personal information.

Each line below is the kind of thing a 政府信息公开 column publishes every day; none of it
may be reported at any confidence (the office contact block is checked separately: it is
reported as LOW, below the publication gate).
"""

import pytest

from gongkai.privacy import BLOCKING, Kind, scan_text
from gongkai.privacy.idcard import check_character

GOVERNMENT_TEXT = [
    "索引号：000014349/2017-00110",
    "索引号: 11360400MB1234567X/2020-00012",
    "文号：庐交字〔2020〕12号",
    "九府办发〔2021〕3号、赣府厅字〔2019〕105号",
    "案号：九交罚〔2020〕第0012号",
    "成文日期：2020年12月31日  发布日期：2021-01-05",
    "统计期限自20200101至20201231止",
    "邮政编码：332800",
    "邮编 332000，九江市",
    "全年收到政府信息公开申请138件，办结136件，结转2件。",
    "全年完成交通固定资产投资13812345678元。",
    "完成投资 13812345678.50 万元",
    "项目总投资￥13812345678",
    "财政拨款 1,234,567.89 万元，占比 12.5%",
    "统一社会信用代码：11360400003022811E",
    "组织机构代码：003022811",
    "订单编号：13812345678",
    "受理编号：13912345678",
    "流水号 6222021234567890128",
    "赣ICP备05000235号  赣公网安备36040002000001号",
    "GB 11643-1999 与 GB/T 2260-2007",
    "办公时间：08:30-12:00，14:30-17:30",
    "坐标 116.397128, 39.916527",
    "全市户籍人口 4890000 人，常住人口 4550000 人",
    "2019-2020年度，2017年至2021年",
    "版本 V2.0.13812345678",
    "全市建成保障性住房3栋120户",
    "地址：九江市长虹大道1号",
    "申请人：九江市某某运输有限公司",
    "本机关收到申请后，当事人应当在收到本决定书之日起六十日内申请复议",
    "100000000000000000",
    "9999999999999999",
]


@pytest.mark.parametrize("text", GOVERNMENT_TEXT)
def test_nothing_is_reported(text):
    assert scan_text(text) == []


def test_index_number_built_on_an_all_digit_code_with_a_valid_check_is_not_an_id():
    # Make the 18 digits pass GB 11643 deliberately: the "/year-serial" tail still tells.
    code = "36040219900101123" + check_character("36040219900101123")
    assert scan_text(f"{code}/2020-00012") == []
    assert scan_text(f"统一社会信用代码：{code}") == []


def test_office_contact_block_is_below_the_publication_gate():
    contact = (
        "如对本报告有疑问，请与龙潭区政府信息公开工作领导小组办公室联系。"
        "地址：吉林市龙潭区人民政府（遵义东路65号），邮编：132021，电话：0432-63041873，"
        "传真：0432-63041988，电子邮箱：ltqzwgk@163.com"
    )
    findings = scan_text(contact)
    assert {f.kind for f in findings} == {Kind.LANDLINE, Kind.EMAIL}
    assert all(f.confidence < BLOCKING for f in findings)
    assert scan_text(contact, min_confidence=BLOCKING) == []
    allow = ["0432-63041873", "0432-63041988", "ltqzwgk@163.com"]
    assert scan_text(contact, allow=allow) == []
