"""``gongkai privacy-scan``: output lines, JSON, exit status, never a clear value."""

import argparse
import io
import json
import os

import pytest

from gongkai.privacy.cli import EXIT_CLEAN, EXIT_FOUND, EXIT_UNREADABLE, add_arguments, run

from .builders import ID, build_xlsx


def scan(paths, as_json=False, **kwargs):
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run([str(p) for p in paths], as_json, stdout, stderr, **kwargs)
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "clean.txt").write_text(
        "索引号：000014349/2017-00110\n邮编 332800\n", encoding="utf-8"
    )
    nested = tmp_path / "附件" / "2020"
    nested.mkdir(parents=True)
    (nested / "补贴.xlsx").write_bytes(build_xlsx())
    (nested / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not a document: passed over
    hidden = tmp_path / ".git"
    hidden.mkdir()
    (hidden / "leak.txt").write_text(f"身份证 {ID}", encoding="utf-8")
    return tmp_path


def test_clean_file_exits_0(folder):
    status, out, err = scan([folder / "clean.txt"])
    assert status == EXIT_CLEAN
    assert out == ""
    assert "1 files scanned, 0 findings" in err


def test_folder_is_scanned_recursively_with_one_line_per_finding(folder):
    status, out, err = scan([folder])
    assert status == EXIT_FOUND
    lines = out.splitlines()
    xlsx = folder / "附件" / "2020" / "补贴.xlsx"
    assert f"{xlsx}:sheet 明细 (hidden) B2: id_card 1101**********002X" in lines
    assert f"{xlsx}:sheet 备份 (very hidden) Z200: address **************" in lines
    assert len(lines) == 11
    assert ".git" not in out  # hidden folders are tool state
    assert "2 files scanned" in err


def test_output_never_contains_a_clear_value(folder):
    for as_json in (False, True):
        _, out, err = scan([folder], as_json=as_json)
        for secret in (ID, "13812345678", "13907923333", "6222 0212 3456 7890 128", "湖滨路"):
            assert secret not in out
            assert secret not in err


def test_json_document(folder):
    status, out, _ = scan([folder], as_json=True)
    assert status == EXIT_FOUND
    document = json.loads(out)
    assert document["files_scanned"] == 2
    assert document["min_confidence"] == "medium"
    assert document["errors"] == []
    first = document["findings"][0]
    assert set(first) == {
        "path",
        "kind",
        "location",
        "start",
        "end",
        "masked",
        "confidence",
        "reason",
    }


def test_missing_path_exits_2(tmp_path):
    status, out, err = scan([tmp_path / "nope.pdf"])
    assert status == EXIT_UNREADABLE
    assert out == ""
    assert "路径不存在" in err and "no such file" in err


def test_unsupported_kind_is_reported_per_file_and_exits_2(tmp_path):
    (tmp_path / "名单.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "ok.txt").write_text("无", encoding="utf-8")
    status, _, err = scan([tmp_path])
    assert status == EXIT_UNREADABLE
    assert "名单.xls: 不支持的文件类型 .xls" in err
    assert "unsupported file type .xls" in err


def test_findings_win_over_unreadable_files(folder):
    (folder / "broken.docx").write_bytes(b"not a zip")
    status, _, err = scan([folder])
    assert status == EXIT_FOUND
    assert "broken.docx" in err


def test_min_confidence_and_allow(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_text("咨询电话：0792-8881234\n", encoding="utf-8")
    assert scan([path])[0] == EXIT_CLEAN
    status, out, _ = scan([path], min_confidence="low")
    assert status == EXIT_FOUND
    assert out.strip().endswith("landline 0792-***1234")
    assert scan([path], min_confidence="low", allow=["0792-8881234"])[0] == EXIT_CLEAN


def test_add_arguments_defines_the_command_line():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    options = parser.parse_args(
        ["a.pdf", "dir", "--json", "--allow", "0792-8881234", "--allow", "x@y.cn"]
    )
    assert options.paths == ["a.pdf", "dir"]
    assert options.json is True
    assert options.min_confidence == "medium"
    assert options.allow == ["0792-8881234", "x@y.cn"]
    with pytest.raises(SystemExit):
        parser.parse_args([])


def test_fifo_and_device_links_are_refused_with_one_line_each(tmp_path):
    # Issue 15: a FIFO named *.txt hung the scan; a link to /dev/zero ended in a traceback.
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    status, out, err = scan([tmp_path])
    assert (status, out) == (EXIT_UNREADABLE, "")
    lines = err.splitlines()
    assert sum("not a regular file" in line and "不是普通文件" in line for line in lines) == 2
    assert "Traceback" not in err


def test_a_zip_bomb_is_too_large_not_a_finding(tmp_path):
    from tests.extract.crafted import docx_zip_bomb

    (tmp_path / "bomb.docx").write_bytes(docx_zip_bomb(8))
    status, out, err = scan([tmp_path])
    assert (status, out) == (EXIT_UNREADABLE, "")
    assert "文件过大" in err and "too large" in err
