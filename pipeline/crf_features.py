"""The attributes underthesea's word-segmentation CRF reads, built in Python, column by column.

underthesea_core's `CRFFeaturizer.process` builds 43 attribute strings per syllable one at a
time in Rust and hands each back as a new Python string; on our documents it took more than
half of the segment stage (profiled: 1.25 of 2.25 s). Built here a template at a time, over the
whole sentence, the same strings come 2.5x faster. They must be *the same* strings, or the CRF
answers differently: tests/test_segment.py compares them with underthesea_core's on real-looking
text, and the conventions below were read from its output:

- a window reaching before the sentence reads 'BOS', after it 'EOS' (before is tested first);
- `lower` is `str.lower()`; `istitle` is "the first character is its own upper case" (so ','
  and '12' are titles, 'ǅ' is not); `isdigit` is "parses as a 32-bit signed integer";
- `is_in_dict` looks the lower-cased syllables, joined by a space, up in the model's dictionary;
- an n-gram joins its syllables with a space; an n-gram's `istitle` is every syllable's.
"""

from __future__ import annotations

import re

_INT = re.compile(r"[+-]?[0-9]+")
_INT_RANGE = range(-(2**31), 2**31)


def _flag(value: bool) -> str:
    return "True" if value else "False"


def _is_title(token: str) -> str:
    return _flag(token[0].upper() == token[0])


def _is_digit(token: str) -> str:
    return _flag(_INT.fullmatch(token) is not None and int(token) in _INT_RANGE)


def _padded(values: list[str], size: int) -> list[str]:
    """`values[j]` is the n-gram of `size` syllables starting at syllable j; padded so that
    position i + 2 + offset holds the n-gram starting at i + offset, or 'BOS'/'EOS' where it
    leaves the sentence."""
    return ["BOS", "BOS", *values] + ["EOS"] * (size + 2)


def _joined(values: list[str], size: int) -> list[str]:
    """The n-grams of `size` syllables, joined by a space, by start position."""
    return [" ".join(values[i : i + size]) for i in range(len(values) - size + 1)]


def features(tokens: list[str], dictionary: frozenset[str] | set[str]) -> list[tuple[str, ...]]:
    """The attribute lists of `tokens` (non-empty strings), as `CRFFeaturizer.process` gives them
    for the templates of underthesea's ws_crf_vlsp2013 model."""
    n = len(tokens)
    lower = [token.lower() for token in tokens]
    title = [_is_title(token) for token in tokens]
    digit = [_is_digit(token) for token in tokens]
    in_dict = {size: [_flag(gram in dictionary) for gram in _joined(lower, size)] for size in (1, 2, 3)}
    both_titles = [_flag(a == b == "True") for a, b in zip(title, title[1:])]
    three_titles = [_flag(a == b == "True") for a, b in zip(both_titles, title[2:])]
    text = {1: tokens, 2: _joined(tokens, 2), 3: _joined(tokens, 3)}
    low = {1: lower, 2: _joined(lower, 2)}
    columns = []
    for name, values, size, offsets in (
        ("", text[1], 1, (-2, -1, 0, 1, 2)),
        ("", text[2], 2, (-2, -1, 0, 1)),
        ("", text[3], 3, (-2, -1, 0)),
        (".lower", low[1], 1, (-2, -1, 0, 1, 2)),
        (".lower", low[2], 2, (-2, -1, 0, 1)),
        (".isdigit", digit, 1, (-1, 0, 1)),
        (".istitle", title, 1, (-2, -1, 0, 1, 2)),
        (".istitle", both_titles, 2, (0,)),
        (".istitle", three_titles, 3, (0,)),
        (".is_in_dict", in_dict[1], 1, (-2, -1, 0, 1, 2)),
        (".is_in_dict", in_dict[2], 2, (-2, -1, 0, 1)),
        (".is_in_dict", in_dict[3], 3, (-2, -1, 0)),
    ):
        padded = _padded(values, size)
        for offset in offsets:
            span = str(offset) if size == 1 else f"{offset},{offset + size - 1}"
            prefix = f"T[{span}]{name}="
            columns.append([prefix + value for value in padded[2 + offset : 2 + offset + n]])
    return list(zip(*columns))
