"""Debian's nginx with the shipped configuration in front of a live test server.

Marked ``browser``: it runs a live server on a transactional database, after the tests that
share the session's site group (tests/conftest.py), and outside the PostgreSQL run. It is
skipped only when nginx is missing and scripts/ensure-nginx.sh cannot install it.
"""

import http.client
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings

from tests.browser.conftest import site_group  # noqa: F401 - the site group, rebuilt if flushed

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
POLICY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
)


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    installed = subprocess.run([ROOT / "scripts/ensure-nginx.sh"], capture_output=True, text=True)
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        pytest.skip(
            "nginx is not installed and scripts/ensure-nginx.sh could not install it: "
            + (installed.stderr.strip() or f"exit {installed.returncode}")
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def wait_for(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


def same_policy(value: str) -> str:
    """The policy without its nonce source: the app names one only on a page that uses it,
    the published files always carry one (fresh per response), which allows nothing more."""
    return re.sub(r" 'nonce-[^']+'", "", value)


@pytest.fixture
def nginx_site(tmp_path, transactional_db):
    from pytest_django.live_server_helper import LiveServer

    from gongkai.publishing.build import rebuild_all
    from gongkai.publishing.nginx_config import Options, write_all

    binary = nginx_binary()
    publish = tmp_path / "publish"
    app = LiveServer("127.0.0.1:0")
    port = free_port()
    with override_settings(GONGKAI_PUBLISH_ROOT=publish):
        rebuild_all()
        write_all(
            Options(
                output=tmp_path / "conf",
                upstream=f"127.0.0.1:{app.thread.port}",
                listen=f"127.0.0.1:{port}",
                root=publish,
            )
        )
    (tmp_path / "logs").mkdir()
    user = "user root;\n" if Path("/proc/self").owner() == "root" else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/logs/error.log;\nevents {{ worker_connections 128; }}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"  uwsgi_temp_path {tmp_path}/uwsgi;\n  scgi_temp_path {tmp_path}/scgi;\n"
        f"  include {tmp_path}/conf/gongkai.conf;\n}}\n"
    )
    command = [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        wait_for(port)
        yield port, app
    finally:
        # nginx first: its kept-alive connections to the app close while the app's request
        # threads may still use the shared test database connection.
        server.terminate()
        server.wait(timeout=10)
        time.sleep(0.3)
        if app.thread.is_alive():
            app.thread.terminate()
        for connection in app.thread.connections_override.values():
            connection.dec_thread_sharing()


def test_nginx_serves_published_files_and_passes_the_rest_to_the_app(nginx_site):
    port, app = nginx_site
    home, html = get(port, "/agency-a/")
    assert home.status == 200 and home.getheader("X-Gongkai-Published") == "file"
    assert "甲市交通运输局" in html.decode() and "csrfmiddlewaretoken" not in html.decode()
    feed, _ = get(port, "/agency-a/feed/")
    assert feed.getheader("X-Gongkai-Published") == "file"
    assert feed.getheader("Content-Type").startswith("application/atom+xml")
    api, body = get(port, "/api/v1/")
    assert api.getheader("Content-Type").startswith("application/json")
    assert api.getheader("X-Gongkai-Published") == "file"
    sitemap, _ = get(port, "/sitemap.xml")
    assert sitemap.status == 200 and sitemap.getheader("X-Gongkai-Published") == "file"

    # Search, filtered catalog queries, the English version: the app answers.
    for path in ("/search/?q=%E4%BC%9A%E8%AE%AE", "/agency-a/catalog/?year=2020", "/en/agency-a/"):
        response, body = get(port, path)
        assert response.status == 200, path
        assert response.getheader("X-Gongkai-Published") is None, path
    assert '<html lang="en">' in get(port, "/en/agency-a/")[1].decode()

    # The same security headers as the app's own rendering of the page, CSP included.
    direct = http.client.HTTPConnection("127.0.0.1", app.thread.port, timeout=15)
    direct.request("GET", "/agency-a/", headers={"Host": "127.0.0.1"})
    from_app = direct.getresponse()
    from_app.read()
    for name in POLICY_HEADERS:
        assert from_app.getheader(name), name
        assert same_policy(home.getheader(name) or "") == same_policy(from_app.getheader(name))
    # A fresh nonce per response, not the placeholder nor nginx's variable name.
    nonces = {
        re.search(r"'nonce-([^']+)'", get(port, "/")[0].getheader("Content-Security-Policy"))[1]
        for _ in range(2)
    }
    assert len(nonces) == 2 and not any("$" in n or "gongkai" in n for n in nonces)

    # With the app stopped, the published pages still answer; the dynamic ones cannot.
    app.thread.terminate()
    still, body = get(port, "/agency-a/")
    assert still.status == 200 and "甲市交通运输局" in body.decode()
    assert get(port, "/")[0].status == 200
    assert get(port, "/search/?q=%E4%BC%9A%E8%AE%AE")[0].status == 502
