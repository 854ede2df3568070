"""Syllable tokens of the folded text with their offsets, and the character spans already taken."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

from pipeline.entities.lexicon import _TOKEN


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
        words = _TOKEN.findall(folded)
        gaps = _TOKEN.split(folded)  # the text around and between the tokens: one more than words
        starts, ends, position = [], [], len(gaps[0])
        for word, gap in zip(words, gaps[1:]):
            starts.append(position)
            position += len(word)
            ends.append(position)
            position += len(gap)
        between = gaps[1:-1]
        glued = [False] + [not gap for gap in between]
        breaks = [False] + ["\n" in gap for gap in between]
        return cls(words, [w.lower() for w in words], starts, ends, glued[: len(words)], breaks[: len(words)],
                   len(words))

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
