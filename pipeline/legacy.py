"""The legacy 8-bit Vietnamese font encodings, TCVN3 (ABC, .VnTime) and VNI (VNI-Times): their
tables, telling Vietnamese from the glyph soup a wrong reading gives, converting, and
`repair_legacy`, which fixes soup in text that was already (wrongly) decoded ('Ban Th\xadêng vô'
for 'Ban Thường vụ'); `encode_legacy` is the inverse, for test and sample files. pipeline/encodings.py
reads files with these.

TCVN3 has no codes for capitals with a tone mark ('Ủ', 'Ế'): the .VnTimeH font draws the
lower-case codes as capitals. Decoding restores capitals where the context shows them: an
all-capital line or word ('BAN THƯỜNG VỤ', 'ĐẢNG' and a short word beside it), the first
letter of a sentence, and the phrases of pipeline/data/vietnamese.json that are written with
a capital ('Ủy ban'). Anything else comes back lower case: 'ấp Bắc' for 'Ấp Bắc', a lone 'Bộ'
for 'BỘ'. On real reports this leaves about 1 word in 1,000 with the wrong case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pipeline import resources
from pipeline.fold import TONES, fold

SCHEMES = ("tcvn3", "vni")


# --- tables ---------------------------------------------------------------------------


@cache
def _rows() -> tuple[tuple[str, bytes, bytes], ...]:
    """(letter, tcvn3 bytes, vni bytes) from pipeline/data/legacy_encodings.tsv."""
    return tuple((row["letter"], bytes.fromhex(row["tcvn3"]), bytes.fromhex(row["vni"]))
                 for row in resources.table("legacy_encodings.tsv"))


def _cp1252_c1() -> dict[int, str]:
    """Bytes 0x80-0x9F as Windows-1252 reads them (quotes, dashes); undefined ones stay C1."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


@cache
def _tcvn3_decode_table() -> dict[int, str]:
    """Surface char (the byte read as Latin-1) -> letter; a capital's byte reads lower case."""
    table: dict[int, str] = {}
    for letter, tcvn3, _ in _rows():
        code = tcvn3[0]
        if code not in table or letter.islower():
            table[code] = letter
    return table


@cache
def _vni_decode_table() -> dict[str, str]:
    """Surface sequence -> letter. A mark in the other case is accepted too: the base decides."""
    table = {}
    for letter, _, vni in _rows():
        surface = vni.decode("latin-1")
        table[surface] = letter
        if len(surface) == 2:
            table.setdefault(surface[0] + surface[1].swapcase(), letter)
    return table


@cache
def _vni_pattern() -> re.Pattern[str]:
    table = _vni_decode_table()
    bases = "".join(sorted({s[0] for s in table if len(s) == 2}))
    marks = "".join(sorted({s[1] for s in table if len(s) == 2}))
    singles = "".join(sorted(s for s in table if len(s) == 1))
    return re.compile(f"[{re.escape(bases)}][{re.escape(marks)}]|[{re.escape(singles)}]")


@cache
def _encode_table(scheme: str) -> dict[int, str]:
    """Unicode char -> Latin-1 surface string of its bytes; unencodable Latin-1 chars -> U+FFFD."""
    column = {"tcvn3": 1, "vni": 2}[scheme]
    table: dict[int, str] = {}
    used: set[int] = set()
    for row in _rows():
        table[ord(row[0])] = row[column].decode("latin-1")
        used.update(row[column])
    for b in range(0x80, 0x100):
        # A Latin-1 char whose byte the scheme uses for a letter ('©' is 'â' in TCVN3) cannot be
        # written; neither can C1 controls. Windows-1252 punctuation (“ ” – …) can.
        if b not in table and (b in used or b < 0xA0):
            table[b] = "\ufffd"
    for b, char in _cp1252_c1().items():
        table[ord(char)] = chr(b)
    return table


@cache
def _vietnamese() -> dict[str, str]:
    return resources.data("vietnamese.json")


@cache
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(every toneless syllable onset+rhyme, common syllables in one tone style)."""
    data = _vietnamese()
    onsets = [""] + data["onsets"].split()
    rhymes = data["rhymes"].split()
    return (frozenset(o + r for o in onsets for r in rhymes),
            frozenset(fold(w) for w in data["common"].split()))


# --- telling Vietnamese from glyph soup ----------------------------------------------

_WORD = re.compile(r"[^\W\d_¹²³]+")  # a loose combining mark splits a word and counts as junk
# Non-letters a real text rarely has but a wrong decoding produces: Latin-1 symbols (most of
# them are TCVN3 letters read as Windows-1252), C1 controls, loose combining marks, U+FFFD.
_JUNK = re.compile("[\u0080-\u009f\u00a1-\u00af\u00b4-\u00b9\u00bb-\u00bf\u0300-\u036f\ufffd]")


@lru_cache(maxsize=1 << 16)
def _word_score(word: str) -> int:
    """2 for a common Vietnamese syllable, 1 for a valid one, -1 for an impossible one."""
    syllables, common = _syllables()
    decomposed = unicodedata.normalize("NFD", word)
    if sum(decomposed.count(t) for t in TONES) > 1:
        return -1
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    if toneless not in syllables:
        return -1
    return 2 if fold(word) in common else 1


_ACRONYM_LETTERS = str.maketrans("Đ", "D")


@lru_cache(maxsize=1 << 16)
def _judge(word: str) -> int:
    """_word_score for a word as written; 0 for ASCII words and acronyms ('HĐND', 'QĐ'),
    which read the same in every decoding or are no syllable at all."""
    if word.isascii() or (word.isupper() and word.translate(_ACRONYM_LETTERS).isascii()):
        return 0
    return _word_score(word.lower())


def _score(text: str) -> int:
    """How Vietnamese a decoding looks: only words with non-ASCII letters tell readings apart."""
    return sum(map(_judge, _WORD.findall(text))) - len(_JUNK.findall(text))


def _broken(text: str) -> int:
    """Impossible words and stray symbols: what a conversion must reduce to be worth making."""
    return len(_JUNK.findall(text)) + sum(1 for w in _WORD.findall(text) if _judge(w) < 0)


# --- TCVN3 capitals -------------------------------------------------------------------


@cache
def _capitals() -> tuple[str, dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """TCVN3's caseless letters (lower-case codes also used for capitals), their upper-case
    translation, a sentence start before one, and the phrases written with a capital."""
    rows = _rows()
    caseless = "".join(ch for code, ch in _tcvn3_decode_table().items()
                       if any(r[0] == ch.upper() and r[1][0] == code for r in rows))
    start = re.compile(rf"(^[ \t]*(?:[-+•*–][ \t]+)?|[.!?…][\"”’)]*[ \t]+)([{caseless}])")
    phrases = "|".join(map(re.escape, _vietnamese()["capitalised"].split(",")))
    return caseless, {ord(c): c.upper() for c in caseless}, start, re.compile(rf"\b(?:{phrases})\b")


_ASCII_LOWER = re.compile("[a-z]")
_SENTENCE_END = ".!?…:"


def _restore_capitals(text: str, only: set[int] | None = None) -> str:
    """Capitals the .VnTimeH font drew from lower-case codes, where the context shows them.

    `only`: the numbers of the lines to change (the others still give context)."""
    caseless, _, _, _ = _capitals()
    if not re.search(f"[{caseless}]", text):
        return text
    lines = text.split("\n")
    sentence_starts = True
    for i, line in enumerate(lines):
        if only is None or i in only:
            lines[i] = line = _capitalise_line(line, sentence_starts)
        stripped = line.rstrip()
        sentence_starts = (not stripped or stripped[-1] in _SENTENCE_END
                           or not _ASCII_LOWER.search(stripped))
    return "\n".join(lines)


def _capitalise_line(line: str, sentence_starts: bool) -> str:
    caseless, upper, start, phrases = _capitals()

    def shouted(word: str) -> bool:  # 'ĐảNG', 'THƯờNG': a capital after a caseless letter
        return (any(c.isupper() for c in word[1:]) and any(c in caseless for c in word)
                and not _ASCII_LOWER.search(word))

    def ambiguous(word: str) -> bool:  # 'Bộ': title case, or 'BỘ' in .VnTimeH
        return word[0].isupper() and len(word) > 1 and all(c in caseless for c in word[1:])

    words = list(_WORD.finditer(line))
    loud = [shouted(m.group()) for m in words]
    if not any(loud):
        pass
    elif not _ASCII_LOWER.search(line):
        return line.translate(upper)  # a heading in capitals: 'BAN THƯờNG Vụ QUậN ủY'
    else:  # capitals inside a line: 'tổng kết ĐảNG Bộ' -> 'ĐẢNG BỘ'
        chars = list(line)
        for i, m in enumerate(words):
            near = (i and loud[i - 1]) or (i + 1 < len(words) and loud[i + 1])
            if loud[i] or (near and ambiguous(m.group())):
                chars[m.start():m.end()] = m.group().translate(upper)
        line = "".join(chars)
    line = phrases.sub(lambda m: m.group()[0].upper() + m.group()[1:], line)
    return start.sub(lambda m: m.group(1) + m.group(2).upper()
                     if sentence_starts or m.start() > 0 else m.group(), line)


# --- converting -----------------------------------------------------------------------


def _from_surface(text: str, scheme: str, capitals: bool = True) -> str:
    """Legacy bytes read as Latin-1/Windows-1252 -> Unicode letters."""
    if scheme == "tcvn3":
        text = text.translate(_tcvn3_decode_table())
        return _restore_capitals(text) if capitals else text
    table = _vni_decode_table()

    def letter(match: re.Match[str]) -> str:
        s = match.group()
        return table.get(s) or table.get(s[0], s[0]) + s[1:]
    return _vni_pattern().sub(letter, text)


# --- repairing text that was decoded wrongly ------------------------------------------

# TCVN3 soup always has some of its most frequent letters as Latin-1 symbols (_JUNK);
# VNI soup is all letters, but ones Vietnamese never has ('ñ' đ, 'ö' ư, 'aâ', 'eâ', 'oâ'...). Searched
# from a sign's last letter, with the vowel before it looked behind: the regex engine skips to those
# letters, far fewer than the vowels (the same texts found as with '[ñÑöÖøØ]|[aAeEoO][âÂêÊ]|...').
_VNI_SIGNS = re.compile("[ñÑöÖøØâÂêÊùûõïÙÛÕÏ]"
                        "(?:(?<=[ñÑöÖøØ])|(?<=[aAeEoO][âÂêÊ])|(?<=[aeiouyAEIOUYôÔ][ùûõïÙÛÕÏ]))")


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Convert TCVN3 or VNI glyph soup in decoded text; return (text, 'tcvn3'|'vni'|None).

    Line by line: a line is converted only when the conversion leaves it fewer impossible words
    and stray symbols and reads better, so normal Vietnamese or English text, and the Unicode
    parts of a page whose body is soup, stay as they are. One scheme per text, the one that
    fixes most, and only when it fixes at least two things."""
    if not _JUNK.search(text) and not _VNI_SIGNS.search(text):
        return text, None  # the usual case, decided by two quick searches
    impossible = [w for w in set(_WORD.findall(text)) if _judge(w) < 0]
    lines = text.split("\n")
    suspect = (i for i, line in enumerate(lines)
               if _JUNK.search(line) or any(w in line for w in impossible))
    broken = {i: n for i in suspect if (n := _broken(lines[i]))}
    best, best_fixed, best_lines, best_changed = None, 0, lines, set()
    for scheme in SCHEMES:
        fixed, converted, changed = 0, list(lines), set()
        for i, n in broken.items():
            new = _from_surface(lines[i], scheme, capitals=False)
            if (m := _broken(new)) < n and _score(new) > _score(lines[i]):
                fixed, converted[i] = fixed + n - m, new
                changed.add(i)
        if fixed > best_fixed:
            best, best_fixed, best_lines, best_changed = scheme, fixed, converted, changed
    if best is None or best_fixed < 2:
        return text, None
    text = "\n".join(best_lines)
    if best == "tcvn3":
        text = _restore_capitals(text, best_changed)
    return unicodedata.normalize("NFC", text), best


def encode_legacy(text: str, scheme: str, errors: str = "replace") -> bytes:
    """Unicode -> 'tcvn3' or 'vni' bytes (also 'cp1258', with tone marks as combining marks).

    TCVN3 writes a capital with a tone mark as its lower-case code, as .VnTimeH text does.
    Characters the scheme cannot hold become '?' (errors='strict' raises UnicodeEncodeError)."""
    text = unicodedata.normalize("NFC", text)
    if scheme == "cp1258":
        return "".join(_split_tone(c) for c in text).encode("cp1258", errors=errors)
    if scheme not in SCHEMES:
        raise ValueError(f"unknown legacy encoding {scheme!r} (expected one of {SCHEMES + ('cp1258',)})")
    return text.translate(_encode_table(scheme)).encode("latin-1", errors=errors)


@lru_cache(maxsize=512)
def _split_tone(char: str) -> str:
    """'ế' -> 'ê' + U+0301: Windows-1258 has the vowels but writes tones as combining marks."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in TONES)
    if not tone:
        return char
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    precomposed = unicodedata.normalize("NFC", char)
    try:
        precomposed.encode("cp1258")
        return precomposed  # 'à', 'é': Windows-1258 has these precomposed
    except UnicodeEncodeError:
        return base + tone
