"""Snippets of search results: the hits of a query marked «like this» in the original sentence.

FTS5's snippet() does this too, but it runs the MATCH again over every row the query matches, and a
broad prefix query ('quan*' matches most of a corpus) made that the slowest part of a search. The
rows to show are already known, so their hits are marked here, as the index reads them: syllables
of letters and digits, folded like the searched column (pipeline/store.py), a prefix term marking
every syllable it begins, a phrase marked as one span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pipeline.store import exact_key, loose_key

MARKS = ("«", "»")
WINDOW = 24  # syllables shown around the hits, as snippet(..., 24) did
_SYLLABLE = re.compile(r"[^\W_]+")
QUERY_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+|"')  # a quoted phrase, a bracket or a word
OPERATORS = {"AND", "OR", "NOT"}


def parse(query: str, exact: bool = False) -> list[tuple[str, str | None, bool]]:
    """Each token of a search query, its text folded like the searched column (None for an operator,
    a bracket or a stray quote) and whether it is a prefix ('quan*'): what the MATCH expression
    (pipeline/query.py) and the marking of hits both read."""
    key: Callable[[str], str] = exact_key if exact else loose_key
    parsed: list[tuple[str, str | None, bool]] = []
    for token in QUERY_TOKEN.findall(query):
        if token in OPERATORS or token in '()"':
            parsed.append((token, None, False))
            continue
        prefix = token.endswith("*") and not token.startswith('"') and len(token) > 1
        parsed.append((token, key(token.strip('"').rstrip("*") if prefix else token.strip('"')), prefix))
    return parsed


def terms(query: str, exact: bool = False) -> list[tuple[tuple[str, ...], bool]]:
    """The query's terms: (folded syllables, is a prefix); words after NOT are no hits."""
    found, negated = [], False
    for token, text, prefix in parse(query, exact):
        if text is None:
            negated = token == "NOT"
            continue
        words = tuple(w.lower() for w in _SYLLABLE.findall(text))
        if words and not negated:
            found.append((words, prefix))
        negated = False
    return found


def snippet(text: str, query_terms: Iterable[tuple[tuple[str, ...], bool]], exact: bool = False) -> str:
    """`text` with every hit marked, cut to WINDOW syllables around the most hits ('…' where cut)."""
    key: Callable[[str], str] = exact_key if exact else loose_key
    spans = [(m.start(), m.end()) for m in _SYLLABLE.finditer(text)]
    folded = [key(text[a:b]).lower() for a, b in spans]
    hits: list[tuple[int, int]] = []  # (first, last) syllable of each hit
    for words, prefix in query_terms:
        n = len(words)
        for i in range(len(folded) - n + 1):
            head, last = folded[i:i + n - 1], folded[i + n - 1]
            if list(head) == list(words[:-1]) and (last.startswith(words[-1]) if prefix else last == words[-1]):
                hits.append((i, i + n - 1))
    first, end = 0, len(spans)
    if len(spans) > WINDOW:  # the window with the most hits, they as near its middle as can be
        def fit(s: int) -> tuple[int, float]:
            inside = [a + b for a, b in hits if s <= a and b < s + WINDOW]
            return len(inside), -abs(sum(inside) / len(inside) / 2 - s - WINDOW / 2) if inside else -s
        first = max(range(len(spans) - WINDOW + 1), key=fit)
        end = first + WINDOW
    out, at = [], spans[first][0] if first else 0
    for a, b in sorted(h for h in set(hits) if first <= h[0] and h[1] < end):
        if spans[a][0] < at:
            continue  # inside a hit already marked
        out += [text[at:spans[a][0]], MARKS[0], text[spans[a][0]:spans[b][1]], MARKS[1]]
        at = spans[b][1]
    stop = spans[end - 1][1] if spans else len(text)
    out.append(text[at:stop] if end < len(spans) else text[at:])
    return ("…" if first else "") + "".join(out) + ("…" if end < len(spans) else "")
