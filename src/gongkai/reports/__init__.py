"""The annual report (政府信息公开工作年度报告): its figures, tables, narrative and checks.

Modules, in the order the data flows:

- ``records``  — the models: figures, the report of an agency and year, its versions
- ``figures``  — table-二 figures that come from other business systems, entered by staff
- ``generate`` — every data cell of the year's format, computed from the records, traced
- ``narrative``— the draft text of the sections 一、五、六, stating the year's facts
- ``validate`` — cross-checks, blanks, sections, year, format version: errors and warnings
- ``exports``  — the cells as JSON and CSV, and the registry the document renderers join
- ``pages``    — the published report page, rendered through the exporters
- ``actions``  — every change to figures and reports (one function per change)
"""
