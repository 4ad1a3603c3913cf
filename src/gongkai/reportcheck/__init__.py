"""The report check (年报体检): read a published annual report, list its defects.

Pure Python (no Django): readers for .txt/.html/.docx/.pdf, the table reader, and the
checks, which take the format versions and cross-checks from :mod:`gongkai.rules.formats`.
"""

from .checker import Finding, Report, check_bytes, check_document, check_file

__all__ = ["Finding", "Report", "check_bytes", "check_document", "check_file"]
