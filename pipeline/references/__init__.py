"""References to Party and state documents: find every mention, resolve short forms, key each document.

Reports cite documents in many shapes: 'Nghị quyết số 15 -NQ/TU của Thành uỷ', a bare
'60/2003/NĐ-CP', 'NQTW6 (lần 2)', 'Nghị quyết Đại hội XIII của Đảng', 'Luật Đất đai 2024', and
then in short: 'Nghị quyết 15', 'NQTW4'. As in eyecite, finding and resolving are separate steps.
`_find` reads fold(text) (one tone style, same offsets) and returns one hit per mention with what
that mention itself says; `_resolve` groups hits into documents, a short form joining the full
form it stands for, links them to the gazetteer of central documents and gives each document the
canonical key of docs/references.md, the same in every report. Symbol tables, word lists and the
gazetteer live in pipeline/data/.

The package in the order a text goes through it:
    lexicon.py   the data tables and the patterns compiled from them
    hit.py       one mention, as the finder reads it
    find.py      one hit per mention (names.py: documents cited by name; tails.py: what follows a mention)
    resolve.py   hits grouped into documents, short forms joined to their full form
    keys.py      the canonical key of each document
"""

from __future__ import annotations

from pipeline.fold import fold
from pipeline.model import Reference
from pipeline.references.find import _find
from pipeline.references.lexicon import _province
from pipeline.references.resolve import _resolve

__all__ = ["ReferenceInputError", "find_references"]


class ReferenceInputError(ValueError):
    """The text cannot be searched (not a string, or not NFC so offsets would drift)."""


def find_references(text: str, province: str | None = None, place: str | None = None) -> list[Reference]:
    """All references in `text`, resolved: one Reference per distinct referenced document.

    Every mention is listed (Mention text/start/end are offsets into `text`, and
    text[start:end] == mention.text); references come in order of first mention.

    `province` (and `place`, the district or ward the report is about) disambiguate local
    symbols: Nghị quyết 15-NQ/TU of two provinces' committees are two documents, so keys of
    local documents carry '@<province>' (docs/references.md).

    Short forms resolve as in eyecite: 'Nghị quyết 15' or 'Nghị quyết số 15 của Thành ủy' joins
    the full form ('15-NQ/TU') of the same type and number whose issuer agrees. When several full
    forms qualify the nearest preceding one wins, and when none precedes, the nearest following
    one (reports sometimes use the short form first, in a heading). A plenum resolution without
    its term ('NQTW4') takes the term of another mention of the same plenum, else of the only
    term the gazetteer knows for it ('NQTW6 (lần 2)' is khóa VIII), else the term the report
    speaks of nearest to it (marked in extra['inferred']).
    """
    if not isinstance(text, str):
        raise ReferenceInputError(f"text must be a str, not {type(text).__name__}")
    folded = fold(text)
    if len(folded) != len(text):
        raise ReferenceInputError("text is not NFC-normalised; offsets would not match (run the clean stage)")
    refs = _resolve(_find(folded), _province(province), place.strip() if place and place.strip() else None)
    for ref in refs:
        for mention in ref.mentions:
            mention.text = text[mention.start:mention.end]
    return refs
