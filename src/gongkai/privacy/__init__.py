"""Find personal information (个人信息) in text and files before anything goes public.

Pure Python: no Django import, no module-level mutable state. See README.md in this folder
for what is detected and how sure each finding is.
"""

from .files import UnreadableFileError, UnsupportedFileTypeError, scan_file
from .findings import BLOCKING, Confidence, Finding, Kind
from .scanner import mask_text, normalise, scan_text

__all__ = [
    "BLOCKING",
    "Confidence",
    "Finding",
    "Kind",
    "UnreadableFileError",
    "UnsupportedFileTypeError",
    "mask_text",
    "normalise",
    "scan_file",
    "scan_text",
]
