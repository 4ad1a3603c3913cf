"""`make run` starts the worker beside the server and stops it when the server stops."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]

# A stand-in for the installed command. The worker writes its pid, then waits for SIGTERM
# and says it got it; the server waits until the worker is up, then exits as if stopped.
FAKE = """#!/bin/sh
case "$1" in
  worker)
    trap 'echo stopped > "{dir}/worker.stopped"; exit 0' TERM
    echo $$ > "{dir}/worker.pid"
    while :; do sleep 0.05; done ;;
  runserver)
    for i in $(seq 100); do [ -f "{dir}/worker.pid" ] && break; sleep 0.05; done
    echo "runserver $2" ;;
  *) echo "$1" ;;
esac
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_the_worker_and_stops_it_with_the_server(tmp_path):
    fake = tmp_path / "gongkai"
    fake.write_text(FAKE.format(dir=tmp_path))
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "run", "PORT=8102", f"GONGKAI={fake}"],
        cwd=CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["demo", "runserver 127.0.0.1:8102"]
    assert (tmp_path / "worker.pid").exists()
    deadline = time.monotonic() + 10
    while not (tmp_path / "worker.stopped").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "worker.stopped").read_text() == "stopped\n"
