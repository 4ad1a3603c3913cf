"""`make run PORT=…` tells the demo the address it is served on."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_the_served_port_to_the_demo(tmp_path):
    # A stand-in for the installed command: it says what it was asked and the base URL.
    fake = tmp_path / "gongkai"
    fake.write_text('#!/bin/sh\necho "$1 $GONGKAI_BASE_URL"\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "run", "PORT=8101", f"GONGKAI={fake}"],
        cwd=CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "demo http://127.0.0.1:8101" in result.stdout
    assert "runserver http://127.0.0.1:8101" in result.stdout


def test_demo_prints_the_back_office_on_the_base_url(settings):
    from gongkai.catalog.addresses import absolute_url

    settings.GONGKAI_BASE_URL = "http://127.0.0.1:8101"
    assert absolute_url("/admin/") == "http://127.0.0.1:8101/admin/"
    source = (CHECKOUT / "src/gongkai/demo/management/commands/demo.py").read_text()
    assert "8000" not in source
