"""The 信息处理费 of 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）, spec §8.

Art. 42 of the Regulations: providing information on application is free; only requests whose
number or frequency clearly exceeds a reasonable range may be charged. The measures give two
methods, both progressive on the excess (超额累进), and an agency uses one per request:

- 按件 (Art. 4): by the applicant's cumulative number of requests **in the calendar month**:
  1-10 free; 11-30 100 元 each; from 31 on, 100 元 more per band of 10 (31-40 200 元, 41-50 300 元…).
- 按量 (Art. 5): by the pages of one request, each band charged only for its own pages:
  1-30 free; 31-100 10 元; 101-200 20 元; 201 on 40 元 per page.

Pure Python, amounts in whole 元.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

FREE_PIECES_PER_MONTH = 10
FIRST_BAND_LAST_PIECE = 30
FIRST_BAND_FEE = 100
BAND_WIDTH = 10
BAND_STEP = 100

# (first page, last page or None, 元 per page)
PAGE_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def per_piece_fee(nth_in_month: int) -> int:
    """The fee for an applicant's ``nth_in_month`` request of a calendar month (Art. 4)."""
    if nth_in_month < 1:
        raise ValueError("requests are counted from 1")
    if nth_in_month <= FREE_PIECES_PER_MONTH:
        return 0
    if nth_in_month <= FIRST_BAND_LAST_PIECE:
        return FIRST_BAND_FEE
    bands_above = (nth_in_month - FIRST_BAND_LAST_PIECE - 1) // BAND_WIDTH + 1
    return FIRST_BAND_FEE + BAND_STEP * bands_above


def per_volume_fee(pages: int) -> int:
    """The fee for one request of ``pages`` pages (Art. 5): 150 pages → 70×10 + 50×20 = 1700."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total = 0
    for first, last, price in PAGE_BANDS:
        upper = pages if last is None else min(pages, last)
        if upper >= first:
            total += (upper - first + 1) * price
    return total


def nth_in_month(earlier_receipts: Iterable[date], received: date) -> int:
    """The position of a request received on ``received`` among the applicant's requests of
    that calendar month, counting ``earlier_receipts`` (the applicant's other requests) that
    fall in the same month on or before it."""
    same_month = [
        d
        for d in earlier_receipts
        if (d.year, d.month) == (received.year, received.month) and d <= received
    ]
    return len(same_month) + 1
