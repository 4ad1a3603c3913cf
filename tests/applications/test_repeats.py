import pytest

from gongkai.applications.repeats import bigrams, find_repeats, similarity
from tests.applications.conftest import at

pytestmark = pytest.mark.django_db

TEXT = "请公开2026年本市公交线路调整的决定及其依据"


def test_similarity_of_bigrams_by_hand():
    assert bigrams("公交线路") == {"公交", "交线", "线路"}
    # {公交,交线,线路} vs {公交,交车,车线,线路}: 2 shared of 5
    assert similarity("公交线路", "公交车线路") == pytest.approx(2 / 5)
    assert similarity("公交线路", "公交线路。") == 1.0
    assert similarity("", "公交") == 0.0


def test_same_applicant_again_is_art_36_6(register):
    first = register(description=TEXT).application
    register(description="请提供本局2025年部门预算")
    new = register(description="申请公开2026年本市公交线路调整的决定及依据").application
    report = find_repeats(new)
    assert [m.application for m in report.repeats] == [first]
    assert report.repeats[0].article == "第三十六条第（六）项"
    assert report.same_information == []
    assert "不予重复处理" in report.explanations()[0]


def test_other_applicants_same_information_is_art_44(register):
    register(description=TEXT, id_document_number="110105199001010011")
    register(description=TEXT, id_document_number="110105199001010038")
    new = register(description=TEXT).application
    report = find_repeats(new)
    assert report.repeats == []
    assert len(report.same_information) == 2
    assert any("第四十四条" in line for line in report.explanations())


def test_other_agencies_are_not_compared(register, agency_b, users):
    register(agency=agency_b, acting_user=users["officer_b"], description=TEXT)
    new = register(description=TEXT).application
    assert find_repeats(new).same_information == []


def test_excessive_frequency_is_art_35(register):
    for day in range(1, 11):
        register(arrived=at(2026, 9, day), description=f"第{day}号文件")
    tenth = find_repeats(register(arrived=at(2026, 9, 20), description="其他").application)
    assert tenth.applications_this_month == 11 and tenth.excessive
    assert any("第三十五条" in line for line in tenth.explanations())
    other_month = find_repeats(register(arrived=at(2026, 10, 9), description="另一件").application)
    assert other_month.applications_this_month == 1 and not other_month.excessive
