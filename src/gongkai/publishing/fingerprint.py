"""Whether the published files were rendered by the templates installed now.

A published file is a rendering: a new release (templates, template tags, the static files'
hashed names in production) may change every file without any page changing. The
fingerprint sums up what renders them: the content of every template the template engines
can load (the project's and every installed app's, Wagtail's and Django's included), the
static manifest (``staticfiles.json``, whose hashed names the pages link), and the versions
of gongkai, Django and Wagtail (the Python code of template tags and views ships with
them). It is stored with the publish state after each full rebuild; the worker
(``jobs.worker.worker_started``) and ``publish-static`` compare it when they start and, when
it differs, queue a full rebuild: a template may be on every page, so "what it affects" is
taken to be everything.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import timezone

from gongkai.jobs.queue import enqueue
from gongkai.publishing.models import PublishState

REBUILD_JOB = "publishing.rebuild_all"
REBUILD_KEY = "publishing:rebuild_all"
STATE_KEY = "site"


def template_dirs() -> list[Path]:
    found = []
    for engine in engines.all():
        for folder in getattr(engine, "template_dirs", ()):
            path = Path(folder)
            if path.is_dir() and path not in found:
                found.append(path)
    return found


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def static_manifest() -> Path:
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


def compute() -> str:
    """The fingerprint of what renders the published files now (hex SHA-256)."""
    digest = hashlib.sha256()
    for name in ("gongkai", "django", "wagtail"):
        digest.update(f"{name}={_version(name)}\n".encode())
    for number, folder in enumerate(template_dirs()):
        # Where the folder is installed does not change a rendering; its order does.
        digest.update(f"folder {number}\n".encode())
        entries = []
        for current, dirs, names in os.walk(folder):
            dirs.sort()
            entries += [Path(current, name) for name in names]
        for path in sorted(entries):
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    manifest = static_manifest()
    if manifest.is_file():
        digest.update(b"manifest\n" + hashlib.sha256(manifest.read_bytes()).digest())
    return digest.hexdigest()


def stored() -> str:
    state = PublishState.objects.filter(key=STATE_KEY).first()
    return state.fingerprint if state else ""


def record(fingerprint: str) -> None:
    """Note that the published site was rebuilt whole with ``fingerprint``'s templates."""
    PublishState.objects.update_or_create(
        key=STATE_KEY, defaults={"fingerprint": fingerprint, "rebuilt_at": timezone.now()}
    )


def changed() -> bool:
    return compute() != stored()


def queue_rebuild_if_changed() -> bool:
    """Queue a full rebuild when the templates are not those of the last one; True if so."""
    if not changed():
        return False
    enqueue(REBUILD_JOB, unique_key=REBUILD_KEY)
    return True
