"""``gongkai backup`` then ``gongkai restore`` into an empty installation gives the same
site: pages and their tree, the search index and its answers, cases, stored files. Runs on
the database the suite runs on (SQLite, or PostgreSQL with GONGKAI_DATABASE_URL)."""

import hashlib
import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from gongkai.backups import MANIFEST, BackupError, verify

pytestmark = pytest.mark.django_db


def installation_env(var_dir, database_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_VAR_DIR=str(var_dir))
    if database_url:
        env["GONGKAI_DATABASE_URL"] = database_url
    return env


def new_installation(tmp_path, name):
    """The environment of a new installation: a SQLite file not yet there, or, when the
    suite runs on PostgreSQL, a new database ``h6_<name>_*`` on its server."""
    var_dir = tmp_path / name
    if connection.vendor == "sqlite":
        return installation_env(var_dir), None
    import psycopg

    settings = connection.settings_dict
    database = f"h6_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{_server()['port']}/{database}"
    return installation_env(var_dir, url), database


def _server():
    settings = connection.settings_dict
    return {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}


@pytest.fixture
def installations(tmp_path):
    created = []

    def make(name):
        env, database = new_installation(tmp_path, name)
        created.append(database)
        return env

    yield make
    import contextlib

    for database in filter(None, created):
        import psycopg

        with (
            contextlib.suppress(psycopg.Error),
            psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin,
        ):
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


BUILD = """
import django, pathlib
django.setup()
from django.conf import settings
from tests.sitegroup import build_site_group
build_site_group()
for root, name, body in ((settings.MEDIA_ROOT, "documents/通知.pdf", b"%PDF public"),
        (settings.PRIVATE_MEDIA_ROOT, "applications/replies/答复.pdf", b"%PDF released")):
    path = pathlib.Path(root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
"""


def test_a_restored_installation_is_the_same_site(tmp_path, installations):
    original, restored = installations("original"), installations("restored")
    run(original, "-m", "gongkai.cli", "migrate", "--verbosity", "0")
    run(original, "-c", BUILD)
    run(original, "-m", "gongkai.cli", "backup", str(tmp_path / "backup"))
    manifest = verify(tmp_path / "backup")
    assert set(manifest["files"]) >= {
        "media/documents/通知.pdf",
        "private/applications/replies/答复.pdf",
    }
    run(restored, "-m", "gongkai.cli", "restore", str(tmp_path / "backup"))
    before = json.loads(run(original, "-m", "tests.reliability.site_fingerprint"))
    after = json.loads(run(restored, "-m", "tests.reliability.site_fingerprint"))
    assert before["pages"] and not any(before["tree_problems"])
    assert before["search_entries"] and before["applications"] is not None
    assert after == before
    # A second restore over it is refused: restoring goes into an empty installation only.
    again = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "restore", str(tmp_path / "backup")],
        env=restored,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0


def test_a_tampered_backup_is_refused(tmp_path):
    backup_dir = tmp_path / "backup"
    (backup_dir / "media").mkdir(parents=True)
    (backup_dir / "media" / "a.pdf").write_bytes(b"%PDF")
    (backup_dir / MANIFEST).write_text(
        json.dumps(
            {
                "format": 1,
                "database": "media/a.pdf",
                "files": {"media/a.pdf": hashlib.sha256(b"%PDF").hexdigest()},
            }
        )
    )
    assert verify(backup_dir)["files"]
    (backup_dir / "media" / "a.pdf").write_bytes(b"%PDF changed")
    with pytest.raises(BackupError, match="checksum"):
        verify(backup_dir)
    (backup_dir / "media" / "extra.pdf").write_bytes(b"x")
    with pytest.raises(BackupError):
        verify(backup_dir)
