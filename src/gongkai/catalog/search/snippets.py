"""Highlighted snippets of search results, in plain Python (no Django import).

Every piece of text is HTML-escaped here and only the ``<mark>`` tags this module adds are
markup, so a body that contains ``<script>`` is shown as text.
"""

from html import escape

from gongkai.catalog.search.grams import normalize_with_offsets

ELLIPSIS = "…"


def match_spans(text: str, normalized_query: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the original text whose fold is the query."""
    if not normalized_query:
        return []
    folded, offsets = normalize_with_offsets(text)
    spans = []
    position = folded.find(normalized_query)
    while position != -1:
        end = position + len(normalized_query)
        spans.append((offsets[position], offsets[end - 1] + 1))
        position = folded.find(normalized_query, end)
    return spans


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts = []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def highlight(text: str, normalized_query: str) -> str:
    """The whole text, escaped, with every match marked (for titles)."""
    return _marked(text, match_spans(text, normalized_query), 0, len(text))


def snippet(text: str, normalized_query: str, *, before: int = 30, length: int = 120) -> str:
    """A window of ``length`` characters that starts ``before`` characters ahead of the first
    match (the beginning of the text when nothing matches), escaped, matches marked."""
    text = " ".join(text.split())
    spans = match_spans(text, normalized_query)
    start = max(0, spans[0][0] - before) if spans else 0
    end = min(len(text), start + length)
    if spans and spans[0][1] > end:
        end = spans[0][1]
    # Prefer a whole window: pull the start back when the match sits near the end.
    start = max(0, min(start, end - length))
    html = _marked(text, spans, start, end)
    return (ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else "")
