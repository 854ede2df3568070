"""Bytes to Unicode for Vietnamese files, including the legacy 8-bit font encodings.

Party documents from before ~2005 were typed in TCVN3 (ABC, the .VnTime fonts) or VNI
(VNI-Times), and many are still published that way or were scraped with the font's bytes
read as Windows-1252 ('Ban Th\xadêng vô' for 'Ban Thường vụ'). `decode` reads any such
file; `repair_legacy` fixes the glyph soup in text that was already (wrongly) decoded;
`encode_legacy` is their inverse, for test and sample files.

Detection order in `decode`, cheapest and surest first:

1. known binary magic numbers (PDF, ZIP/DOCX, OLE/DOC, PNG, JPEG, GIF, ELF, gzip, ...);
2. byte-order marks: UTF-8, UTF-16 LE/BE (UTF-32 is refused);
3. NUL bytes: at every other position -> UTF-16 without a BOM; otherwise, like many other
   control bytes, -> binary;
4. strict UTF-8: the fast path, no scoring (almost every scraped file ends here);
5. *mostly* UTF-8: a file with valid multi-byte sequences and only a few bad bytes (a
   truncated download, a file cut mid-character) is decoded as UTF-8 with U+FFFD in place of
   the bad bytes (or, for lines pasted from a legacy file, in the legacy encoding that
   reads best on those lines). Legacy 8-bit Vietnamese essentially never forms valid multi-byte UTF-8
   sequences, so the ratio of valid to invalid sequences tells them apart: at least four valid
   non-ASCII characters per bad sequence counts as UTF-8. Below that, UTF-8-with-replacement
   still competes in step 6, so a file that mixes encodings goes to whichever reads best;
6. scoring: the file is read as Windows-1258, TCVN3 and VNI, and the reading with the most
   valid Vietnamese syllables (and common words), the fewest impossible ones and the least
   stray symbols wins.

TCVN3 has no codes for capitals with a tone mark ('Ủ', 'Ế'): the .VnTimeH font draws the
lower-case codes as capitals. Decoding restores capitals where the context shows them: an
all-capital line or word ('BAN THƯỜNG VỤ', 'ĐẢNG' and a short word beside it), the first
letter of a sentence, and the phrases of pipeline/data/vietnamese.json that are written with
a capital ('Ủy ban'). Anything else comes back lower case: 'ấp Bắc' for 'Ấp Bắc', a lone 'Bộ'
for 'BỘ'. On real reports this leaves about 1 word in 1,000 with the wrong case.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache, lru_cache

from pipeline import resources
from pipeline.fold import TONES, fold
from pipeline.settings import SETTINGS

SCHEMES = ("tcvn3", "vni")

_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (DOCX/XLSX/ODT?)",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "OLE document (DOC/XLS?)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x7fELF": "ELF executable",
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"{\\rtf": "RTF document",
}
_SAMPLE = 1 << 16  # bytes looked at for binary and encoding detection
# Control bytes that never occur in text (tab, newlines, form feed and ESC do).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b") + b"\x7f"
_CONTROL_CHARS = re.compile("[%s]" % re.escape(_CONTROL.decode("ascii")))


class DecodeError(ValueError):
    """A file that is not text: empty, binary, or in an encoding we do not read."""


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


def _latin1_surface(data: bytes) -> str:
    """Bytes as Windows-1252 would show them, keeping its 5 undefined bytes as C1 controls."""
    return data.decode("latin-1").translate(_cp1252_c1())


def _decode_as(data: bytes, name: str) -> str:
    if name in SCHEMES:
        return _from_surface(_latin1_surface(data), name)
    return unicodedata.normalize("NFC", data.decode(name, errors="replace"))


def _binary_reason(sample: bytes) -> str | None:
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > SETTINGS.max_control_share * len(sample):
        return f"binary file ({controls / len(sample):.0%} control bytes)"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs fill the high byte of ASCII characters."""
    n = len(sample) // 2
    if n < 2:
        return None
    even, odd = sample[0::2].count(0) / n, sample[1::2].count(0) / n
    high, low = SETTINGS.utf16_zero_share, SETTINGS.utf16_zero_share / 10
    if odd >= high and even <= low:
        return "utf-16-le"
    if even >= high and odd <= low:
        return "utf-16-be"
    return None


def _finish(text: str, name: str) -> tuple[str, str]:
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    if not text.strip():
        raise DecodeError("empty file")
    controls = len(_CONTROL_CHARS.findall(text[:_SAMPLE]))
    if controls > SETTINGS.max_control_share * min(len(text), _SAMPLE):
        raise DecodeError(f"binary file ({controls / min(len(text), _SAMPLE):.0%} control characters)")
    return text, name




def decode(data: bytes) -> tuple[str, str]:
    """bytes -> (text in NFC, encoding name), the name one of 'utf-8', 'utf-8-sig', 'utf-16',
    'cp1258', 'tcvn3', 'vni'. Raises DecodeError for empty and binary files (see module doc)."""
    if not data.strip():
        raise DecodeError("empty file")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"binary file ({kind})")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise DecodeError("unsupported encoding (UTF-32)")
    if data.startswith(codecs.BOM_UTF8):
        return _finish(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finish(data.decode("utf-16", errors="replace"), "utf-16")
    sample = data[:_SAMPLE]
    if 0 in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16:
            return _finish(data.decode(utf16, errors="replace"), "utf-16")
    reason = _binary_reason(sample)
    if reason:
        raise DecodeError(reason)
    try:
        return _finish(data.decode("utf-8"), "utf-8")  # the fast path
    except UnicodeDecodeError:
        pass
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    valid = len(utf8) - len(utf8.encode("ascii", "ignore")) - bad
    if valid >= 4 * bad:
        return _finish(_mixed(data), "utf-8")
    if sum(32 <= b < 127 for b in sample) < SETTINGS.min_ascii_share * len(sample):
        # Vietnamese in any legacy encoding keeps its consonants and spaces in ASCII
        raise DecodeError("not text in a known encoding (too few letters and spaces)")
    candidates = ["cp1258", *SCHEMES] + (["utf-8"] if valid else [])
    best = max(candidates, key=lambda name: _score(_decode_as(sample, name)))
    return _finish(_mixed(data) if best == "utf-8" else _decode_as(data, best), best)


def _mixed(data: bytes) -> str:
    """Mostly UTF-8: each line that is not UTF-8 (legacy text pasted into a UTF-8 file, or a
    file cut mid-character) is read as whichever of UTF-8-with-U+FFFD, Windows-1258, TCVN3 and
    VNI reads best; on a tie, the one that reads best over all such lines."""
    lines = data.split(b"\n")
    bad = set()
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(i)
    sample = b"\n".join(lines[i] for i in sorted(bad))
    names = ("utf-8", "cp1258", *SCHEMES)
    overall = max(names, key=lambda name: _score(_decode_as(sample, name)))
    names = (overall, *(name for name in names if name != overall))

    def best(line: bytes) -> str:
        return max((_decode_as(line, name) for name in names), key=_score)

    return "\n".join(best(line) if i in bad else line.decode("utf-8") for i, line in enumerate(lines))


# --- repairing text that was decoded wrongly ------------------------------------------

# TCVN3 soup always has some of its most frequent letters as Latin-1 symbols (_JUNK);
# VNI soup is all letters, but ones Vietnamese never has ('ñ' đ, 'ö' ư, 'aâ', 'eâ', 'oâ'...).
_VNI_SIGNS = re.compile("[ñÑöÖøØ]|[aAeEoO][âÂêÊ]|[aeiouyAEIOUYôÔ][ùûõïÙÛÕÏ]")


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
