"""Rebuilding the published site from the database: all of it, or one agency's.

Everything is rendered into a fresh folder beside the publish root first; only when every
address has rendered are the files moved in (one atomic rename each) and the files the
rebuild did not write removed. A rendering that fails stops the rebuild before anything
in the root has changed: the previous site stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils import timezone

from gongkai.catalog.models import AgencyHomePage
from gongkai.publishing import files, fingerprint
from gongkai.publishing.paths import relative_file
from gongkai.publishing.queue import forget_before
from gongkai.publishing.render import forget_local_reads, render
from gongkai.publishing.targets import Hosts, Target, agency_targets, all_targets

Progress = Callable[[int, int, str], None]


class RebuildFailed(Exception):
    def __init__(self, target: Target, cause: BaseException):
        super().__init__(f"{target[0]}{target[1]}: {type(cause).__name__}: {cause}")
        self.target, self.cause = target, cause


@dataclass
class Rebuilt:
    written: int
    removed: int
    skipped: int


def rebuild_all(progress: Progress | None = None, root: Path | None = None) -> Rebuilt:
    """Rebuild every address; once it succeeded, the templates it rendered with are noted
    (fingerprint.py) so that the next start does not rebuild again."""
    started = timezone.now()
    templates = fingerprint.compute()
    result = _rebuild(all_targets(), scope=[PurePosixPath()], progress=progress, root=root)
    forget_before(started)
    if root is None:
        fingerprint.record(templates)
    return result


def rebuild_agency(slug: str, progress: Progress | None = None, root: Path | None = None):
    home = AgencyHomePage.objects.filter(agency__slug=slug).first()
    if home is None:
        raise LookupError(f"没有网址名为 {slug} 的机关网站 / no agency site {slug!r}")
    located = Hosts().of(home)
    scope = []
    if located is not None:
        host, path = located
        scope.append(relative_file(host, path).parent)
    return _rebuild(agency_targets(home), scope=scope, progress=progress, root=root)


def _rebuild(targets: list[Target], *, scope, progress, root) -> Rebuilt:
    """Render ``targets`` into a staging folder, then swap them in and remove the files
    under ``scope`` (folders relative to the root) that were not rendered."""
    root = files.checked_root(root)
    forget_local_reads()
    staging = files.staging_dir(root)
    built: list[PurePosixPath] = []
    skipped = 0
    try:
        for done, target in enumerate(targets, 1):
            try:
                rendered = render(*target)
            except Exception as exc:
                raise RebuildFailed(target, exc) from exc
            if rendered.publishable:
                relative = relative_file(*target, rendered.content_type)
                files.write_atomic(staging, relative, rendered.content)
                built.append(relative)
            else:
                skipped += 1
            if progress:
                progress(done, len(targets), target[0] + target[1])
        files.swap_in(staging, root, built)
    finally:
        files.discard(staging)
    keep = set(built)
    removed = 0
    for folder in scope:
        for stale in sorted(files.existing_files(root, folder) - keep):
            removed += files.remove(root, stale)
    return Rebuilt(written=len(built), removed=removed, skipped=skipped)
