"""Each reading limit, tried with a file crafted to cross it, and both sides of it."""

import dataclasses
import os
import time
from pathlib import Path

import pytest

from gongkai import extract
from gongkai.extract import Limits, TooLargeError, UnreadableError
from gongkai.extract.package import safe_xml

from . import crafted


def _reason(caught) -> str:
    text = str(caught.value)
    assert "\n" not in text
    assert "无法读取" in text and "cannot read" in text
    return text


def test_file_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("0123456789" * 10)
    assert extract.read_path(path, Limits(max_file_bytes=100)).blocks
    with pytest.raises(TooLargeError) as caught:
        extract.read_path(path, Limits(max_file_bytes=99))
    assert "过大" in _reason(caught) and "too large" in str(caught.value)
    with pytest.raises(TooLargeError):
        extract.read_bytes(path.read_bytes(), "big.txt", Limits(max_file_bytes=99))


def test_package_parts_are_counted_from_the_directory():
    data = crafted.docx_with_many_parts(50)
    assert extract.read_bytes(data, "a.docx", Limits(max_parts=100)).blocks
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.docx", Limits(max_parts=50))
    assert "部件" in _reason(caught) and "parts" in str(caught.value)


def test_uncompressed_size_and_ratio_stop_a_zip_bomb_before_inflating():
    data = crafted.docx_zip_bomb(8)
    assert len(data) < 100_000
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "bomb.docx")
    assert "压缩比" in _reason(caught) and "zip bomb" in str(caught.value)
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "bomb.docx", Limits(max_uncompressed_bytes=4 * 1024 * 1024))
    assert "解压后" in _reason(caught)
    # Refused from the directory: nothing of the 8 MB member was inflated.
    assert time.perf_counter() - start < 1
    # Without those two limits the same file is a readable document.
    generous = Limits(max_compression_ratio=None, max_uncompressed_bytes=None)
    assert extract.read_bytes(data, "bomb.docx", generous).blocks


def test_xml_with_a_dtd_is_refused_and_never_expanded():
    with pytest.raises(UnreadableError) as caught:
        extract.read_bytes(crafted.docx_with_entity_bomb(), "laughs.docx")
    assert "DTD" in _reason(caught)
    assert not isinstance(caught.value, TooLargeError)


def test_safe_xml_leaves_entities_unexpanded():
    root = safe_xml(b'<!DOCTYPE r [<!ENTITY e "expanded">]><r>&e;</r>')
    assert "expanded" not in (root.text or "")


def test_pdf_page_count_is_read_before_any_page():
    data = crafted.pdf_with_pages(30)
    assert extract.read_bytes(data, "a.pdf", Limits(max_pages=30)).pages == 30
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.pdf", Limits(max_pages=29))
    assert "30 页" in _reason(caught) and "30 pages" in str(caught.value)


def test_cells_are_counted_in_the_sheet_xml_before_loading():
    data = crafted.xlsx_with_cells(rows=100, columns=10)
    # The privacy builder's sheets hold a handful of cells; the big sheet 1,000.
    assert extract.read_bytes(data, "a.xlsx", Limits(max_cells=2_000)).tables
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.xlsx", Limits(max_cells=999))
    assert "单元格" in _reason(caught) and "cells" in str(caught.value)


def test_time_is_checked_between_parts():
    data = crafted.xlsx_with_cells(rows=10)
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.xlsx", Limits(max_seconds=-1))
    assert "秒" in _reason(caught)
    assert extract.read_bytes(data, "a.xlsx", Limits(max_seconds=60)).tables


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableError) as caught:
        extract.read_path(fifo)
    assert "不是普通文件" in _reason(caught) and "not a regular file" in str(caught.value)


def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(UnreadableError) as caught:
        extract.read_path(link)
    assert "not a regular file" in _reason(caught)


def test_missing_path_and_folder_are_unreadable(tmp_path):
    with pytest.raises(UnreadableError, match="no such file"):
        extract.read_path(tmp_path / "none.txt")
    folder = tmp_path / "x.txt"
    folder.mkdir()
    with pytest.raises(UnreadableError, match="is a directory"):
        extract.read_path(folder)


def test_limits_can_be_switched_off_one_by_one():
    limits = dataclasses.replace(extract.DEFAULT_LIMITS, max_pages=None)
    assert limits.max_pages is None
    assert limits.max_parts == extract.DEFAULT_LIMITS.max_parts


def test_the_package_imports_no_django_and_no_heavy_reader():
    import subprocess
    import sys

    code = (
        "import sys, gongkai.extract;"
        "bad = [m for m in ('django', 'pdfplumber', 'docx', 'openpyxl', 'bs4') if m in sys.modules];"
        "print(bad)"
    )
    src = str(Path(extract.__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_a_pdf_whose_count_lies_still_stops_at_the_page_limit():
    data = crafted.pdf_with_pages(30).replace(b"/Count 30", b"/Count 1 ")
    assert b"/Count 1 " in data  # same length: the cross-reference offsets still hold
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.pdf", Limits(max_pages=10))
    assert "11 页" in _reason(caught)


def test_html_tags_are_counted_before_parsing():
    data = b"<div>" * 1000 + b"x" + b"</div>" * 1000
    assert extract.read_bytes(data, "a.html", Limits(max_html_tags=1000)).blocks
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(data, "a.html", Limits(max_html_tags=999))
    assert "1000 个标签" in _reason(caught)


def test_the_alarm_stops_one_long_step(monkeypatch):
    # One step that never returns to the cooperative checks: the alarm still ends it.
    def stuck(data, budget):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(extract.reading, "READERS", {".txt": stuck})
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(b"x", "slow.txt", Limits(max_seconds=0.2))
    assert "0.2 秒" in _reason(caught)
    assert time.perf_counter() - start < 5
    # The alarm is gone afterwards.
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


MB = 1024 * 1024


def test_a_pdf_flate_bomb_is_refused_before_pdfminer_inflates_it():
    # 40 MB of drawing operators compress to about 40 KB.
    bomb = crafted.pdf_with_streams((b"", b"0 0 m 1 1 l S\n" * (40 * MB // 14)))
    assert len(bomb) < 200_000
    with pytest.raises(TooLargeError) as caught:
        extract.read_bytes(bomb, "bomb.pdf", Limits(max_inflated_bytes=16 * MB))
    assert "解压后超过" in _reason(caught)


def test_streams_inflating_within_the_limit_together_are_read():
    # Comment lines: bulk that pdfminer skips cheaply.
    content = b"BT /F1 12 Tf 72 700 Td (hello) Tj ET\n" + b"% padding of the stream\n" * 40_000
    data = crafted.pdf_with_streams((b"", content))
    assert extract.read_bytes(data, "ok.pdf", Limits(max_inflated_bytes=2 * MB)).pages == 1
    # The streams count together: the same content twice over a limit that one fits.
    twice = crafted.pdf_with_streams((b"", content), (b"", content))
    with pytest.raises(TooLargeError):
        extract.read_bytes(twice, "twice.pdf", Limits(max_inflated_bytes=len(content) + 10))


def test_image_streams_do_not_count_toward_the_inflated_limit():
    # A scan's bitmap: large once inflated, never decoded to read text.
    bitmap = b"\xff" * (8 * MB)
    image = b"/Type /XObject /Subtype /Image /Width 2048 /Height 4096 /BitsPerComponent 8"
    data = crafted.pdf_with_streams((b"", b"0 0 m 1 1 l S\n"), (image, bitmap))
    assert extract.read_bytes(data, "scan.pdf", Limits(max_inflated_bytes=1 * MB)).pages == 1


def test_the_inflated_limit_can_be_switched_off():
    big = crafted.pdf_with_streams((b"", b"% padding of the stream\n" * (2 * MB // 24)))
    with pytest.raises(TooLargeError):
        extract.read_bytes(big, "big.pdf", Limits(max_inflated_bytes=1 * MB))
    assert extract.read_bytes(big, "big.pdf", Limits(max_inflated_bytes=None)).pages == 1
