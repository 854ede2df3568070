"""A cheap test before a regular expression: the literal text every match of it contains.

A case-insensitive pattern that opens with an optional part or a lookbehind ('(?:thứ ...)?\\d{1,2}/...
gmt', '(?<=\\s)(?:tin xem nhiều|...)') is tried by the regex engine at every character of a line, and
most lines match none of the furniture patterns. `needs(pattern)` reads, from the pattern as re's own
parser reads it, strings one of which every match contains ('link nguồn', 'gmt', '*'); a line whose
lower case (`lowered`) holds none of them cannot match: the pattern is not run, the result the same.
"""

from __future__ import annotations

import re

from pipeline.fold import VIETNAMESE

try:  # re's own parser (Python 3.11-3.13); where it is gone, every pattern simply runs
    from re import _parser
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
except ImportError:  # pragma: no cover
    _parser = None

_PLAIN = frozenset(map(chr, range(128))) | frozenset(VIETNAMESE + VIETNAMESE.upper())
# A letter neither ASCII nor Vietnamese. Without one, a case-insensitive match of ASCII and Vietnamese
# is a match of the lower-cased texts (checked over all of Unicode); with one ('ı', 'ſ', the Kelvin
# sign 'K' match 'i', 's', 'k') the text is not lowered and every pattern runs.
_OTHER_LETTER = re.compile(rf"[^\W\d_a-zA-Z{VIETNAMESE}{VIETNAMESE.upper()}]")


def needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains; None if none is known. For a pattern
    that ignores case they are in lower case, to look for in `lowered(text)`; for one that does not,
    as written, to look for in the text itself."""
    if _parser is None:
        return None
    return _required(_parser.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))


def lowered(text: str) -> str | None:
    """The text in lower case, for `may_match`; None when lower case does not decide a match."""
    return None if _OTHER_LETTER.search(text) else text.lower()


def may_match(required: tuple[str, ...] | None, text: str | None) -> bool:
    """False only when the pattern with these needs cannot match the text (lowered if it ignores case)."""
    return required is None or text is None or any(part in text for part in required)


def _required(items, lower: bool) -> tuple[str, ...] | None:
    """The most selective requirement of a sequence (the one whose shortest string is longest): a run
    of literal characters, or what a group, a repeat of at least one, or every branch requires. A
    case-sensitive pattern's part that ignores case ('(?i:...)') requires nothing."""
    found: list[tuple[str, ...] | None] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is LITERAL and chr(av) in _PLAIN:
            run += chr(av).lower() if lower else chr(av)
            continue
        found.append((run,) if run else None)
        run = ""
        if op is SUBPATTERN and (lower or not av[1] & re.IGNORECASE):
            found.append(_required(av[-1], lower))
        elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
            found.append(_required(av[2], lower))
        elif op is BRANCH and all(branches := [_required(branch, lower) for branch in av[1]]):
            parts = {part for branch in branches for part in branch}  # 'ảnh' does for 'ảnh minh họa'
            found.append(tuple(sorted(part for part in parts if not any(p != part and p in part for p in parts))))
    return max(filter(None, found), key=lambda parts: (min(map(len, parts)), -len(parts)), default=None)
