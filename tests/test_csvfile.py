"""The one CSV writer: BOM, CRLF, and no cell a spreadsheet would run."""

import csv
import io

import pytest

from gongkai.csvfile import csv_response, csv_stream_response, csv_text, neutral


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","点此")', '\'=HYPERLINK("http://x","点此")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("县交通运输局", "县交通运输局"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (0, 0),
        (-5, -5),
        (2.5, 2.5),
        (True, "True"),
    ],
)
def test_neutral(value, cell):
    assert neutral(value) == cell


def test_text_starts_with_a_bom_and_reads_back():
    text = csv_text(["名称", "数量"], [["=1+1", 3], ["县局", -1]])
    assert text.startswith("\ufeff名称,数量\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["名称", "数量"], ["'=1+1", "3"], ["县局", "-1"]]


def test_header_cells_are_neutralised_too():
    assert csv_text(["=cmd"], []).startswith("\ufeff'=cmd")


def test_line_terminator_can_be_unix():
    assert csv_text(["a"], [["b"]], lineterminator="\n") == "\ufeffa\nb\n"


def test_response_is_a_named_download():
    response = csv_response("report-check", ["a"], [["=b"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report-check.csv"'
    assert response.content.decode() == "\ufeffa\r\n'=b\r\n"


def test_streamed_csv_equals_the_whole_one_and_comes_in_chunks():
    header = ["名称", "数量"]
    rows = [[f"=第{n}行", n] for n in range(7)]
    streamed = csv_stream_response("x", header, iter(rows), lines_per_chunk=3)
    assert streamed.streaming
    chunks = [bytes(chunk) for chunk in streamed.streaming_content]
    assert len(chunks) == 3  # header + 7 rows, three lines at a time
    whole = csv_response("x", header, rows)
    assert b"".join(chunks) == whole.content
    assert b"'=\xe7\xac\xac0" in whole.content  # the formula neutralised in both
    assert streamed["Content-Disposition"] == whole["Content-Disposition"]
    assert streamed["Content-Type"] == whole["Content-Type"]
