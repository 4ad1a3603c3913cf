"""The scheme as data: the default file loads; faults are each reported."""

import copy

import pytest

from gongkai.evaluation import scheme as schemes
from gongkai.evaluation.measures import MEASURES


def default():
    return schemes.default_data()


def test_the_default_scheme_loads_and_opens_on_the_national_inspection_list():
    scheme = schemes.parse(default(), MEASURES)
    first = scheme.parts[0]
    assert first.source == schemes.INSPECTION
    assert "国办秘函〔2019〕19号" in first.name
    vetoes = {i.id for i in first.indicators if i.veto}
    assert vetoes == {
        "homepage_not_updated",
        "columns_not_updated",
        "site_unreachable",
        "interaction_poor",
        "services_impractical",
        "serious_errors",
    }
    assert sum(p.weight for p in scheme.parts) == 100
    assert scheme.pass_mark == 60
    assert {i.measure for i in scheme.indicators("measured")} <= set(MEASURES)
    assert [i.id for i in scheme.indicators("manual")] == ["policy_interpretation"]


def test_weights_that_do_not_add_up_to_100_are_refused():
    data = default()
    data["parts"][1]["indicators"][0]["weight"] = 15  # 105 in all
    data["parts"][1].pop("weight", None)
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(data, MEASURES)
    assert any("105" in p for p in error.value.problems)


def test_every_fault_is_listed_at_once():
    data = default()
    data["parts"][1]["indicators"][0]["measure"] = "no_such_measure"
    data["parts"][1]["indicators"][1]["kind"] = "guess"
    data["parts"][2]["indicators"][0]["id"] = "art26_timeliness"  # a duplicate id
    data["pass_mark"] = 120
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(data, MEASURES)
    text = "\n".join(error.value.problems)
    assert "no_such_measure" in text
    assert "kind" in text
    assert "art26_timeliness" in text and "重复" in text
    assert "pass_mark" in text


def test_the_first_part_must_be_the_inspection_and_only_the_first():
    data = default()
    data["parts"] = [data["parts"][1], data["parts"][0], data["parts"][2]]
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(data, MEASURES)
    assert any("第一部分" in p for p in error.value.problems)


def test_a_part_weight_must_match_its_indicators():
    data = copy.deepcopy(default())
    data["parts"][1]["weight"] = 45
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(data, MEASURES)
    assert any("不符" in p for p in error.value.problems)


def test_text_that_is_not_json_is_a_scheme_error():
    with pytest.raises(schemes.SchemeError):
        schemes.loads("{not json", MEASURES)
