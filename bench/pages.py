"""Requests per second of the public pages: nginx with a saved copy (the limit), nginx with
the published site (static publishing, when ``gongkai.publishing`` is there), and the app
uncached behind gunicorn with 2 workers, in one run on one machine.

For the portal, an agency home, an item, a catalog page by number and a search, wrk opens
50 connections for 10 s against each server and the script prints requests/s, p50/p99
latency, errors (socket errors and non-2xx answers) and the ratio to the limit. The data are
``bench/data.py``'s generated site group (its arguments apply; ``--small`` is a quick run);
the app runs with DEBUG off and the Redis cache (``GONGKAI_REDIS_URL``, default
``redis://127.0.0.1:6379/7``). With static publishing present, it also runs a full rebuild
(``publish-static --all``) while wrk reads a published item and counts the errors.

    scripts/ensure-wrk.sh; scripts/ensure-nginx.sh      # Debian's wrk and nginx
    PYTHONPATH=src .venv/bin/python bench/pages.py --small --search --keep
    PYTHONPATH=src .venv/bin/python bench/pages.py --reuse --keep    # 10^6 items, kept data

gunicorn is the ``serve`` extra (``pip install .[serve]``). Not part of the test suite; it
asserts nothing. Print the load average with the figures: other work on the machine
lowers every row, the limit included.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
from data import add_arguments, finish, prepare  # noqa: E402  (bench/data.py)

CHECKOUT = Path(__file__).resolve().parents[1]
NGINX_CONF = """daemon off; worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  types {{ text/html html; application/atom+xml atom; application/json json; }}
  # As deploy/nginx/gongkai.conf: a file for no query or page=2..10, the app for the rest.
  map "$request_method|$args" $gongkai_index {{
    "~^(GET|HEAD)\\|(page=1)?$" "index";
    "~^(GET|HEAD)\\|page=(?<n>[2-9]|10)$" "index.page-$n";
    default ".app";
  }}
  server {{
    listen 127.0.0.1:{port}; root {root}; charset utf-8;
    location / {{ try_files $uri$gongkai_index.html @app; }}
    location /search/ {{ proxy_pass http://127.0.0.1:{app_port}; proxy_set_header Host $host; }}
    location @app {{ proxy_pass http://127.0.0.1:{app_port}; proxy_set_header Host $host; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(
        # The inspection's probe waits 15 s for a page; so does wrk here.
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "15s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Requests/sec:" not in out or " 0 requests in" in out:
        print(f"wrk {url}: no answer\n{out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


def pick_urls() -> dict:
    from gongkai.catalog.models import AgencyHomePage, InfoItem, live_items

    home = AgencyHomePage.objects.filter(agency__slug__startswith="bench-").order_by("pk").first()
    item = live_items().filter(agency=home.agency).order_by("-listed_at", "-pk").first()
    pages = max(1, InfoItem.objects.filter(agency=home.agency).count() // 20)
    return {
        "portal": "/",
        "agency home": home.url,
        "item": item.url,
        "catalog page": f"{home.url}catalog/?page={max(1, pages // 2)}",
        "search": "/search/?q=" + quote("安全生产"),
    }


def save_copy(url: str, root: Path) -> None:
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    target = root / url.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)


def warm(port: int, paths, seconds: float = 120) -> None:
    """Ask every page once (both workers up, caches filled); each must answer 200."""
    deadline = time.monotonic() + seconds
    for path in paths:
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                    response.read()
                break
            except HTTPError as error:
                raise SystemExit(f"{path}: {error.code}") from error
            except (URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def start_app(env: dict, port: int, tmp: Path) -> subprocess.Popen:
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    command.append("gongkai.wsgi:application")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=CHECKOUT)
    wait_for(port)
    return process


def start_nginx(root: Path, app_port: int, tmp: Path, name: str) -> tuple:
    port = free_port()
    prefix = tmp / f"nginx-{name}"
    prefix.mkdir(exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(tmp=prefix, port=port, root=root, app_port=app_port), encoding="utf-8"
    )
    # nginx's workers run as an unprivileged user: they must read the files.
    subprocess.run(["chmod", "-R", "a+rX", str(tmp)], check=True)
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix)])
    wait_for(port)
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def published(env: dict, root: Path) -> float | None:
    """A full static rebuild into ``root``; its seconds, or None without static publishing."""
    try:
        import gongkai.publishing  # noqa: F401
    except ImportError:
        return None
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "publish-static", "--all"],
        env={**env, "GONGKAI_PUBLISH_ROOT": str(root)},
        check=True,
        cwd=CHECKOUT,
    )
    return time.perf_counter() - started


def report(rows: list, limit: float) -> None:
    print(
        f"{'server':<24}{'page':<14}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'×limit':>9}"
    )
    for server, page, r in rows:
        ratio = r["rps"] / limit if limit else 0
        print(
            f"{server:<24}{page:<14}{r['rps']:>10.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8}{ratio:>9.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--app-only",
        action="store_true",
        help="the saved copy (the limit) and the app only: no static publishing rows",
    )
    parser.add_argument(
        "--baseline",
        metavar="COMMIT",
        help="also measure the app of this commit (e.g. the one before issue 20) on the same data",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: scripts/ensure-{tool}.sh")
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-pages-"))
    # Before Django reads its settings: this process publishes items for the worker too.
    os.environ["GONGKAI_PUBLISH_ROOT"] = str(tmp / "publish")
    (tmp / "publish").mkdir()
    url = prepare(args)
    env = {
        **os.environ,
        "GONGKAI_DATABASE_URL": url,
        "GONGKAI_DEBUG": "0",
        "GONGKAI_REDIS_URL": os.environ.get("GONGKAI_REDIS_URL", "redis://127.0.0.1:6379/7"),
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    urls = pick_urls()
    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} cores")
    try:
        measure(args, env, urls, tmp)
    finally:
        shutil.rmtree(tmp)
    print(f"load average after: {os.getloadavg()}")
    finish(args)


def measure(args, env: dict, urls: dict, tmp: Path) -> None:
    app_port = free_port()
    app = start_app(env, app_port, tmp)
    processes = [app]
    warm(app_port, [*urls.values(), *urls.values()])
    rows = []
    try:
        copy_root = tmp / "copy"
        save_copy(urls["item"], copy_root)
        nginx, port = start_nginx(copy_root, app_port, tmp, "copy")
        processes.append(nginx)
        limit = wrk(f"http://127.0.0.1:{port}{urls['item']}", args.connections, args.seconds)
        rows.append(("nginx, saved copy", "item", limit))
        publish_root = tmp / "publish"
        seconds = None if args.app_only else published(env, publish_root)
        if seconds is None:
            print("static publishing not measured (--app-only, or not on this branch)")
        else:
            print(f"full static rebuild: {seconds:.1f} s")
            nginx, port = start_nginx(publish_root, app_port, tmp, "publish")
            processes.append(nginx)
            for page, path in urls.items():
                rows.append(("nginx, published", page, wrk_url(port, path, args)))
            rebuild_under_load(args, env, port, urls["item"], publish_root)
            worker = subprocess.Popen(
                [sys.executable, "-m", "gongkai.cli", "worker"],
                env={**env, "GONGKAI_PUBLISH_ROOT": str(publish_root)},
                cwd=CHECKOUT,
            )
            processes.append(worker)
            publish_to_visible(args, port, urls["item"])
        for page, path in urls.items():
            rows.append(("app, gunicorn -w 2", page, wrk_url(app_port, path, args)))
        if args.baseline:
            stop(app)
            processes.remove(app)
            rows += baseline_rows(args, env, urls, tmp)
    finally:
        for process in reversed(processes):
            stop(process)
    report(rows, limit["rps"])
    log = (tmp / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
    if "Traceback" in log or "Error" in log:
        print("gunicorn's log:\n" + log[-3000:])


def baseline_rows(args, env: dict, urls: dict, tmp: Path) -> list:
    """The app of ``args.baseline`` (its ``src/`` exported with git) on the same database."""
    source = tmp / "baseline"
    source.mkdir()
    archive = subprocess.run(
        ["git", "archive", args.baseline, "src"], cwd=CHECKOUT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    paths = [str(source / "src"), *os.environ.get("PYTHONPATH", "").split(os.pathsep)[1:]]
    old_env = {**env, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
    port = free_port()
    app = start_app(old_env, port, tmp)
    rows = []
    try:
        warm(port, [*urls.values(), *urls.values()])
        for page, path in urls.items():
            rows.append((f"app @{args.baseline[:8]}", page, wrk_url(port, path, args)))
    finally:
        stop(app)
    return rows


def wrk_url(port: int, path: str, args) -> dict:
    # Connections wrk left in the listen queue are answered before the next run starts.
    warm(port, [path])
    return wrk(f"http://127.0.0.1:{port}{path}", args.connections, args.seconds)


def publish_to_visible(args, port: int, load_path: str, count: int = 5) -> None:
    """Publish ``count`` new items (Wagtail's publish, as the back office does) while wrk
    reads a published item; each delay runs until nginx serves the new item's page."""
    from django.utils import timezone

    from gongkai.catalog.models import ColumnPage, InfoItem

    column = ColumnPage.objects.filter(agency__slug="bench-0001", slug="work-news").first()
    load = subprocess.Popen(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{count * 6}s", "--timeout", "15s"]
        + [f"http://127.0.0.1:{port}{load_path}"],
        stdout=subprocess.PIPE,
        text=True,
    )
    delays = []
    for n in range(count):
        item = InfoItem(
            title=f"基准测试新发布信息{n}{time.time_ns()}", generated_on=timezone.localdate()
        )
        column.add_child(instance=item)
        started = time.perf_counter()
        item.save_revision().publish()
        url = f"http://127.0.0.1:{port}{item.url}"
        while time.perf_counter() - started < 60:
            try:
                with urlopen(url, timeout=15) as response:
                    if b"\xe5\x9f\xba\xe5\x87\x86" in response.read():  # 基准, the new title
                        break
            except (HTTPError, URLError, OSError):
                pass
            time.sleep(0.05)
        delays.append(time.perf_counter() - started)
        column.refresh_from_db()
    load.communicate()
    delays.sort()
    print(
        f"publish-to-visible (worker, GONGKAI_JOBS_POLL_SECONDS): {len(delays)} items, "
        f"min {delays[0]:.1f} s, median {delays[len(delays) // 2]:.1f} s, max {delays[-1]:.1f} s"
    )


def rebuild_under_load(args, env: dict, port: int, path: str, root: Path) -> None:
    """wrk on a published item while ``publish-static --all`` rebuilds the whole site."""
    load = subprocess.Popen(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    published(env, root)
    out = load.communicate()[0]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    requests = re.search(r"(\d+) requests in", out).group(1)
    print(
        f"during a full rebuild: {requests} requests, "
        f"non-2xx {non2xx.group(1) if non2xx else 0}, "
        f"socket errors {socket_errors.group(1) if socket_errors else 'none'}"
    )


if __name__ == "__main__":
    main()
