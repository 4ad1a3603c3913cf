"""The grams of the catalog's Chinese full-text index, in plain Python (no Django import).

Chinese has no spaces, so word segmentation misses short queries (交通, 路) and trigram
indexes cannot serve one- or two-character queries at all. The index therefore follows
Lucene's CJK analyzer: every run of CJK characters is indexed as its overlapping bigrams,
plus its unigrams so that a one-character query finds something.

Runs of letters and digits (G105, 2020, pdf) are lowercased and indexed as all their
substrings of up to ``WORD_GRAM`` characters rather than as whole words: a search must find
exactly what ``LIKE '%q%'`` finds, and ``105`` is inside ``g105``. Any query run is then a
substring of a document run, so each of the query's grams is one of the document's grams.

The index only narrows the candidates; the search verifies the exact substring on them.
"""

import unicodedata
from collections.abc import Iterator, Sequence

CJK_GRAM = 2
WORD_GRAM = 4

# Han (with the extension blocks and compatibility ideographs), kana and Hangul: the scripts
# Lucene's CJKBigramFilter treats as CJK.
_CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF),  # Extensions B-H, supplementary compatibility ideographs
)

CJK = "cjk"
WORD = "word"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _kind(char: str) -> str | None:
    if is_cjk(char):
        return CJK
    if char.isalnum():
        return WORD
    return None


def normalize(text: str) -> str:
    """Fold full-width forms and case, one character at a time.

    The fold works per character (not NFKC of the whole string) so that every normalized
    character comes from exactly one original character; ``normalize_with_offsets`` relies on
    that to put highlights back on the original text.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDS)


def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char).lower()


# Characters whose fold is not exactly one character (㈱ -> "(株)"): their text needs the
# offset table; any other text keeps its positions.
_UNEVEN: set[int] = set()


class _FoldTable(dict):
    """Code point -> fold of that one character, for ``str.translate``; filled as met."""

    def __missing__(self, code: int) -> str:
        folded = _fold(chr(code))
        if len(folded) != 1:
            _UNEVEN.add(code)  # before the table entry, so no reader sees one without the other
        self[code] = folded
        return folded


_FOLDS = _FoldTable()


def normalize_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """The normalized text and, for each of its characters, the index of its source char."""
    folded = normalize(text)
    if _UNEVEN.isdisjoint(map(ord, text)):
        return folded, range(len(text))
    parts = []
    offsets = []
    for index, char in enumerate(text):
        folded = _fold(char)
        parts.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(parts), offsets


def runs(normalized: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of each maximal CJK or letter-and-digit run; the rest separates."""
    kind = None
    start = 0
    for index, char in enumerate(normalized):
        current = _kind(char)
        if current != kind:
            if kind is not None:
                yield kind, start, index
            kind, start = current, index
    if kind is not None:
        yield kind, start, len(normalized)


def _max_gram(kind: str) -> int:
    return CJK_GRAM if kind == CJK else WORD_GRAM


def index_grams(normalized: str) -> set[str]:
    """Every gram of a normalized text: all substrings of each run up to the run's gram size."""
    grams: set[str] = set()
    for kind, start, end in runs(normalized):
        run = normalized[start:end]
        for size in range(1, min(_max_gram(kind), len(run)) + 1):
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def query_grams(normalized: str) -> list[str]:
    """The grams every document containing ``normalized`` must have, without repeats.

    A run no longer than its gram size is a gram itself; a longer run is covered by its
    overlapping grams of full size. Characters outside any run add no gram (the verification
    step checks them).
    """
    grams: list[str] = []
    for kind, start, end in runs(normalized):
        run = normalized[start:end]
        size = _max_gram(kind)
        if len(run) <= size:
            candidates = [run]
        else:
            candidates = [run[i : i + size] for i in range(len(run) - size + 1)]
        for gram in candidates:
            if gram not in grams:
                grams.append(gram)
    return grams
