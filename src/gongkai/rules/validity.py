"""有效性 of a rule or normative document on a given day, from what the catalog records.

Pure: the catalog stores a status and two dates; the annual report (gb2021 第二十条第（一）项:
本年废止件数, 现行有效件数), the item page and the catalog's "现行有效" filter all ask this
module, so they cannot disagree. The practice chosen is written in docs/validity.md:

- 现行有效 on a day = 有效 on that day: formed by then, in force (施行) by then, and neither
  revised, repealed nor expired on or before it.
- 本年废止 = repealed (已废止) with its date in the year. Expiry (已失效, by its own term) and
  revision (已修订: this text was replaced by a revised one, published as its own item) end
  the validity of a text but are not 废止.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

VALID = "valid"
REVISED = "revised"
ABOLISHED = "abolished"
EXPIRED = "expired"
NOT_YET_EFFECTIVE = "not_yet_effective"

#: Statuses that end a document's validity on their date (validity_changed_on).
ENDED = frozenset({REVISED, ABOLISHED, EXPIRED})


@dataclass(frozen=True)
class Lifecycle:
    status: str  # "" (not recorded: neither rule nor normative document) or one of the above
    formed_on: date
    effective_from: date | None = None
    changed_on: date | None = None  # revised, repealed or expired on

    @property
    def undated_end(self) -> bool:
        """Ended without a date: the record cannot say from when, a data problem."""
        return self.status in ENDED and self.changed_on is None

    def status_on(self, day: date) -> str | None:
        """The status on ``day``: None before the document was formed."""
        if self.formed_on > day:
            return None
        if self.status in ENDED and (self.changed_on is None or self.changed_on <= day):
            # An end without a date is taken as already ended (the report says so).
            return self.status
        if self.effective_from is not None and self.effective_from > day:
            return NOT_YET_EFFECTIVE
        if self.status == NOT_YET_EFFECTIVE and self.effective_from is None:
            return NOT_YET_EFFECTIVE
        return VALID

    def in_force_on(self, day: date) -> bool:
        return self.status_on(day) == VALID

    def repealed_in(self, year: int) -> bool:
        return (
            self.status == ABOLISHED
            and self.changed_on is not None
            and (self.changed_on.year == year)
        )


def check(status: str, effective_from: date | None, changed_on: date | None) -> dict[str, str]:
    """What is wrong with a recorded lifecycle, by field name, in Chinese (empty: nothing)."""
    errors = {}
    if status in ENDED and changed_on is None:
        errors["validity_changed_on"] = "已修订、已废止或已失效的文件须填写修订、废止或失效日期"
    if status not in ENDED and changed_on is not None:
        errors["validity_changed_on"] = "只有已修订、已废止或已失效的文件才填写修订、废止或失效日期"
    if status == NOT_YET_EFFECTIVE and effective_from is None:
        errors["effective_from"] = "尚未生效的文件须填写施行日期"
    if effective_from and changed_on and changed_on < effective_from:
        errors["validity_changed_on"] = "修订、废止或失效日期不能早于施行日期"
    return errors
