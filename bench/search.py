"""Benchmark of the catalog's Chinese full-text search against a LIKE scan.

Fills the search tables directly with N generated items of government-style Chinese text
(bare index rows, not Wagtail pages), on a temporary SQLite file and on a PostgreSQL database
it creates and drops, then prints the index build time and the p50/p95/p99 latency of the
first page of results (total, 20 hits with highlighted snippets) for 1-4 character queries,
next to a ``LIKE '%q%'`` scan of the same rows for a sample of the same queries, the speed
ratio, and whether each sampled query's matching set equals the scan's.

    .venv/bin/python bench/search.py            # 1,000,000 items
    .venv/bin/python bench/search.py --small    # 20,000 items, a quick run
    .venv/bin/python bench/search.py --keep     # keep both databases after measuring
    .venv/bin/python bench/search.py --reuse /tmp/gongkai-bench-*/search.sqlite3
                                                # measure kept databases again, no rebuild

A million items take about 45 minutes per database to build on two cores (25 GiB in SQLite,
31 GiB in PostgreSQL); ``--databases postgresql`` or ``sqlite`` builds or measures one.

Not part of the test suite.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DATABASE = "gongkai_bench"
PAGE = 20

# --- generated text ------------------------------------------------------------------------

CITIES = ["甲市", "乙市", "丙县", "丁区", "庐山市", "德安县", "永修县", "共青城市", "濂溪区"]
AGENCIES = [
    "交通运输局", "农业农村局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "应急管理局", "市场监督管理局", "卫生健康委员会", "教育体育局", "人力资源和社会保障局",
    "公路事业发展中心", "水利局", "民政局", "税务局", "公安局交通管理大队",
]  # fmt: skip
TOPICS = [
    "安全生产", "道路运输", "农村公路", "公路养护", "治超治限", "政府信息公开", "行政许可",
    "行政处罚", "政府采购", "财政预算", "决算公开", "重大建设项目", "春运工作", "防汛抗旱",
    "冬季除雪", "城乡客运", "出租汽车", "网约车", "驾驶员培训", "危险货物运输", "港口码头",
    "水路运输", "船舶检验", "桥梁检测", "隧道施工", "路面改造", "交通管制", "营商环境",
    "优化服务", "扫黑除恶", "乡村振兴", "人居环境整治", "耕地保护", "疫情防控", "森林防火",
    "农机安全", "食品安全", "消防安全", "文明城市创建", "双随机一公开", "放管服改革",
]  # fmt: skip
ACTIONS = [
    "关于印发", "关于开展", "关于做好", "关于加强", "关于公布", "关于调整", "关于进一步规范",
    "关于征求", "关于转发", "关于组织",
]  # fmt: skip
TAILS = [
    "的通知", "工作方案", "实施意见", "的公告", "意见的通知", "管理办法", "实施细则",
    "专项行动方案", "考核结果的通报", "情况的报告",
]  # fmt: skip
NEWS = ["召开", "部署", "推进", "督查", "调研", "检查", "启动", "完成"]
SENTENCES = [
    "为深入贯彻落实{topic}工作要求，切实保障人民群众生命财产安全，经研究决定，",
    "各{place}、各有关单位要高度重视，加强组织领导，明确责任分工，确保各项措施落到实处。",
    "{year}年以来，{city}{agency}围绕{topic}目标任务，扎实开展各项工作，取得明显成效。",
    "本次{topic}检查共出动执法人员{n}人次，检查企业{m}家，发现问题隐患{k}处，已全部整改到位。",
    "请于{year}年{month}月{day}日前将工作总结报送至{agency}办公室，联系电话：0792-{phone}。",
    "{road}国道{city}段{topic}工程计划投资{n}万元，预计{year}年底建成通车。",
    "根据《中华人民共和国政府信息公开条例》第二十条规定，现将有关情况公开如下。",
    "对违反本规定的，由{agency}依法责令改正，并处{n}元以上{m}元以下罚款。",
    "本办法自{year}年{month}月{day}日起施行，有效期五年，原{agency}文件同时废止。",
    "会议指出，要坚持以人民为中心的发展思想，统筹发展和安全，全力推进{topic}。",
    "附件：{year}年度{topic}项目清单（第{k}批）",
    "欢迎社会各界监督，举报电话12345，邮箱jiaotong{k}@example.gov.cn。",
]  # fmt: skip
ROADS = ["G105", "G316", "S223", "S304", "X123", "G70", "G56"]
PLACES = ["乡镇人民政府", "街道办事处", "县直单位", "局属各单位", "运输企业"]
SHANGHAI = ZoneInfo("Asia/Shanghai")


class TextMaker:
    """Notices, news and normative documents of county and city agencies, seeded."""

    def __init__(self, seed, body_sentences):
        self.rng = random.Random(seed)
        self.body_sentences = body_sentences
        self.start = int(datetime(2015, 1, 1, tzinfo=SHANGHAI).timestamp())
        self.span = int(datetime(2025, 12, 31, tzinfo=SHANGHAI).timestamp()) - self.start

    def _fill(self, template):
        r = self.rng
        return template.format(
            topic=r.choice(TOPICS),
            place=r.choice(PLACES),
            city=r.choice(CITIES),
            agency=r.choice(AGENCIES),
            year=r.randint(2015, 2025),
            month=r.randint(1, 12),
            day=r.randint(1, 28),
            n=r.randint(2, 900),
            m=r.randint(10, 5000),
            k=r.randint(1, 60),
            phone=r.randint(1000000, 9999999),
            road=r.choice(ROADS),
        )

    def item(self, entry_id):
        r = self.rng
        city, agency, topic = r.choice(CITIES), r.choice(AGENCIES), r.choice(TOPICS)
        kind = r.random()
        if kind < 0.45:
            title = f"{r.choice(ACTIONS)}{city}{topic}{r.choice(TAILS)}"
        elif kind < 0.85:
            title = f"{city}{agency}{r.choice(NEWS)}{topic}工作"
        else:
            title = f"{r.choice(ROADS)}国道{city}段{topic}公告（第{r.randint(1, 40)}期）"
        number = f"{city[0]}{agency[:2]}字〔{r.randint(2015, 2025)}〕{r.randint(1, 120)}号"
        summary = self._fill(r.choice(SENTENCES))
        count = r.randint(max(1, self.body_sentences - 2), self.body_sentences + 2)
        body = "\n".join(self._fill(r.choice(SENTENCES)) for _ in range(count))
        text = "\n".join([body, summary, number, f"{topic} {agency}"])
        return {
            "id": entry_id,
            "agency_id": AGENCIES.index(agency) + 1,
            "category": r.choice(["none", "normative_doc", "admin_license", "procurement"]),
            "validity": r.choice(["", "", "valid", "abolished"]),
            "published": self.start + r.randrange(self.span),
            "title": title,
            "text": text,
        }


# --- Django against the bench databases ----------------------------------------------------


def setup_django(sqlite_path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    import dj_database_url
    from django.conf import settings

    settings.DATABASES["pg"] = dj_database_url.parse(PG_SERVER + PG_DATABASE)
    # Reads only; the settings' WAL is for a site with writers and would not change a read.
    settings.DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA cache_size=-2000000; PRAGMA mmap_size=8000000000;"
    )
    import django

    django.setup()


def create_pg_database():
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def drop_pg_database():
    import psycopg
    from django.db import connections

    connections["pg"].close()
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


def create_tables(alias):
    from django.db import connections

    from gongkai.catalog.models import SearchEntry, SearchPosting, SearchTerm

    with connections[alias].schema_editor() as editor:
        for model in (SearchEntry, SearchPosting, SearchTerm):
            editor.create_model(model)


# --- loading ---------------------------------------------------------------------------------


def generate(count, seed, body_sentences, chunk=5000):
    """Chunks of (entry rows, posting rows), built with the search's own folding and grams."""
    from gongkai.catalog.search.grams import normalize
    from gongkai.catalog.search.indexing import entry_grams

    maker = TextMaker(seed, body_sentences)
    for start in range(1, count + 1, chunk):
        entries, postings = [], []
        for entry_id in range(start, min(count + 1, start + chunk)):
            item = maker.item(entry_id)
            item["title_folded"] = normalize(item["title"])
            item["text_folded"] = normalize(item["text"])
            grams, title_grams = entry_grams(item["title_folded"], item["text_folded"])
            entries.append(item)
            postings.extend(
                (term, term in title_grams, item["published"], entry_id) for term in grams
            )
        yield entries, postings


ENTRY_COLUMNS = [
    "id", "agency_id", "category", "validity", "published", "title", "text", "title_folded",
    "text_folded",
]  # fmt: skip


def load_sqlite(args):
    from django.db import connections

    conn = connections["default"]
    conn.ensure_connection()
    raw = conn.connection
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("CREATE TABLE bench_stage (term TEXT, in_title INT, published INT, entry_id INT)")
    entries_sql = (
        f"INSERT INTO catalog_searchentry ({', '.join(ENTRY_COLUMNS)})"
        f" VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
    )
    terms, titles, rows = Counter(), Counter(), 0
    generating = 0.0
    started = time.perf_counter()
    mark = started
    for entries, postings in generate(args.items, args.seed, args.body_sentences):
        now = time.perf_counter()
        generating += now - mark
        # Django's SQLite connection autocommits; one transaction per chunk, not per row.
        raw.execute("BEGIN")
        raw.executemany(entries_sql, [[e[c] for c in ENTRY_COLUMNS] for e in entries])
        raw.executemany("INSERT INTO bench_stage VALUES (?, ?, ?, ?)", postings)
        raw.execute("COMMIT")
        rows += len(postings)
        count_terms(postings, terms, titles)
        mark = time.perf_counter()
        progress("sqlite", entries[-1]["id"], args.items, started)
    # Inserted in key order, the composite primary key is built by appending, not by
    # millions of random B-tree inserts.
    raw.execute("BEGIN")
    raw.execute(
        "INSERT INTO catalog_searchposting (term, in_title, published, entry_id)"
        " SELECT term, in_title, published, entry_id FROM bench_stage"
        " ORDER BY term, in_title, published, entry_id"
    )
    raw.execute("DROP TABLE bench_stage")
    raw.executemany(
        "INSERT INTO catalog_searchterm (term, entries, title_entries) VALUES (?, ?, ?)",
        [(term, n, titles[term]) for term, n in terms.items()],
    )
    raw.execute("COMMIT")
    raw.execute("ANALYZE")
    raw.execute("PRAGMA journal_mode=DELETE")
    return time.perf_counter() - started, generating, rows


def load_postgres(args):
    from django.db import connections

    conn = connections["pg"]
    conn.ensure_connection()
    raw = conn.connection
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'p'"
                       " AND conrelid = 'catalog_searchposting'::regclass")  # fmt: skip
        (pk_name,) = cursor.fetchone()
        # The primary key is built once, by one sort, after the rows are in.
        cursor.execute(f"ALTER TABLE catalog_searchposting DROP CONSTRAINT {pk_name}")
    terms, titles, rows = Counter(), Counter(), 0
    generating = 0.0
    started = time.perf_counter()
    mark = started
    for entries, postings in generate(args.items, args.seed, args.body_sentences):
        now = time.perf_counter()
        generating += now - mark
        with raw.cursor() as cursor:
            with cursor.copy(
                f"COPY catalog_searchentry ({', '.join(ENTRY_COLUMNS)}) FROM STDIN"
            ) as copy:
                for e in entries:
                    copy.write_row([e[c] for c in ENTRY_COLUMNS])
            with cursor.copy("COPY catalog_searchposting FROM STDIN") as copy:
                # Terms are CJK characters, letters and digits: nothing COPY would escape.
                copy.write(
                    "".join(
                        f"{term}\t{'t' if title else 'f'}\t{published}\t{entry}\n"
                        for term, title, published, entry in postings
                    )
                )
        rows += len(postings)
        count_terms(postings, terms, titles)
        mark = time.perf_counter()
        progress("postgresql", entries[-1]["id"], args.items, started)
    with raw.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE catalog_searchposting ADD CONSTRAINT {pk_name}"
            " PRIMARY KEY (term, in_title, published, entry_id)"
        )
        with cursor.copy(
            "COPY catalog_searchterm (term, entries, title_entries) FROM STDIN"
        ) as copy:
            for term, n in terms.items():
                copy.write_row([term, n, titles[term]])
        # Index-only scans need the visibility map that VACUUM writes.
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started, generating, rows


def count_terms(postings, terms, titles):
    for term, title, _published, _entry in postings:
        terms[term] += 1
        if title:
            titles[term] += 1


def progress(name, done, total, started):
    if sys.stderr.isatty() or done == total or done % 100_000 < 5000:
        rate = done / max(1e-9, time.perf_counter() - started)
        print(f"\r  {name}: {done:,}/{total:,} items ({rate:,.0f}/s)", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


# --- measuring -------------------------------------------------------------------------------


def pick_queries(args):
    """Per length 1-4: common words of the domain and random substrings of generated text."""
    from gongkai.catalog.search.grams import CJK, normalize, runs

    rng = random.Random(args.seed + 1)
    fixed = {
        1: ["路", "局", "港", "税", "桥", "罚", "龘"],
        2: ["交通", "公开", "运输", "养护", "招标", "预算", "除雪"],
        3: ["运输局", "出租车", "驾驶员", "农机安", "国道甲", "网约车"],
        4: ["安全生产", "道路运输", "政府采购", "港口码头", "G105国道", "专项整治"],
    }
    maker = TextMaker(args.seed + 2, args.body_sentences)
    queries = {}
    for length, words in fixed.items():
        chosen = list(words)
        while len(chosen) < args.queries:
            item = maker.item(0)
            text = normalize(item["title"] + "\n" + item["text"])
            spans = [(s, e) for kind, s, e in runs(text) if kind == CJK and e - s >= length]
            if spans:
                s, e = rng.choice(spans)
                at = rng.randint(s, e - length)
                if text[at : at + length] not in chosen:
                    chosen.append(text[at : at + length])
        queries[length] = chosen[: args.queries]
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def like_scan(alias, query):
    """The scan a search without an index would run: every row, LIKE on both fields."""
    from django.db import connections

    from gongkai.catalog.search.grams import normalize
    from gongkai.catalog.search.query import _like

    pattern = _like(normalize(query))
    sql = (
        "SELECT id, COUNT(*) OVER () FROM catalog_searchentry"
        " WHERE title_folded LIKE %s ESCAPE '\\' OR text_folded LIKE %s ESCAPE '\\'"
        " ORDER BY title_folded LIKE %s ESCAPE '\\' DESC, published DESC, id DESC LIMIT %s"
    )
    with connections[alias].cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, [pattern, pattern, pattern, PAGE])
        page = cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.execute(
            "SELECT id FROM catalog_searchentry"
            " WHERE title_folded LIKE %s ESCAPE '\\' OR text_folded LIKE %s ESCAPE '\\'",
            [pattern, pattern],
        )
        matching = {row[0] for row in cursor.fetchall()}
    return elapsed, [row[0] for row in page], (page[0][1] if page else 0), matching


def measure(alias, name, queries, args):
    from gongkai.catalog.search.query import matching_ids, search_entries

    print(f"\n{name}: first page of {PAGE} (total, ids, highlighted snippets)")
    print(f"  {'len':>3} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    firsts = {}
    all_times = []
    for length, words in queries.items():
        times = []
        for word in words:
            search_entries(word, per_page=PAGE, using=alias)  # warm the cache once
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = search_entries(word, per_page=PAGE, using=alias)
                times.append(time.perf_counter() - started)
            firsts[word] = result
        all_times += times
        print(
            f"  {length:>3} {len(words):>7} {1000 * percentile(times, 0.5):>8.1f}"
            f" {1000 * percentile(times, 0.95):>8.1f} {1000 * percentile(times, 0.99):>8.1f}"
            f" {1000 * max(times):>8.1f}"
        )
    print(
        f"  all {len(all_times) // args.repeat:>7} {1000 * percentile(all_times, 0.5):>8.1f}"
        f" {1000 * percentile(all_times, 0.95):>8.1f} {1000 * percentile(all_times, 0.99):>8.1f}"
        f" {1000 * max(all_times):>8.1f}"
    )
    print(f"\n{name}: LIKE '%q%' scan of the same rows, sampled queries")
    print(
        f"  {'query':<10} {'matches':>9} {'shown':>9} {'index ms':>9} {'scan ms':>9} {'ratio':>8}"
        f" {'same set':>9} {'same page':>9}"
    )
    ratios, all_same = [], True
    for words in queries.values():
        for word in words[: args.scan_sample]:
            index_ms = 1000 * statistics.median(
                timed(lambda w=word: search_entries(w, per_page=PAGE, using=alias))
                for _ in range(args.repeat)
            )
            scan_s, scan_page, scan_total, scan_set = like_scan(alias, word)
            index_set = matching_ids(word, using=alias)
            result = firsts[word]
            # "same set" compares every matching id; the total shown on the page may be an
            # estimate (marked ~) for very common multi-gram queries.
            same_set = index_set == scan_set and (
                result.total == scan_total or not result.total_exact
            )
            shown = f"{'' if result.total_exact else '~'}{result.total:,}"
            same_page = [hit.entry_id for hit in result.hits] == scan_page
            all_same &= same_set and same_page
            ratio = 1000 * scan_s / index_ms
            ratios.append(ratio)
            print(
                f"  {word:<10}{'':>{10 - 2 * len(word) + sum(c.isascii() for c in word)}}"
                f"{scan_total:>9,} {shown:>9} {index_ms:>9.1f} {1000 * scan_s:>9.1f} {ratio:>7.0f}x"
                f" {'yes' if same_set else 'NO':>9} {'yes' if same_page else 'NO':>9}"
            )
    if ratios:
        print(
            f"  speed ratio: min {min(ratios):.0f}x, median {statistics.median(ratios):.0f}x;"
            f" every sampled set equal: {'yes' if all_same else 'NO'}"
        )
    return all_same


def timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def sizes(alias, sqlite_path, count_rows=True):
    """(items, postings, terms, bytes on disk); items and postings are None unless counted."""
    from django.db import connections

    items = postings = None
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM catalog_searchterm")
        (terms,) = cursor.fetchone()
        if count_rows:
            cursor.execute("SELECT COUNT(*) FROM catalog_searchentry")
            (items,) = cursor.fetchone()
            cursor.execute("SELECT SUM(entries) FROM catalog_searchterm")
            (postings,) = cursor.fetchone()
        if alias == "pg":
            cursor.execute("SELECT pg_database_size(current_database())")
            (size,) = cursor.fetchone()
        else:
            size = Path(sqlite_path).stat().st_size
    return items, postings, terms, size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--small", action="store_true", help="20,000 items")
    parser.add_argument("--body-sentences", type=int, default=5, help="sentences per body")
    parser.add_argument("--queries", type=int, default=15, help="queries per length")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query")
    parser.add_argument("--scan-sample", type=int, default=3, help="scanned queries per length")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument(
        "--reuse",
        metavar="SQLITE_FILE",
        type=Path,
        help="measure the databases an earlier --keep run left (its SQLite file and the"
        f" PostgreSQL database {PG_DATABASE}) instead of building them; implies --keep",
    )
    args = parser.parse_args(argv)
    if args.small:
        args.items = 20_000
    databases = args.databases.split(",")
    if args.reuse:
        args.keep = True
        sqlite_path = args.reuse.resolve()
        if "sqlite" in databases and not sqlite_path.exists():
            parser.error(f"no such file: {sqlite_path}")
    else:
        sqlite_path = Path(tempfile.mkdtemp(prefix="gongkai-bench-")) / "search.sqlite3"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    setup_django(sqlite_path)
    queries = pick_queries(args)
    made = "kept databases" if args.reuse else f"{args.items:,} items"
    print(
        f"gongkai search bench: {made}, ~{args.body_sentences} body sentences each;"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start"
    )
    ok = True
    try:
        for database in databases:
            if database == "sqlite":
                alias, name = "default", "SQLite " + sqlite_version()
                if not args.reuse:
                    create_tables(alias)
                    built, generating, rows = load_sqlite(args)
            else:
                if not args.reuse:
                    create_pg_database()
                    create_tables("pg")
                    built, generating, rows = load_postgres(args)
                alias, name = "pg", "PostgreSQL " + pg_version()
            if args.reuse:
                items, rows, terms, size = sizes(alias, sqlite_path)
                print(f"\n{name}: reused; {items:,} items, {rows:,} postings, {terms:,} terms,"
                      f" {size / 2**30:.2f} GiB")  # fmt: skip
            else:
                _items, _rows, terms, size = sizes(alias, sqlite_path, count_rows=False)
                print(
                    f"\n{name}: index built in {built:.1f} s ({generating:.1f} s of it generating"
                    f" and tokenizing text); {rows:,} postings, {terms:,} terms,"
                    f" {size / 2**30:.2f} GiB"
                )
            ok &= measure(alias, name, queries, args)
            if database == "sqlite" and not args.keep:
                # A million items take tens of GiB per database; free the disk before the next.
                from django.db import connections

                connections["default"].close()
                sqlite_path.unlink(missing_ok=True)
    finally:
        if "postgresql" in databases and not args.keep:
            drop_pg_database()
        if not args.keep:
            sqlite_path.unlink(missing_ok=True)
            sqlite_path.parent.rmdir()
        else:
            print(f"kept {sqlite_path} and database {PG_DATABASE}")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0 if ok else 1


def sqlite_version():
    import sqlite3

    return sqlite3.sqlite_version


def pg_version():
    from django.db import connections

    with connections["pg"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


if __name__ == "__main__":
    sys.exit(main())
