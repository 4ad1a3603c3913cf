"""Numbers read from a URL's query string, which anyone can write anything into."""

# The largest id a database key holds; a larger number names nothing (and SQLite cannot even
# bind it).
MAX_ID = 2**63 - 1


def whole_number(raw: str, low: float, high: float) -> int | None:
    """``raw`` as a number from ``low`` to ``high``, or None.

    Only ASCII digits: ``int()`` would also take "²"-like digits, signs and spaces, and fail
    or mean nothing.
    """
    raw = raw.strip()
    if raw.isascii() and raw.isdecimal() and low <= int(raw) <= high:
        return int(raw)
    return None
