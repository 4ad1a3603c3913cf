"""The scanner on real published annual reports: nothing may stop their publication.

These are 政府信息公开工作年度报告 of many agencies as published; each ends with the office's
contact block (phone, fax, mailbox), which is public on purpose.
"""

from pathlib import Path

import pytest

from gongkai.privacy import BLOCKING, Confidence, Kind, scan_file

REPORTS = Path("/work/shared/data/reports-dev")
TEXTS = sorted(REPORTS.glob("*.txt")) if REPORTS.exists() else []


@pytest.mark.skipif(not TEXTS, reason="shared real reports not present")
def test_real_reports_have_nothing_above_the_publication_gate():
    blocking = {
        path.name: [f.to_dict() for f in scan_file(path, min_confidence=BLOCKING)] for path in TEXTS
    }
    assert {name: found for name, found in blocking.items() if found} == {}
    assert len(TEXTS) >= 40


@pytest.mark.skipif(not TEXTS, reason="shared real reports not present")
def test_office_numbers_in_real_reports_are_seen_as_low_landlines():
    found = [f for path in TEXTS for f in scan_file(path)]
    assert found, "the contact blocks should still be visible at low confidence"
    assert {f.kind for f in found} <= {Kind.LANDLINE, Kind.EMAIL}
    assert {f.confidence for f in found} == {Confidence.LOW}
