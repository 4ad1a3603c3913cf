"""Writing and removing published files so that a reader never sees half of one.

Each file is written under a temporary name in its own directory and renamed over the old
one (``os.replace``, atomic on one file system). A full rebuild writes a whole tree beside
the root first (:func:`staging_dir`) and then moves its files in one by one; the root
itself stays the directory nginx serves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.core.exceptions import ImproperlyConfigured

from gongkai.publishing.paths import publish_root

TEMP_PREFIX = ".tmp-"


def checked_root(root: Path | None = None) -> Path:
    """The publish root, created if missing; refused when it is a symlink or not a folder."""
    root = Path(root or publish_root())
    if root.is_symlink():
        raise ImproperlyConfigured(
            f"GONGKAI_PUBLISH_ROOT={root} 是符号链接 / is a symlink: give the real directory"
        )
    if root.exists() and not root.is_dir():
        raise ImproperlyConfigured(f"GONGKAI_PUBLISH_ROOT={root} 不是目录 / is not a directory")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _inside(root: Path, relative: PurePosixPath) -> Path:
    target = root.joinpath(*relative.parts)
    # Refuse to follow a symlink planted inside the tree out of it.
    if not target.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{relative} leaves the publish root")
    return target


def write_atomic(root: Path, relative: PurePosixPath, content: bytes) -> Path:
    """Write ``content`` at ``relative`` under ``root``: temporary name, then rename."""
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_if_changed(root: Path, relative: PurePosixPath, content: bytes) -> bool:
    """Write ``content`` unless the file holds it already; True when it was written.

    A listing's further pages or the sitemap often render the same bytes again; leaving
    them keeps their modification time (nginx's Last-Modified and ETag) and a disk write."""
    target = _inside(root, relative)
    try:
        if target.stat().st_size == len(content) and target.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    write_atomic(root, relative, content)
    return True


def remove(root: Path, relative: PurePosixPath) -> bool:
    """Delete the file and the folders it leaves empty; True when there was one."""
    target = _inside(root, relative)
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    _prune_empty(target.parent, root)
    return True


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone)
            return
        folder = folder.parent


def existing_files(root: Path, under: PurePosixPath | None = None) -> set[PurePosixPath]:
    """Every published file under ``under`` (relative to ``root``), temporary ones aside."""
    start = root.joinpath(*under.parts) if under else root
    found = set()
    for folder, _dirs, names in os.walk(start):
        for name in names:
            if not name.startswith(TEMP_PREFIX):
                found.add(PurePosixPath(Path(folder, name).relative_to(root).as_posix()))
    return found


def staging_dir(root: Path) -> Path:
    """A fresh folder beside the root (same file system, so renames stay atomic)."""
    return Path(tempfile.mkdtemp(prefix=f".{root.name}.building-", dir=root.parent))


def swap_in(staging: Path, root: Path, files: Iterable[PurePosixPath]) -> None:
    """Move each built file over its published one, atomically per file."""
    for relative in files:
        source = staging.joinpath(*relative.parts)
        target = _inside(root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
