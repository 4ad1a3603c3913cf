from gongkai.reportcheck import check_file

from .shared import DEV, dev_labels, needs_shared

pytestmark = needs_shared


def test_every_labelled_cell_of_the_huaian_pdf_is_extracted_exactly():
    for label in dev_labels():
        report = check_file(DEV / label["file"])
        assert report.format == label["format"]
        assert report.year == label["year"]
        assert report.agency == label["agency"]
        wrong = {
            cell: (want, report.cells.get(cell))
            for cell, want in label["cells"].items()
            if report.cells.get(cell) != want
        }
        assert wrong == {}
        assert len(report.cells) == len(label["cells"]) == 200


def test_the_complete_consistent_pdf_report_has_no_findings():
    report = check_file(DEV / "huaian-2024.pdf")
    assert not report.truncated
    assert [(f.rule, f.message) for f in report.findings] == []


def test_the_fee_amount_keeps_its_decimal():
    report = check_file(DEV / "huaian-2024.pdf")
    assert report.cells["t2_art20_8.admin_fees.fee_amount"] == 96171.6
