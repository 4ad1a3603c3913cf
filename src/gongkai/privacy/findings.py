"""What the scanner reports: a finding carries where and what kind, never the clear value.

Findings end up in logs, audit events, CLI output and the publish-refusal page, so the only
rendition of the value they hold is the masked one.
"""

import enum
import types
from dataclasses import dataclass


class Kind(enum.StrEnum):
    ID_CARD = "id_card"
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    ADDRESS = "address"
    NAME = "name"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = types.MappingProxyType(
    {
        Kind.ID_CARD: "居民身份证号码",
        Kind.MOBILE: "手机号码",
        Kind.LANDLINE: "固定电话",
        Kind.BANK_CARD: "银行卡号",
        Kind.EMAIL: "电子邮箱",
        Kind.ADDRESS: "个人住址",
        Kind.NAME: "姓名",
    }
)


class Confidence(enum.IntEnum):
    """How sure the scanner is that a finding is personal information.

    HIGH and MEDIUM should stop publication; LOW is shown for review but is mostly public
    contact data (office landlines, agency mailboxes) or numbers that only pass a checksum.
    """

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: "str | Confidence") -> "Confidence":
        if isinstance(value, Confidence):
            return value
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(f"unknown confidence {value!r}: use low, medium or high") from None


# Confidence from which a finding blocks publication (issue 3's privacy gate).
BLOCKING = Confidence.MEDIUM


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal information found in a text.

    ``start``/``end`` index the scanned text (for files: the text at ``location``), so a
    caller that holds the text can mask it; the finding itself only knows ``masked``.
    """

    kind: Kind
    start: int
    end: int
    masked: str
    confidence: Confidence
    reason: str
    location: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind.value,
            "location": self.location,
            "start": self.start,
            "end": self.end,
            "masked": self.masked,
            "confidence": self.confidence.label,
            "reason": self.reason,
        }


def is_significant(char: str) -> bool:
    # Digits and the X check character carry the value; separators and prefixes do not.
    return char.isdigit() or char in "Xx"


def mask_significant(value: str, keep_head: int, keep_tail: int) -> str:
    """Replace the significant characters of ``value`` with ``*`` except the first
    ``keep_head`` and the last ``keep_tail``; separators stay where they are."""
    positions = [i for i, char in enumerate(value) if is_significant(char)]
    hidden = set(positions[keep_head : len(positions) - keep_tail])
    return "".join("*" if i in hidden else char for i, char in enumerate(value))


def mask_email(value: str) -> str:
    # A fixed number of stars so the mask does not reveal the length of the local part.
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_name(value: str) -> str:
    return value[:1] + "*" * (len(value) - 1)


def mask_address(value: str, keep: int) -> str:
    """Keep the administrative prefix (province, city, district) and hide the rest."""
    return value[:keep] + "".join(" " if char.isspace() else "*" for char in value[keep:])
