"""Hashed features of the sentence classifier (pipeline/passage_model.py): the model file holds
weights for buckets, never a vocabulary, so a model trained on real reports holds no text of them.
crc32 is in the standard library and fast."""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

BUCKETS = 2 ** 18
# words (uni- and bigrams), characters, symbolic features, the neighbours' words
BLOCKS = (("w", 1.0), ("c", 1.0), ("m", 0.25), ("n", 0.5))


# crc32 of 'block|gram', computed on from the crc32 of 'block|' (the same number, without the string)
_SEEDS = {block: zlib.crc32(f"{block}|".encode()) for block, _ in BLOCKS}


def _crcs(block: str, grams: list[str]) -> list[int]:
    seed = _SEEDS[block]
    return [zlib.crc32(gram.encode(), seed) for gram in grams]


@lru_cache(maxsize=100_000)
def _char_buckets(token: str) -> "np.ndarray":
    """The buckets of a token's character 2- to 5-grams (tokens repeat: computed once each)."""
    import numpy as np

    padded = f" {token} "
    grams = [padded[i:i + n] for n in range(2, 6) for i in range(max(1, len(padded) - n + 1))]
    found = np.array(_crcs("c", grams), dtype=np.int64) % BUCKETS
    found.flags.writeable = False  # shared by every use of the token
    return found


def _buckets(block: str, text: str) -> list["np.ndarray"]:
    """The buckets of one block of a row, in pieces: the words' (uni- then bigrams), each token's
    character grams, or one per token (symbolic features and the neighbours' words)."""
    import numpy as np

    tokens = text.split()
    if block == "c":
        return [_char_buckets(t) for t in tokens]
    if block != "w":
        return [np.array(_crcs(block, tokens), dtype=np.int64) % BUCKETS]
    encoded = [t.encode() for t in tokens]
    unigrams = [zlib.crc32(e, _SEEDS["w"]) for e in encoded]
    # crc32 of 'w|a b' goes on from that of 'w|a': the bigrams without their strings
    bigrams = [zlib.crc32(b, zlib.crc32(b" ", a)) for a, b in zip(unigrams, encoded[1:])]
    return [np.array(unigrams + bigrams, dtype=np.int64) % BUCKETS]


@cache
def _log_counts() -> "np.ndarray":
    """1 + log(n) for counts n < 1024 by math.log, as the model was trained (np.log may differ in
    the last bit)."""
    import numpy as np

    return np.array([0.0] + [1.0 + math.log(n) for n in range(1, 1024)])


_ROWS = 1024  # rows counted at once: (group, bucket, position) then fits in an int64


def hashed_rows(table: Sequence[Sequence[str]]) -> list[tuple["np.ndarray", "np.ndarray"]]:
    """Each sentence's features (the strings of `model_input`) as (bucket, weight) arrays:
    log-scaled counts, each block scaled to unit length and weighted. Rows do not depend on each
    other: counted with numpy a thousand at a time."""
    return [row for at in range(0, len(table), _ROWS) for row in _hashed(table[at:at + _ROWS])]


def _hashed(table: Sequence[Sequence[str]]) -> list[tuple["np.ndarray", "np.ndarray"]]:
    """hashed_rows of a few rows in one go. One sort of (group, bucket, position) gives each
    bucket of a (row, block) group once, its count and where it was first seen; the norms are
    summed by Python in first-seen order, as the model was trained: the same bits."""
    import numpy as np

    pieces, sizes = [], []  # the buckets of every (row, block) group, one after the other
    for row in table:
        for (block, _), text in zip(BLOCKS, row):
            found = _buckets(block, text)
            pieces += found
            sizes.append(sum(map(len, found)))
    ids = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    shift = len(ids).bit_length()
    keys = np.repeat(np.arange(len(sizes)), sizes) * BUCKETS + ids
    ordered = np.sort(keys << shift | np.arange(len(ids)))
    keys = ordered >> shift
    starts = np.flatnonzero(np.diff(keys, prepend=-1))
    counts, first = np.diff(starts, append=len(ids)), ordered[starts] & ((1 << shift) - 1)
    group, bucket = keys[starts] // BUCKETS, keys[starts] % BUCKETS
    logs = _log_counts()
    scaled = logs[counts] if not counts.size or counts.max() < len(logs) else \
        np.array([1.0 + math.log(n) for n in counts.tolist()])
    squares, seen = np.zeros(len(ids)), np.zeros(len(ids), dtype=bool)
    squares[first], seen[first] = scaled * scaled, True
    squares = iter(squares[seen].tolist())  # in first-seen order, a group after the other
    held = np.bincount(group, minlength=len(sizes)).tolist()  # buckets of each group
    norms = [math.sqrt(sum(islice(squares, size))) or 1.0 for size in held]
    weights = np.array([weight for _, weight in BLOCKS] * len(table))
    values = weights[group] * scaled / np.array(norms)[group]
    bounds = np.searchsorted(group // len(BLOCKS), np.arange(len(table) + 1)).tolist()
    return [(bucket[a:b], values[a:b]) for a, b in zip(bounds, bounds[1:])]
