"""``gongkai letters preview``: the reply letter for a sample case, stored nowhere."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.agencies.models import DocumentSerial
from gongkai.applications.models import Application, Notice, Reply
from tests.applications.test_letters import pdf_text

pytestmark = pytest.mark.django_db


def preview(*args):
    from io import StringIO

    out = StringIO()
    call_command("letters", "preview", *args, stdout=out)
    return out.getvalue()


def test_a_refusal_in_2025_goes_to_review_first_and_cites_its_grounds():
    text = preview("agency-a", "art16_2_process_info", "--date", "2025-03-20")
    assert "甲市交通运输局\n政府信息公开申请答复告知书\n甲交依申〔2025〕×号\n张某：" in text
    assert "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第三项" in text
    assert "应当自收到本告知书之日起60日内先向本级人民政府申请行政复议" in text
    assert "6个月内" not in text
    # The sample applicant's numbers are masked as in any letter.
    assert "11010519491231002X" not in text and "13800000000" not in text
    assert text.rstrip().endswith("甲市交通运输局\n2025年3月20日")


def test_the_same_refusal_in_2023_offers_the_choice():
    text = preview("甲市交通运输局", "art16_2_process_info", "--date", "2023-06-01")
    assert "可以自收到本告知书之日起60日内依照《中华人民共和国行政复议法》" in text
    assert "或者自收到本告知书之日起6个月内依照《中华人民共和国行政诉讼法》" in text
    assert "先向" not in text


def test_a_row_of_table_three_renders_each_of_its_outcomes():
    # gb2021 counts 36(1) and 36(2) in the row 予以公开.
    text = preview("agency-a", "granted", "--date", "2025-03-20")
    letters = text.split("————————")
    assert len(letters) == 2
    assert "第三十六条第一项" in letters[0] and "第三十六条第二项" in letters[1]
    assert all("（示例）所申请的政府信息.pdf" in letter for letter in letters)


def test_a_pdf_preview_is_written_to_the_file(tmp_path):
    path = tmp_path / "letter.pdf"
    call_command(
        "letters",
        "preview",
        "agency-a",
        "denied_process_info",
        "--date",
        "2025-03-20",
        "--format",
        "pdf",
        "-o",
        str(path),
    )
    assert "先向本级人民政府申请行政复议" in pdf_text(path.read_bytes())


def test_a_preview_stores_nothing():
    counts = [Application.objects.count, Reply.objects.count, Notice.objects.count]
    counts.append(DocumentSerial.objects.count)  # no number of the sequence is used
    before = [count() for count in counts]
    preview("agency-a", "art36_5_not_this_agency", "--date", "2025-03-20")
    assert [count() for count in counts] == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("agency-a", "nonsense", "--date", "2025-03-20"), "未知的办理结果：nonsense"),
        (("nobody", "granted", "--date", "2025-03-20"), "未找到机关：nobody"),
        (("agency-a", "granted", "--date", "2025/03/20"), "日期格式应为 YYYY-MM-DD"),
        (("agency-a", "art36_2_disclose", "--date", "2018-01-01"), "2018-01-01 早于"),
        (("agency-a", "granted", "--date", "2025-03-20", "--format", "pdf"), "需要用 -o"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_reason(args, message):
    with pytest.raises(CommandError) as error:
        call_command("letters", "preview", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_a_preview_shows_where_the_structured_content_goes():
    text = preview("agency-a", "art36_5_not_this_agency", "--date", "2025-03-20")
    assert (
        "负责公开该政府信息的行政机关为（示例）负责公开该信息的行政机关，"
        "联系方式：（示例）该行政机关的联系方式。"
    ) in text
    assert "（示例）不予公开的具体理由" not in text  # not an outcome that states one
