"""Bytes to Unicode for Vietnamese files, including the legacy 8-bit font encodings.

Party documents from before ~2005 were typed in TCVN3 (ABC, the .VnTime fonts) or VNI
(VNI-Times), and many are still published that way or were scraped with the font's bytes
read as Windows-1252 ('Ban Th\xadêng vô' for 'Ban Thường vụ'). `decode` reads any such
file, with the font tables and the scoring of pipeline/legacy.py.

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
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.legacy import SCHEMES, _cp1252_c1, _from_surface, _score
from pipeline.settings import SETTINGS

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
