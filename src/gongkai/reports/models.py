"""The models Django loads for ``reports``: the records (``records``) and the published page
(``pages``). Inside ``reports`` import from those two; the exporters read the records only.
"""

from gongkai.reports.pages import DOWNLOADS, AnnualReportPage
from gongkai.reports.records import (
    EDITABLE,
    PUBLIC_STATES,
    TRANSITIONS,
    AnnualReport,
    Figure,
    FigureSource,
    ReportState,
    ReportVersion,
    can_move,
)

__all__ = [
    "DOWNLOADS",
    "EDITABLE",
    "PUBLIC_STATES",
    "TRANSITIONS",
    "AnnualReport",
    "AnnualReportPage",
    "Figure",
    "FigureSource",
    "ReportState",
    "ReportVersion",
    "can_move",
]
