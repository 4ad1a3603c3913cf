"""A missing database file: only ``migrate`` and ``demo`` create one, the site answers 503,
``/healthz`` says what is unreachable, and commands that need no database still run."""

import json
import os
import subprocess
import sys
import textwrap
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from gongkai.catalog.search import views as search_views


def environment(var_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env["GONGKAI_VAR_DIR"] = str(var_dir)
    return env


def gongkai(var_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=environment(var_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


REQUESTS = textwrap.dedent(
    """
    import json, os
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    answers = {}
    for path in ("/", "/search/?q=公告", "/messages/agency-a/new/", "/admin/login/", "/healthz"):
        response = client.get(path)
        answers[path] = [response.status_code, response.content.decode()]
    print(json.dumps(answers))
    """
)


def test_the_site_without_its_database_file_answers_503_and_creates_nothing(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path, (status, _body) in answers.items():
        assert status == 503, (path, status)
    assert "网站暂时无法访问" in answers["/"][1]
    assert json.loads(answers["/healthz"][1])["database"] == "unavailable"
    assert not (tmp_path / "gongkai.sqlite3").exists()


def test_only_migrate_creates_the_database(tmp_path):
    database = tmp_path / "gongkai.sqlite3"
    refused = gongkai(tmp_path, "showmigrations", "wagtailcore")
    assert refused.returncode != 0
    assert "数据库文件不存在" in refused.stderr
    assert not database.exists()
    checked = gongkai(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr
    assert not database.exists()
    for pure in (["workdays", "check", "2026-10-08"], ["help"]):
        assert gongkai(tmp_path, *pure).returncode == 0
    assert not database.exists()
    migrated = gongkai(tmp_path, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    assert database.exists()
    assert gongkai(tmp_path, "showmigrations", "wagtailcore").returncode == 0


@pytest.mark.django_db
def test_healthz_answers_that_database_and_cache_are_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_cannot_be_reached(client):
    with mock.patch("gongkai.availability.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_a_view_that_cannot_reach_the_database_answers_503_not_500():
    client = Client(raise_request_exception=False)
    down = OperationalError("could not connect to server")
    with mock.patch.object(search_views, "search", side_effect=down):
        response = client.get("/search/?q=公告")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "网站暂时无法访问" in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_while_finding_the_site_is_not_a_500(client):
    """The cached-site middleware runs before any view: a database that cannot be reached
    there leaves the lookup to the view, whose failure the availability middleware turns
    into 503 (here the view's own lookup works, so the page is served)."""
    down = OperationalError("could not connect to server")
    with mock.patch("gongkai.catalog.public_cache.get_site_for_hostname", side_effect=down):
        response = client.get("/search/?q=公告")
    assert response.status_code == 200
