"""Report year and agency from the title, the opening, the signature or a page header;
null when none names it, never a piece of a sentence."""

import pytest

from gongkai.reportcheck import check_bytes

SECTIONS = (
    "一、总体情况\n{opening}\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)


def check(text: str):
    return check_bytes("report.txt", text.encode())


@pytest.mark.parametrize(
    ("text", "year", "agency"),
    [
        (
            "平潭综合实验区2019年度政府信息公开工作年度报告\n"
            + SECTIONS.format(opening="2019年,我区公开信息100条。"),
            2019,
            "平潭综合实验区",
        ),
        # 我镇 in the opening, the name only in the signature above the date.
        (
            "政府信息公开工作年度报告\n"
            + SECTIONS.format(opening="2020年,我镇认真贯彻落实《条例》,公开信息100条。")
            + "示例县某某镇人民政府\n2021年1月25日\n",
            2020,
            "示例县某某镇人民政府",
        ),
        # 我局, the name in the running header of every page.
        (
            "示例市审计局政府信息公开\n2021年政府信息公开工作年度报告\n"
            + SECTIONS.format(opening="我局依法公开政府信息。")
            + "示例市审计局政府信息公开\n",
            2021,
            "示例市审计局",
        ),
        # The title wrapped after 年度 in print.
        (
            "示例县交通运输局2022年政府信息公开工作年度\n报告\n"
            + SECTIONS.format(opening="我局公开信息。"),
            2022,
            "示例县交通运输局",
        ),
        # Only 我局: no name anywhere, so none — not a fragment of the sentence.
        (
            "政府信息公开工作年度报告\n"
            + SECTIONS.format(opening="2020年,我局认真贯彻落实《条例》,依法公开信息。"),
            2020,
            None,
        ),
    ],
)
def test_year_and_agency(text, year, agency):
    report = check(text)
    assert (report.year, report.agency) == (year, agency)


def test_headings_run_into_their_first_sentence_are_not_a_truncated_text():
    text = (
        "示例县审计局2023年政府信息公开工作年度报告\n"
        "一、总体情况。本年度公开信息100条。\n"
        "五、存在的主要问题及改进情况:主要问题是解读形式单一\n"
        "六、其他需要报告的事项。本年度未收取信息处理费\n"
    )
    report = check(text)
    assert not report.truncated
    assert "RC_INCOMPLETE" not in report.rules()


def test_a_text_that_stops_inside_section_one_is_truncated():
    report = check("示例县审计局2023年政府信息公开工作年度报告\n一、总体情况\n本年度，我局依法")
    assert report.truncated and "RC_INCOMPLETE" in report.rules()
