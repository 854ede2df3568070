"""One spelling for matching, while the text keeps its own.

Vietnamese writes the tone of 'oa', 'oe', 'uy' at the end of a syllable in two
styles ('hoá'/'hóa', 'uỷ'/'ủy', 'thuỷ'/'thủy'), and 'qui'/'quy' alternate.
`fold` maps both to one style (the tone on the first vowel: 'hóa', 'ủy'; and 'quy'),
and an 'Ð' typed for 'Đ' to 'Đ', for matching only; any one style would do, as long
as every matcher uses the same.
On NFC text it keeps the length and every character offset, so a matcher can search
`fold(text)` and slice `text`.

`ascii_fold` goes further for search: lower case, no diacritics, 'đ' as 'd'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The letters of Vietnamese beyond ASCII, lower case
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
# Every Vietnamese letter in each case, as the body of a regular expression's character class
LOWER = "a-z" + VIETNAMESE
UPPER = "A-Z" + VIETNAMESE.upper()
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below

def _base(char: str) -> tuple[str, str]:
    """Split a character into its base (with vowel modifiers) and its tone mark."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return base, tone


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# 'oa', 'oe', 'uy' ending a syllable with the tone on the second vowel: the only pairs _move_tone
# changes (the 30 letters a, e, y with a tone, in both cases), so nothing else calls it. Both patterns
# spell out their cases (IGNORECASE would add 'ı' and 'İ' to [iì...]: listed) and open with a letter,
# not a lookbehind, so the regex engine skips to the candidate letters: 3x faster.
_PAIR = re.compile(r"([oOuU])(?<![qQ][oOuU])([àáãảạèéẽẻẹỳýỹỷỵÀÁÃẢẠÈÉẼẺẸỲÝỸỶỴ])(?!\w)")
_QUI = re.compile(r"([qQ][uU])(?<!\w[qQ][uU])([iìíỉĩịIÌÍỈĨỊıİ])(?!\w)")
_I_TO_Y = str.maketrans("iìíỉĩịIÌÍỈĨỊ", "yỳýỷỹỵYỲÝỶỸỴ")
_SECOND = {"o": {"a", "e"}, "u": {"y"}}


def _move_tone(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    base, tone = _base(second)
    if not tone or base.lower() not in _SECOND[first.lower()]:
        return match.group(0)
    return _with_tone(first, tone) + base


def fold(text: str) -> str:
    """Fold tone-mark style, 'qui'/'quy' and the eth lookalike; length-preserving on NFC text."""
    text = unicodedata.normalize("NFC", text)
    # Icelandic eth 'ð'/'Ð' typed for 'đ'/'Đ' by old converters and some sites ('Ðảng ủy'): the text
    # keeps it (annotators copy it as it is), every matcher reads 'Đ'. Rare; replace() is many times
    # faster than translate() with a table.
    if "ð" in text or "Ð" in text:
        text = text.replace("ð", "đ").replace("Ð", "Đ")
    text = _PAIR.sub(_move_tone, text)
    return _QUI.sub(lambda m: m.group(1) + m.group(2).translate(_I_TO_Y), text)


def fold_all(texts: Iterable[str]) -> list[str]:
    """fold() of many short texts in one call, for lexicons of thousands of words: they are
    folded joined by newlines, which no folding rule crosses."""
    texts = [t.replace("\n", " ") for t in texts]
    return fold("\n".join(texts)).split("\n") if texts else []


def ascii_fold(text: str) -> str:
    """Lower case without diacritics ('Đảng' -> 'dang'), for loose search."""
    text = text.lower()
    if _ASCII_AFTER_NFD.fullmatch(text):  # almost all text; the same result, 3x faster
        return unicodedata.normalize("NFD", text.replace("đ", "d")).encode("ascii", "ignore").decode("ascii")
    text = unicodedata.normalize("NFD", text).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))


# Text whose NFD is ASCII and combining marks only (and 'đ'): ASCII and the Latin letters with
# diacritics, Vietnamese included. Dropping the non-ASCII of its NFD drops exactly the marks.
_ASCII_AFTER_NFD = re.compile("[\x00-\x7fđ%s]*" % "".join(
    chr(c) for c in [*range(0x80, 0x250), *range(0x1E00, 0x1F00)]
    if all(x.isascii() or unicodedata.combining(x) for x in unicodedata.normalize("NFD", chr(c)))))
