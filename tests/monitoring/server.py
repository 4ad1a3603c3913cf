"""A tiny local HTTP server for the monitoring tests: routes by path, counts requests and
the greatest number of requests in progress at once per Host header."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Routes:
    def __init__(self):
        self.routes = {}  # path -> (status, body, sleep seconds, barrier or None)
        self.hits = Counter()
        self.active = defaultdict(int)
        self.max_active = defaultdict(int)
        self.lock = threading.Lock()

    def add(self, path, status=200, body=b"<html>ok</html>", sleep=0.0, barrier=None):
        self.routes[path] = (status, body, sleep, barrier)


def _handler(routes: Routes):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            host = self.headers.get("Host", "")
            with routes.lock:
                routes.hits[self.path] += 1
                routes.active[host] += 1
                routes.max_active[host] = max(routes.max_active[host], routes.active[host])
            status, body, sleep, barrier = routes.routes.get(
                self.path, (404, b"not found", 0.0, None)
            )
            try:
                if barrier is not None:
                    try:
                        barrier.wait()
                    except threading.BrokenBarrierError:
                        status = 599  # the requests did not come together
                if sleep:
                    time.sleep(sleep)
            finally:
                # Before the answer: a client that sends its next request once it has the
                # answer can never find this one still counted.
                with routes.lock:
                    routes.active[host] -= 1
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def local_server():
    """(base URL "http://127.0.0.1:PORT", Routes) of a server running in a thread."""
    routes = Routes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
