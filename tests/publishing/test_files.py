"""Atomic writes, removal and the publish root's checks (no database)."""

import os
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from gongkai.publishing import files
from gongkai.publishing.checks import publish_root_is_a_directory


def test_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = PurePosixPath("a/b/index.html")
    files.write_atomic(tmp_path, target, b"old")
    files.write_atomic(tmp_path, target, "新内容".encode())
    assert (tmp_path / "a/b/index.html").read_text() == "新内容"
    assert os.listdir(tmp_path / "a/b") == ["index.html"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = PurePosixPath("index.html")
    files.write_atomic(tmp_path, target, b"old")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.write_atomic(tmp_path, target, b"half")
    assert (tmp_path / "index.html").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["index.html"]  # the temporary file is gone


def test_the_temporary_file_is_in_the_same_directory(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(source, destination):
        seen.append((os.path.dirname(source), os.path.dirname(destination)))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", spy)
    files.write_atomic(tmp_path, PurePosixPath("x/index.html"), b"x")
    assert seen == [(str(tmp_path / "x"), str(tmp_path / "x"))]


def test_remove_prunes_empty_folders_but_not_the_root(tmp_path):
    files.write_atomic(tmp_path, PurePosixPath("a/b/index.html"), b"x")
    assert files.remove(tmp_path, PurePosixPath("a/b/index.html"))
    assert not (tmp_path / "a").exists() and tmp_path.exists()
    assert not files.remove(tmp_path, PurePosixPath("a/b/index.html"))


def test_a_symlink_inside_the_tree_cannot_lead_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(ValueError):
        files.write_atomic(root, PurePosixPath("link/index.html"), b"x")
    assert not (outside / "index.html").exists()


def test_the_root_must_be_a_real_directory(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(ImproperlyConfigured):
        files.checked_root(link)
    with override_settings(GONGKAI_PUBLISH_ROOT=link):
        assert [e.id for e in publish_root_is_a_directory()] == ["gongkai.publishing.E001"]
    with override_settings(GONGKAI_PUBLISH_ROOT=real):
        assert publish_root_is_a_directory() == []
    assert files.checked_root(tmp_path / "new") == tmp_path / "new"


def test_a_file_with_the_same_content_is_left_as_it_was(tmp_path):
    target = PurePosixPath("a/index.html")
    assert files.write_if_changed(tmp_path, target, "列表".encode())
    path = tmp_path / "a/index.html"
    os.utime(path, (1_000_000, 1_000_000))
    assert not files.write_if_changed(tmp_path, target, "列表".encode())
    assert path.stat().st_mtime == 1_000_000  # not rewritten: nginx's Last-Modified stays
    assert files.write_if_changed(tmp_path, target, "列表二".encode())
    assert path.read_text() == "列表二" and path.stat().st_mtime > 1_000_000
    # Same length, other bytes: written.
    assert files.write_if_changed(tmp_path, target, "列表三".encode())
    assert path.read_text() == "列表三"
