"""The search's pure parts: folding, grams and snippets (no database)."""

import random

import pytest

from gongkai.catalog.search.grams import (
    index_grams,
    normalize,
    normalize_with_offsets,
    query_grams,
    runs,
)
from gongkai.catalog.search.snippets import highlight, match_spans, snippet


def test_normalize_folds_full_width_forms_and_case():
    assert normalize("Ｇ１０５国道") == "g105国道"
    assert normalize("PDF附件") == "pdf附件"
    assert normalize("庐交字〔2020〕12号") == "庐交字〔2020〕12号"


def test_normalize_is_the_same_on_the_fast_and_slow_paths():
    # "ΟΔΟΣ" alone would take the fast path; the full-width digit forces the slow one.
    assert normalize("ΟΔΟΣ") + "1" == normalize("ΟΔΟΣ１")
    assert normalize("ÉCOLE") == "école"


def test_offsets_point_back_at_the_source_characters():
    folded, offsets = normalize_with_offsets("Ａ㈱b")
    assert folded == "a(株)b"
    assert offsets == [0, 1, 1, 1, 2]
    assert normalize("Ａ㈱b") == folded


@pytest.mark.parametrize(
    "text",
    [
        "G105国道施工公告",
        "关于印发《庐山市交通运输局》的通知",
        "ÉCOLE",
        "ΟΔΟΣ",
        "Ａ㈱b",
        "İstanbul",
    ],
)
def test_offsets_agree_with_normalize_on_either_path(text):
    folded, offsets = normalize_with_offsets(text)
    assert folded == normalize(text)
    assert len(offsets) == len(folded)
    # Each folded character comes from a source character that folds to contain it.
    for position, source in enumerate(offsets):
        assert folded[position] in normalize(text[source])


def test_text_that_folds_in_place_keeps_its_positions():
    folded, offsets = normalize_with_offsets("G105国道K12施工")
    assert folded == "g105国道k12施工"
    assert list(offsets) == list(range(11))
    # Full-width letters, digits and punctuation fold to one character each: still in place.
    folded, offsets = normalize_with_offsets("Ｇ１０５国道，（公告）")
    assert folded == "g105国道,(公告)"
    assert list(offsets) == list(range(11))


def test_a_character_that_folds_to_several_moves_the_ones_after_it():
    text = "株式会社㈱通知，Ａ"
    folded, offsets = normalize_with_offsets(text)
    assert folded == "株式会社(株)通知,a"
    assert list(offsets) == [0, 1, 2, 3, 4, 4, 4, 5, 6, 7, 8]
    assert match_spans(text, "通知") == [(5, 7)]


def test_runs_split_cjk_from_letters_digits_and_punctuation():
    text = normalize("在G105国道（K12+300）施工")
    assert [(kind, text[start:end]) for kind, start, end in runs(text)] == [
        ("cjk", "在"),
        ("word", "g105"),
        ("cjk", "国道"),
        ("word", "k12"),
        ("word", "300"),
        ("cjk", "施工"),
    ]


def test_kana_and_hangul_are_cjk():
    assert [kind for kind, _, _ in runs("ひらがなカタ한국")] == ["cjk"]


def test_cjk_runs_give_unigrams_and_overlapping_bigrams():
    assert index_grams("交通运输") == {"交", "通", "运", "输", "交通", "通运", "运输"}


def test_no_gram_crosses_a_separator():
    grams = index_grams("交通，运输")
    assert "通运" not in grams and "通，" not in grams
    assert {"交通", "运输"} <= grams


def test_letter_and_digit_runs_give_all_substrings_up_to_four():
    assert index_grams("g105") == {
        "g", "1", "0", "5", "g1", "10", "05", "g10", "105", "g105",
    }  # fmt: skip
    assert "g1050" not in index_grams("g1050") and "1050" in index_grams("g1050")


def test_query_grams_of_one_to_four_chinese_characters():
    assert query_grams("路") == ["路"]
    assert query_grams("交通") == ["交通"]
    assert query_grams("运输局") == ["运输", "输局"]
    assert query_grams("安全生产") == ["安全", "全生", "生产"]


def test_query_grams_do_not_repeat():
    assert query_grams("哈哈哈哈") == ["哈哈"]


def test_mixed_query_needs_the_word_and_the_bigram():
    assert query_grams("g105国道") == ["g105", "国道"]
    assert query_grams("2020年") == ["2020", "年"]
    assert query_grams("g1050") == ["g105", "1050"]


def test_punctuation_gives_no_gram():
    assert query_grams("〔〕") == []
    assert query_grams("交通 运输") == ["交通", "运输"]


ALPHABET = "交通运输局安全生产路公开G1０5国道ａb，。 《》"


@pytest.mark.parametrize("seed", range(20))
def test_every_substring_query_has_all_its_grams_in_the_document(seed):
    # The guarantee the search rests on: if q occurs in a text, each of q's grams is one of
    # the text's grams, so intersecting postings never loses a match.
    rng = random.Random(seed)
    for _ in range(200):
        text = normalize("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))))
        start = rng.randrange(len(text))
        query = text[start : start + rng.randint(1, 8)]
        assert set(query_grams(query)) <= index_grams(text), (text, query)


def test_highlight_escapes_and_marks_every_match():
    assert highlight("<b>交通</b>与交通", "交通") == (
        "&lt;b&gt;<mark>交通</mark>&lt;/b&gt;与<mark>交通</mark>"
    )


def test_highlight_marks_the_original_full_width_characters():
    assert highlight("改造Ｇ１０５国道", "g105国道") == "改造<mark>Ｇ１０５国道</mark>"


def test_match_spans_do_not_overlap():
    assert match_spans("哈哈哈哈", "哈哈") == [(0, 2), (2, 4)]


def test_snippet_is_a_window_around_the_first_match():
    text = "甲" * 100 + "安全生产" + "乙" * 100
    html = snippet(text, "安全生产", before=10, length=30)
    assert html == "…" + "甲" * 10 + "<mark>安全生产</mark>" + "乙" * 16 + "…"


def test_snippet_without_a_match_is_the_beginning():
    assert snippet("春耕生产工作", "交通", length=4) == "春耕生产…"


def test_snippet_near_the_end_keeps_a_full_window():
    html = snippet("甲" * 50 + "路", "路", before=2, length=10)
    assert html == "…" + "甲" * 9 + "<mark>路</mark>"


def test_snippet_of_a_script_is_inert_text():
    html = snippet("<script>alert('公开')</script>", "公开")
    assert "<script" not in html
    assert html == "&lt;script&gt;alert(&#x27;<mark>公开</mark>&#x27;)&lt;/script&gt;"
