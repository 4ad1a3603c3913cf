"""``report-check`` as the lead's management command and ``python -m`` will call it."""

import argparse
import io
import json

from gongkai.reportcheck import cli
from gongkai.rules.formats import load_format

from .fixtures import blocks, complete_cells, render


def write_report(tmp_path, name="ok.html", layout="html", mutate=None):
    fmt = load_format("gb2021")
    cells = complete_cells(fmt)
    if mutate:
        mutate(cells)
    _, data = render(layout, blocks(fmt, cells, 2023))
    path = tmp_path / name
    path.write_bytes(data)
    return path


def call(paths, as_json=False):
    out, err = io.StringIO(), io.StringIO()
    status = cli.run([str(p) for p in paths], as_json, out, err)
    return status, out.getvalue(), err.getvalue()


def test_arguments_are_argparse_style():
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["a.txt", "dir", "--json"])
    assert args.paths == ["a.txt", "dir"] and args.json is True


def test_clean_report_exits_zero_and_prints_format_and_year(tmp_path):
    status, out, err = call([write_report(tmp_path)])
    assert status == 0
    assert "gb2021" in out and "2023" in out and "未发现问题" in out
    assert err == ""


def test_errors_exit_one_and_json_has_the_documented_shape(tmp_path):
    def break_total(cells):
        cells["t4.count.review_total"] += 1

    path = write_report(tmp_path, "bad.docx", "docx", break_total)
    status, out, _ = call([path], as_json=True)
    assert status == 1
    doc = json.loads(out)
    (report,) = doc["reports"]
    assert {"path", "format", "year", "agency", "cells", "findings"} <= set(report)
    assert report["format"] == "gb2021" and report["year"] == 2023
    assert len(report["cells"]) == 200
    (finding,) = report["findings"]
    assert finding["rule"] == "T4_REVIEW_TOTAL" and finding["severity"] == "error"
    assert {"rule", "severity", "message", "evidence"} <= set(finding)


def test_missing_path_exits_two(tmp_path):
    status, _, err = call([write_report(tmp_path), tmp_path / "nope.pdf"])
    assert status == 2
    assert "nope.pdf" in err


def test_unreadable_file_is_a_finding_and_nothing_readable_exits_two(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    status, out, _ = call([broken], as_json=True)
    assert status == 2
    (report,) = json.loads(out)["reports"]
    assert [f["rule"] for f in report["findings"]] == ["RC_UNREADABLE"]
    # With one readable report beside it, the unreadable file is an error: exit 1.
    status, out, _ = call([broken, write_report(tmp_path)])
    assert status == 1


def test_folders_are_walked_recursively_with_a_progress_bar(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    for i, layout in enumerate(["html", "docx", "pipe", "blank", "cells"]):
        write_report(
            sub if i % 2 else tmp_path,
            f"r{i}.{'docx' if layout == 'docx' else 'txt' if layout != 'html' else 'html'}",
            layout,
        )
    (tmp_path / "notes.md").write_text("not a report", encoding="utf-8")
    status, out, err = call([tmp_path], as_json=True)
    assert status == 0
    assert len(json.loads(out)["reports"]) == 5
    assert "5/5" in err and "[" in err


def test_main_parses_argv(tmp_path, capsys):
    assert cli.main([str(write_report(tmp_path)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["format"] == "gb2021"
