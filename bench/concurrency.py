"""Concurrent submissions of the public message form against a server on SQLite or PostgreSQL.

Sets up a temporary installation (``gongkai demo`` on a fresh SQLite database, or with
``--postgres URL`` on a fresh PostgreSQL database the bench creates and drops), starts
``gongkai runserver`` on it, and has N clients post the 政民互动 form at once: each client
fetches the form, answers its challenge as a person reads it, waits the seconds a person
takes, and posts. Prints the load — submissions, concurrency, answers by status, 500s,
messages stored, p50/p99 latency — and asserts nothing.

    .venv/bin/python bench/concurrency.py                       # 100 submissions, 8 clients
    .venv/bin/python bench/concurrency.py -n 200 -c 16
    .venv/bin/python bench/concurrency.py --during-reindex      # while catalog-reindex runs
    .venv/bin/python bench/concurrency.py --postgres postgres://postgres@127.0.0.1:5432

To measure another checkout (e.g. before a change), put its ``src`` first on PYTHONPATH.
Not part of the test suite.
"""

import argparse
import html
import http.cookiejar
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

CHINESE_DIGITS = "零一二三四五六七八九十"
SECONDS_A_PERSON_TAKES = 3.2


def gongkai(env, *args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", *args], env=env, **kwargs)


def wait_for(url, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer {url}")


class Database:
    """The bench's own database: a SQLite file in the installation, or a PostgreSQL
    database created for the run (``gongkai_bench_<pid>``) and dropped after it."""

    def __init__(self, workdir, postgres=None):
        self.postgres = postgres.rstrip("/") if postgres else None
        if self.postgres:
            self.name = f"gongkai_bench_{os.getpid()}"
            self.url = f"{self.postgres}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = workdir / "gongkai.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as db:
            db.execute(sql)

    def one(self, sql):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as db:
                return db.execute(sql).fetchone()
        with sqlite3.connect(self.path) as db:
            return db.execute(sql).fetchone()

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @property
    def label(self):
        return "PostgreSQL" if self.postgres else "SQLite"


def first_agency(database):
    return database.one("SELECT slug FROM agencies_agency ORDER BY id LIMIT 1")[0]


class Client:
    """One person with a browser: cookies, the form's hidden fields, the answer."""

    def __init__(self, base, agency, number):
        self.url = f"{base}/messages/{agency}/new/"
        self.number = number
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def fetch_form(self):
        page = self.opener.open(self.url, timeout=60).read().decode()
        question = re.search(r"([一二三四五六七八九])加([一二三四五六七八九])等于几", page)
        token = re.search(r'name="token" value="([^"]+)"', page)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        answer = CHINESE_DIGITS.index(question[1]) + CHINESE_DIGITS.index(question[2])
        self.fields = {
            "csrfmiddlewaretoken": csrf[1],
            "token": html.unescape(token[1]),
            "answer": str(answer),
            "kind": "inquiry",
            "subject": f"压力测试留言第{self.number}号",
            "body": f"这是第{self.number}条并发提交的留言，请问公交卡如何退卡？",
            "name": "测试者",
            "phone": "13312345678",
            "public_allowed": "on",
            "website": "",
        }

    def post(self):
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(self.fields).encode(),
            # Each client its own address, so the per-address rate limit is not what is measured.
            headers={
                "X-Forwarded-For": f"10.0.{self.number // 250}.{self.number % 250 + 1}",
                "Referer": self.url,
            },
        )
        started = time.perf_counter()
        try:
            status = self.opener.open(request, timeout=120).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = "no answer"
        return status, time.perf_counter() - started


def run(args):
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-concurrency-"))
    database = Database(workdir, args.postgres)
    try:
        _run(args, workdir, database)
    finally:
        database.drop()


def _run(args, workdir, database):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(
        GONGKAI_VAR_DIR=str(workdir),
        GONGKAI_DATABASE_URL=database.url,
        GONGKAI_TRUSTED_PROXIES="1",
        GONGKAI_LOG_LEVEL="ERROR",
    )
    print(f"installation: {workdir}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "demo"], env=env, check=True, capture_output=True
    )
    agency = first_agency(database)
    base = f"http://127.0.0.1:{args.port}"
    server = gongkai(
        env,
        "runserver",
        f"127.0.0.1:{args.port}",
        "--noreload",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reindex = None
    try:
        wait_for(f"{base}/messages/{agency}/new/")
        clients = [Client(base, agency, n) for n in range(args.submissions)]
        for client in clients:
            client.fetch_form()
        time.sleep(SECONDS_A_PERSON_TAKES)
        if args.during_reindex:
            reindex = gongkai(
                env, "catalog-reindex", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        results = []
        lock = threading.Lock()
        queue = list(clients)

        def worker():
            while True:
                with lock:
                    if not queue:
                        return
                    client = queue.pop()
                outcome = client.post()
                with lock:
                    results.append(outcome)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
        if reindex is not None:
            reindex.wait()
    (stored,) = database.one(
        "SELECT COUNT(*) FROM interaction_message WHERE subject LIKE '压力测试留言%'"
    )
    latencies = sorted(seconds for _, seconds in results)
    statuses = Counter(status for status, _ in results)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"database:     {database.label}")
    print(f"submissions:  {len(results)}")
    print(f"concurrency:  {args.concurrency} clients" + (" during catalog-reindex" * bool(reindex)))
    print(f"answers:      {dict(sorted(statuses.items(), key=str))}")
    print(f"500s:         {statuses.get(500, 0)}")
    print(f"stored:       {stored}")
    print(f"latency:      p50 {statistics.median(latencies):.3f} s, p99 {p99:.3f} s")
    print(f"elapsed:      {elapsed:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--submissions", type=int, default=100)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--during-reindex", action="store_true")
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server (postgres://user@host:port)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
