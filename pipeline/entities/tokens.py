"""Syllable tokens of the folded text with their offsets, and the character spans already taken."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable

from pipeline.entities.lexicon import _TOKEN

_PARTS = re.compile(f"({_TOKEN.pattern})", _TOKEN.flags)  # split() keeps the tokens it splits at


@dataclass
class _Tokens:
    """Syllables and punctuation of the folded text, with their offsets."""

    words: list[str]
    lower: list[str]
    starts: list[int]
    ends: list[int]
    glued: list[bool]  # no whitespace before the token
    breaks: list[bool]  # a line break before the token
    n: int = 0

    @classmethod
    def of(cls, folded: str) -> _Tokens:
        # one pass: the tokens at odd places, the text around and between them (one more) at even places
        parts = _PARTS.split(folded)
        words, gaps = parts[1::2], parts[0::2]
        offsets = list(accumulate(map(len, parts)))  # the end of each part
        between = gaps[1:-1]
        glued = [False] + [not gap for gap in between]
        breaks = [False] + ["\n" in gap for gap in between]
        return cls(words, list(map(str.lower, words)), offsets[0:-1:2], offsets[1::2], glued[: len(words)],
                   breaks[: len(words)], len(words))

    def spaced(self, i: int) -> bool:
        """Token i exists and follows the previous one after spaces on the same line."""
        return i < len(self.words) and not self.glued[i] and not self.breaks[i]

    def title_case(self, i: int) -> bool:
        w = self.words[i]
        return w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha()

    def upper(self, i: int) -> bool:
        w = self.words[i]
        return w.isupper() and w.isalpha()

    def index(self, char: int) -> int:
        """The first token starting at or after character offset `char`."""
        return bisect.bisect_left(self.starts, char)


class _Taken:
    """Characters already covered by a span, to test overlaps in constant time."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.mask = bytearray(size)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        start, end = max(0, start), min(len(self.mask), end)
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def hits(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) != -1


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
