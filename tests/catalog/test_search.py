"""Chinese full-text search of the catalog: grams, filters, ranking, snippets, index upkeep."""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.db.models import Count, Q, Sum
from wagtail.documents.models import Document

from gongkai.agencies.models import Agency
from gongkai.catalog.models import (
    InfoItem,
    InfoItemAttachment,
    SearchEntry,
    SearchPosting,
    SearchTerm,
)
from gongkai.catalog.search import query as search_query
from gongkai.catalog.search.grams import normalize, query_grams
from gongkai.catalog.search.indexing import (
    add_entries,
    clear_index,
    html_to_text,
    index_item,
    reindex_all,
)
from gongkai.catalog.search.query import QueryError, matching_ids, search, search_entries
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def fresh_index(db):
    # The session's site group was indexed when it was published, before its dates were
    # backdated with a queryset update (which sends no signal); start from a true index.
    reindex_all()


def publish(agency, col, title, published, **fields):
    """publish_item backdates first_published_at without a signal; index the final state."""
    fields.setdefault("generated_on", published.date())
    body = fields.pop("body", None)
    item = publish_item(agency, col, title, published=published, **fields)
    if body is not None:
        InfoItem.objects.filter(pk=item.pk).update(body=body)
        item.refresh_from_db()
    index_item(item)
    return item


def titles(results):
    return [hit.item.title for hit in results.hits]


@pytest.fixture
def items():
    return {
        "g105": publish(
            "agency-a",
            "major-projects",
            "G105国道甲市段路面改造工程开工",
            at(2021, 5, 10),
            body="<p>国道改造期间请绕行。</p>",
            category="major_project",
        ),
        "road": publish(
            "agency-a",
            "notices",
            "关于道路运输证年审的通知",
            at(2022, 3, 1),
            body="<p>请各运输企业按时办理年审。</p>",
        ),
        "safety_b": publish(
            "agency-b",
            "work-news",
            "乙市召开农机安全生产会议",
            at(2021, 6, 1),
            body="<p>会议部署了农机安全工作。</p>",
        ),
        "policy": publish(
            "agency-a",
            "policies",
            "甲市网络预约出租汽车经营服务管理实施细则",
            at(2019, 8, 1),
            body="<p>为规范网约车经营，制定本细则。</p>",
            category="normative_doc",
            validity="abolished",
        ),
        "policy_valid": publish(
            "agency-a",
            "policies",
            "甲市巡游出租汽车经营服务管理办法",
            at(2020, 9, 1),
            body="<p>出租汽车经营者应当遵守本办法。</p>",
            category="normative_doc",
            validity="valid",
        ),
    }


def test_one_character_query(items):
    found = titles(search("路"))
    assert "G105国道甲市段路面改造工程开工" in found
    assert "关于道路运输证年审的通知" in found
    assert "乙市召开农机安全生产会议" not in found


def test_two_character_query(items):
    found = titles(search("交通"))
    # Only the session's own item has 交通 (in the agency name inside its title).
    assert found == ["甲市交通运输局召开2020年安全生产工作会议"]


def test_three_character_query(items):
    assert titles(search("运输局")) == ["甲市交通运输局召开2020年安全生产工作会议"]
    assert titles(search("运输证")) == ["关于道路运输证年审的通知"]


def test_four_character_query(items):
    assert set(titles(search("安全生产"))) == {
        "乙市召开农机安全生产会议",
        "甲市交通运输局召开2020年安全生产工作会议",
    }


def test_query_whose_grams_are_all_there_but_apart_finds_nothing(items):
    # 公开, 开透, 透明 and 明公 are all grams of this title, but 公开透明公开 is not in it:
    # the verification step, not the postings, decides.
    item = publish("agency-a", "notices", "公开透明透明公开", at(2022, 1, 1))
    assert titles(search("透明透明")) == [item.title]
    assert search("公开透明公开").total == 0


def test_mixed_chinese_and_latin_query(items):
    expected = ["G105国道甲市段路面改造工程开工"]
    assert titles(search("G105国道")) == expected
    assert titles(search("g105国道")) == expected
    assert titles(search("Ｇ１０５国道")) == expected  # full-width, as IMEs often type it
    assert titles(search("105国")) == expected
    assert titles(search("G106国道")) == []


def test_digits_inside_a_word_are_found(items):
    assert titles(search("105")) == ["G105国道甲市段路面改造工程开工"]
    assert "甲市交通运输局召开2020年安全生产工作会议" in titles(search("2020年"))


def test_unknown_character_finds_nothing(items):
    assert search("龘").total == 0


def test_filter_by_agency(items):
    agency_b = Agency.objects.get(slug="agency-b")
    assert titles(search("安全生产", agency=agency_b)) == ["乙市召开农机安全生产会议"]
    assert titles(search("安全生产", agency=agency_b.pk)) == ["乙市召开农机安全生产会议"]


def test_filter_by_column_includes_its_subcolumns(items):
    statutory = column("agency-a", "statutory")
    found = titles(search("甲市", column=statutory))
    assert set(found) == {
        "G105国道甲市段路面改造工程开工",
        "甲市网络预约出租汽车经营服务管理实施细则",
        "甲市巡游出租汽车经营服务管理办法",
    }
    assert titles(search("甲市", column=column("agency-a", "policies").pk)) == [
        "甲市巡游出租汽车经营服务管理办法",
        "甲市网络预约出租汽车经营服务管理实施细则",
    ]


def test_filter_by_category(items):
    assert titles(search("甲市", category="major_project")) == ["G105国道甲市段路面改造工程开工"]


def test_filter_by_year_of_publication(items):
    assert titles(search("路", year=2022)) == ["关于道路运输证年审的通知"]
    assert titles(search("路", year=2021)) == ["G105国道甲市段路面改造工程开工"]
    assert search("路", year=2018).total == 0


def test_year_follows_the_local_date():
    # 2021-01-01 01:00 in Shanghai is still 2020 in UTC; the year is the local one.
    publish("agency-a", "notices", "元旦凌晨发布的通知", at(2021, 1, 1, hour=1))
    assert search("元旦", year=2021).total == 1
    assert search("元旦", year=2020).total == 0


def test_filter_currently_valid(items):
    assert set(titles(search("出租汽车"))) == {
        "甲市网络预约出租汽车经营服务管理实施细则",
        "甲市巡游出租汽车经营服务管理办法",
    }
    assert titles(search("出租汽车", valid_only=True)) == ["甲市巡游出租汽车经营服务管理办法"]
    # Items without a validity (not normative documents) count as current.
    assert "关于道路运输证年审的通知" in titles(search("运输", valid_only=True))


def test_filters_combine(items):
    agency_a = Agency.objects.get(slug="agency-a")
    found = search("经营", agency=agency_a, category="normative_doc", year=2020, valid_only=True)
    assert titles(found) == ["甲市巡游出租汽车经营服务管理办法"]


def test_title_matches_come_before_body_matches():
    body_only = publish(
        "agency-a", "notices", "春运工作安排", at(2023, 1, 5), body="<p>做好春运道路保障。</p>"
    )
    in_title = publish("agency-a", "notices", "春运道路保障方案", at(2020, 1, 5))
    found = search("道路保障")
    assert [hit.item.pk for hit in found.hits] == [in_title.pk, body_only.pk]
    assert [hit.in_title for hit in found.hits] == [True, False]
    assert found.title_total == 1 and found.total == 2


def test_one_gram_query_ranks_titles_first_then_newest():
    old_title = publish("agency-a", "notices", "治超站公告", at(2019, 1, 1))
    new_title = publish("agency-a", "notices", "治超站名单", at(2022, 1, 1))
    body_new = publish("agency-a", "notices", "公告一", at(2023, 1, 1), body="<p>治超站</p>")
    body_old = publish("agency-a", "notices", "公告二", at(2018, 1, 1), body="<p>治超站</p>")
    found = search("治超")
    assert [hit.item.pk for hit in found.hits] == [
        new_title.pk,
        old_title.pk,
        body_new.pk,
        body_old.pk,
    ]


def test_driver_gram_in_title_but_query_only_in_body_ranks_as_body_match():
    # 港口 is in the title, 港口码头 only in the body: the hit belongs after title matches
    # and among the body matches by date.
    title_match = publish("agency-a", "notices", "港口码头安全检查", at(2018, 1, 1))
    tricky = publish(
        "agency-a", "notices", "港口通知", at(2022, 1, 1), body="<p>检查港口码头。</p>"
    )
    body_old = publish("agency-a", "notices", "通知甲", at(2020, 1, 1), body="<p>港口码头</p>")
    body_new = publish("agency-a", "notices", "通知乙", at(2023, 1, 1), body="<p>港口码头</p>")
    found = search("港口码头")
    assert [hit.item.pk for hit in found.hits] == [
        title_match.pk,
        body_new.pk,
        tricky.pk,
        body_old.pk,
    ]
    paged = [search("港口码头", per_page=1, page=n).hits[0].item.pk for n in (1, 2, 3, 4)]
    assert paged == [hit.item.pk for hit in found.hits]


def test_pagination_across_the_title_and_body_sections():
    made = [
        publish("agency-a", "notices", f"第{n}号桥梁通知", at(2020, 1, n + 1)) for n in range(3)
    ] + [
        publish("agency-a", "notices", f"通知{n}", at(2021, 1, n + 1), body="<p>桥梁检测</p>")
        for n in range(4)
    ]
    expected = [made[2], made[1], made[0], made[6], made[5], made[4], made[3]]
    pages = [search("桥梁", per_page=3, page=n) for n in (1, 2, 3)]
    assert [hit.item.pk for p in pages for hit in p.hits] == [item.pk for item in expected]
    assert pages[0].total == 7 and pages[0].num_pages == 3
    assert pages[0].has_next and not pages[0].has_previous
    assert pages[2].has_previous and not pages[2].has_next
    # A page past the end shows the last page rather than nothing.
    assert search("桥梁", per_page=3, page=99).page == 3


def test_snippet_highlights_the_first_body_match():
    publish(
        "agency-a",
        "notices",
        "关于开展专项整治的通知",
        at(2022, 5, 1),
        body="<p>" + "各单位：" * 40 + "</p><p>请做好<b>超限超载</b>治理工作。</p>",
    )
    hit = search("超限超载").hits[0]
    assert "<mark>超限超载</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…")
    assert hit.title_html == "关于开展专项整治的通知"


def test_title_is_highlighted():
    publish("agency-a", "notices", "G105国道<施工>公告", at(2022, 5, 1))
    hit = search("g105国道").hits[0]
    assert hit.title_html == "<mark>G105国道</mark>&lt;施工&gt;公告"


def test_script_in_a_body_is_shown_as_inert_text():
    publish(
        "agency-a",
        "notices",
        "网站安全提示",
        at(2022, 5, 1),
        body="<p>&lt;script&gt;alert('公开')&lt;/script&gt;</p><script>alert('公开')</script>",
    )
    hit = search("公开").hits[0]
    assert "<script" not in hit.snippet_html
    assert "&lt;script&gt;alert(&#x27;<mark>公开</mark>&#x27;)&lt;/script&gt;" in hit.snippet_html


def test_summary_document_number_and_keywords_are_searched():
    item = publish(
        "agency-a",
        "policies",
        "规范性文件",
        at(2022, 5, 1),
        summary="明确网约车准入条件",
        document_number="甲交字〔2022〕7号",
        keywords="网约车 准入",
    )
    for query in ("准入条件", "甲交字〔2022〕7号", "〔2022〕", "网约车 准入"):
        assert [hit.item.pk for hit in search(query).hits] == [item.pk], query


def test_attachment_text_is_searched():
    item = publish("agency-a", "notices", "附件发布测试", at(2022, 5, 1))
    document = Document.objects.create(title="名单", file=ContentFile(b"%PDF-1.4", name="list.pdf"))
    InfoItemAttachment.objects.create(
        item=item, document=document, extracted_text="第一页\n道路货物运输驾驶员从业资格名单"
    )
    index_item(item)
    hit = search("从业资格").hits[0]
    assert hit.item.pk == item.pk
    assert "<mark>从业资格</mark>" in hit.snippet_html


def test_publishing_indexes_and_unpublishing_removes(client):
    item = publish_item("agency-a", "notices", "临时交通管制公告", generated_on=date(2022, 1, 1))
    assert [hit.item.pk for hit in search("交通管制").hits] == [item.pk]
    item.unpublish()
    assert search("交通管制").total == 0
    assert not SearchEntry.objects.filter(pk=item.pk).exists()


def test_republishing_an_edit_replaces_the_old_text():
    item = publish_item("agency-a", "notices", "原标题桥梁通知", generated_on=date(2022, 1, 1))
    item.title = "新标题隧道通知"
    item.save_revision().publish()
    assert search("桥梁").total == 0
    assert [hit.item.pk for hit in search("隧道").hits] == [item.pk]


def test_deleting_an_item_removes_it():
    item = publish_item("agency-a", "notices", "即将删除的公告", generated_on=date(2022, 1, 1))
    assert search("即将删除").total == 1
    item.delete()
    assert search("即将删除").total == 0


def test_deleting_a_column_removes_its_items():
    item = publish_item("agency-a", "fees", "收费标准公示", generated_on=date(2022, 1, 1))
    assert search("收费标准").total == 1
    column("agency-a", "fees").delete()
    assert search("收费标准").total == 0
    assert not SearchEntry.objects.filter(pk=item.pk).exists()


def test_draft_and_private_items_are_not_indexed():
    from wagtail.models import PageViewRestriction

    draft = InfoItem(title="草稿中的公告", generated_on=date(2022, 1, 1), live=False)
    column("agency-a", "notices").add_child(instance=draft)
    assert index_item(draft) is False
    private = publish_item("agency-a", "rules", "内部制度汇编", generated_on=date(2022, 1, 1))
    PageViewRestriction.objects.create(
        page=column("agency-a", "rules"), restriction_type=PageViewRestriction.LOGIN
    )
    assert index_item(private) is False
    assert search("草稿").total == 0 and search("制度汇编").total == 0


def test_query_limits():
    with pytest.raises(QueryError, match="不能超过50个字"):
        search("路" * 51)
    assert search("路" * 50).total == 0
    with pytest.raises(QueryError, match="汉字、字母或数字"):
        search("〔〕")
    empty = search("   ")
    assert empty.total == 0 and empty.hits == []


def test_term_counts_match_the_postings_after_index_and_unindex(items):
    items["road"].unpublish()
    index_item(items["g105"])  # a reindex of an unchanged item must not double-count
    counted = {
        row["term"]: (row["n"], row["t"])
        for row in SearchPosting.objects.values("term").annotate(
            n=Count("entry_id"), t=Count("entry_id", filter=Q(in_title=True))
        )
    }
    stored = {
        term: (entries, titles)
        for term, entries, titles in SearchTerm.objects.filter(entries__gt=0).values_list(
            "term", "entries", "title_entries"
        )
    }
    assert stored == counted
    assert not SearchTerm.objects.filter(entries__lt=0).exists()
    assert SearchTerm.objects.aggregate(total=Sum("entries"))["total"] == len(
        SearchPosting.objects.all()
    )


def test_html_to_text_separates_blocks():
    assert html_to_text("<p>交通</p><p>运输</p>") == "交通\n运输"
    assert html_to_text("交<b>通</b>&amp;运输<br>局") == "交通&运输\n局"


# --- the search equals a LIKE scan --------------------------------------------------------

VOCABULARY = [
    "交通", "运输", "局", "安全", "生产", "道路", "公开", "G105", "国道", "路", "年审",
    "2020", "〔", "〕", "号", "，", "。", "Ｇ１０５", "ab", "AB", "通知", "管理", " ",
    "100%", "_", "\\",
]  # fmt: skip


def generated_entries(count, seed):
    rng = random.Random(seed)

    def text(lo, hi):
        return "".join(rng.choice(VOCABULARY) for _ in range(rng.randint(lo, hi)))

    entries = []
    for n in range(count):
        title, body = text(1, 6), text(0, 25)
        entries.append(
            SearchEntry(
                id=10_000_000 + n,
                agency_id=rng.choice([1, 2]),
                category=rng.choice(["none", "normative_doc"]),
                validity=rng.choice(["", "valid", "abolished"]),
                published=1_600_000_000 + rng.randrange(100_000_000),
                title=title,
                text=body,
                title_folded=normalize(title),
                text_folded=normalize(body),
            )
        )
    return entries


def scan(entries, query, **filters):
    """The oracle: a plain substring scan, ranked titles first then newest."""
    folded = normalize(" ".join(query.split()))
    found = [
        e
        for e in entries
        if (folded in e.title_folded or folded in e.text_folded)
        and all(getattr(e, name) == value for name, value in filters.items())
    ]
    found.sort(key=lambda e: (folded in e.title_folded, e.published, e.id), reverse=True)
    return [e.id for e in found]


def every_page(query, per_page=7, **filters):
    ids, page = [], 1
    while True:
        result = search_entries(query, per_page=per_page, page=page, **filters)
        ids += [hit.entry_id for hit in result.hits]
        if not result.has_next:
            break
        page += 1
    if result.total_exact:
        assert result.total == len(ids)
    return ids


def test_results_equal_a_like_scan_on_a_generated_set():
    clear_index()
    entries = generated_entries(300, seed=7)
    add_entries(entries)
    rng = random.Random(11)
    queries = [
        "路", "交通", "运输局", "安全生产", "G105国道", "g105", "105", "0", "2020〕",
        "100%", "_ab", "路_", "\\交通", "ab", "通知 管理", "公开公开", "局局", "〔2020〕号",
    ]  # fmt: skip
    for _ in range(60):
        source = rng.choice(entries)
        text = source.title + "\n" + source.text
        start = rng.randrange(len(text))
        query = text[start : start + rng.randint(1, 6)].split("\n")[0].strip()
        if query_grams(normalize(query)):  # a query without any gram is refused
            queries.append(query)
    for query in queries:
        assert every_page(query) == scan(entries, query), query
        assert matching_ids(query) == set(scan(entries, query)), query
    for query in queries[:10]:
        assert every_page(query, agency=2) == scan(entries, query, agency_id=2), query
        assert every_page(query, category="normative_doc") == scan(
            entries, query, category="normative_doc"
        ), query


def test_generated_set_matches_the_database_like_scan():
    # The same comparison against the database's own LIKE, the scan the bench measures.
    clear_index()
    entries = generated_entries(200, seed=3)
    add_entries(entries)
    for query in ("路", "交通", "运输局", "安全生产", "G105国道", "100%", "2020"):
        folded = normalize(query)
        like = set(
            SearchEntry.objects.filter(
                Q(title_folded__contains=folded) | Q(text_folded__contains=folded)
            ).values_list("id", flat=True)
        )
        assert set(every_page(query)) == like, query


def test_estimated_totals_still_page_through_exactly_the_scan(monkeypatch):
    # With a tiny sample and window every common query takes the estimating path of a huge
    # index, and a page is assembled from several windows of postings.
    monkeypatch.setattr(search_query, "SAMPLE", 3)
    monkeypatch.setattr(search_query, "WINDOW", 1)
    clear_index()
    entries = generated_entries(150, seed=5)
    add_entries(entries)
    estimated = 0
    for query in ("路", "交通", "运输局", "安全生产", "G105国道", "通知 管理", "2020"):
        expected = scan(entries, query)
        assert every_page(query) == expected, query
        assert every_page(query, per_page=1) == expected, query
        assert every_page(query, per_page=4, agency=1) == scan(entries, query, agency_id=1)
        first = search_entries(query)
        estimated += not first.total_exact
        if first.total_exact:
            assert first.total == len(expected)
    assert estimated >= 3  # the estimating path was taken


def test_pages_inside_and_beyond_the_sample_equal_the_scan(monkeypatch):
    # A sample of 40 postings holds the first pages of most queries and not the later ones,
    # so paging crosses from the sample to the walk that continues after it.
    monkeypatch.setattr(search_query, "SAMPLE", 40)
    monkeypatch.setattr(search_query, "WINDOW", 5)
    clear_index()
    entries = generated_entries(260, seed=21)
    add_entries(entries)
    for query in ("路", "交通", "运输局", "安全生产", "G105国道", "通知 管理", "局局"):
        expected = scan(entries, query)
        for per_page in (3, 20, 45):
            assert every_page(query, per_page=per_page) == expected, (query, per_page)
        assert every_page(query, per_page=6, agency=2) == scan(entries, query, agency_id=2)
        assert every_page(query, per_page=6, valid_only=True) == [
            e for e in expected if SearchEntry.objects.get(pk=e).validity in ("", "valid")
        ], query


def test_the_first_page_is_read_from_the_count_sample():
    # Counting a multi-gram query reads each stream's newest postings once; the first page
    # comes from those rows instead of reading the same postings again.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clear_index()
    entries = generated_entries(300, seed=7)
    add_entries(entries)
    folded = normalize("运输局")
    grams = query_grams(folded)
    stats = search_query._term_stats(grams, "default")
    plan = search_query._Plan(folded, grams, stats, search_query._Filters(), "default")
    title_section, rest_sections = plan.sections()
    streams = {section.stream for section in [title_section, *rest_sections]}
    assert 2 <= len(streams) <= 3
    with CaptureQueriesContext(connection) as queries:
        result = search_entries("运输局", per_page=5)
    reading_postings = [q["sql"] for q in queries if "catalog_searchposting" in q["sql"]]
    assert len(reading_postings) == len(streams)
    assert [hit.entry_id for hit in result.hits] == scan(entries, "运输局")[:5]


def test_postings_whose_entry_is_gone_do_not_cut_the_pages_short(monkeypatch):
    # An entry removed by a raw delete leaves its postings behind until the next reindex;
    # the sample still counts them as read, so the walk goes on after it.
    monkeypatch.setattr(search_query, "SAMPLE", 10)
    monkeypatch.setattr(search_query, "WINDOW", 2)
    clear_index()
    entries = generated_entries(200, seed=9)
    add_entries(entries)
    expected = scan(entries, "交通")
    gone = set(expected[1:40:2])
    SearchEntry.objects.filter(pk__in=gone).delete()
    left = [e for e in entries if e.id not in gone]
    for query in ("交通", "运输局", "安全生产"):
        # Only the ids are compared: a gone entry's posting is skipped, never shown.
        assert every_page(query, per_page=4, agency=1) == scan(left, query, agency_id=1), query
        assert every_page(query, per_page=4, category="normative_doc") == scan(
            left, query, category="normative_doc"
        ), query
