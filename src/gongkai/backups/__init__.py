"""``gongkai backup DIR`` and ``gongkai restore DIR``: a consistent snapshot of the database,
the media files and the private files, with a manifest of SHA-256 checksums.

The database is copied by SQLite's online backup API (readers and writers carry on) or by
``pg_dump --format=custom`` (one consistent transaction); the files are copied after it, so
every file a row of the snapshot names is there. A restore goes into an empty installation
only, and checks every checksum first.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection as default_connection

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILE_TREES = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def _is_sqlite(database: dict) -> bool:
    return database["ENGINE"] in ("gongkai.sqlite3", "django.db.backends.sqlite3")


def _pg_env(database: dict) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    args = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    return args, env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"找不到 {command[0]}：请运行 scripts/ensure-pg-client.sh / {command[0]} is missing: "
            "run scripts/ensure-pg-client.sh"
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(target: Path, *, connection=None) -> dict:
    """Write the snapshot into ``target`` (new or empty) and return its manifest."""

    connection = connection or default_connection
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录不是空的 / the backup directory is not empty: {target}")
    target.mkdir(parents=True, exist_ok=True)
    database = connection.settings_dict
    if _is_sqlite(database):
        database_file = SQLITE_FILE
        connection.ensure_connection()
        destination = sqlite3.connect(target / database_file)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif database["ENGINE"] == "django.db.backends.postgresql":
        database_file = PG_FILE
        args, env = _pg_env(database)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target / database_file),
            ],
            env,
        )
    else:
        raise BackupError(f"unsupported database engine {database['ENGINE']}")
    for name, setting in FILE_TREES.items():
        source = Path(getattr(settings, setting))
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=False)
    files = {
        str(path.relative_to(target)): sha256_of(path)
        for path in _files_under(target)
        if path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": "sqlite" if _is_sqlite(database) else "postgresql",
        "database": database_file,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _sqlite_tables(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    finally:
        db.close()


def verify(source: Path) -> dict:
    """The manifest of the backup in ``source`` once every file's checksum matches."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"没有可读的备份清单 / no readable manifest in {source}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    present = {str(p.relative_to(source)) for p in _files_under(source)} - {MANIFEST}
    if present != set(manifest["files"]):
        raise BackupError("备份中的文件与清单不符 / files differ from the manifest")
    for name, expected in manifest["files"].items():
        if sha256_of(source / name) != expected:
            raise BackupError(f"校验和不符 / checksum mismatch: {name}")
    return manifest


def restore(source: Path, *, connection=None) -> dict:
    """Restore the backup in ``source`` into this installation, which must be empty."""

    connection = connection or default_connection
    source = Path(source)
    manifest = verify(source)
    database = connection.settings_dict
    for setting in FILE_TREES.values():
        root = Path(getattr(settings, setting))
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(f"目标安装不是空的 / the installation is not empty: {root}")
    if _is_sqlite(database):
        if manifest["engine"] != "sqlite":
            raise BackupError("这是 PostgreSQL 的备份 / this is a PostgreSQL backup")
        path = Path(database["NAME"])
        if path.exists() and _sqlite_tables(path):
            raise BackupError(f"目标数据库不是空的 / the database is not empty: {path}")
        connection.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        snapshot = sqlite3.connect(source / manifest["database"])
        destination = sqlite3.connect(path)
        try:
            snapshot.backup(destination)
        finally:
            destination.close()
            snapshot.close()
    else:
        if manifest["engine"] != "postgresql":
            raise BackupError("这是 SQLite 的备份 / this is a SQLite backup")
        if connection.introspection.table_names():
            raise BackupError("目标数据库不是空的 / the target database is not empty")
        connection.close()
        args, env = _pg_env(database)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *args,
                str(source / manifest["database"]),
            ],
            env,
        )
    for name, setting in FILE_TREES.items():
        if (source / name).is_dir():
            shutil.copytree(source / name, Path(getattr(settings, setting)), dirs_exist_ok=True)
    return manifest
