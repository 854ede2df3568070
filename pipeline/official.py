"""The furniture an official document carries around its text, once converted from PDF or Word
into a page: the letterhead before its place-and-date line ('ỦY BAN NHÂN DÂN' / 'THÀNH PHỐ CẦN
THƠ' / ... / 'Cần Thơ, ngày 21 tháng 11 năm 2025'), and after its last paragraph the signature
block (the signer's post in capitals, then the name: 'PHÓ CHỦ TỊCH' / 'Nguyễn Thị Ngọc Điệp') with
the recipients just above it ('Văn phòng Trung ương Đảng,' ... 'Lưu: VT.'). A converter splits the
letterhead's names over lines and drops the 'Nơi nhận:' label or its dashes, so these are known by
their place around the dated line and the signature, not by their words."""

from __future__ import annotations

import re
from functools import cache

from pipeline import resources
from pipeline.fold import fold
from pipeline.settings import SETTINGS

# 'Hà Nội, ngày 01 tháng 12 năm 2025', 'Cần Thơ, ngày 21/11/2025': a whole line
_PLACE_DATE = re.compile(r"[^\d,.;:!?]{2,40},\s*ngày\s+\d{1,2}\s*(?:tháng\s*|/)\d{1,2}\s*(?:năm\s*|/)\d{4}\s*\*?",
                         re.IGNORECASE)
# an item of a list of recipients: dashed, or ending on ',' / ';', or the office copy ('Lưu: VT, NC.')
RECIPIENT = re.compile(r"(?:[-–+•].{0,150}|[^.!?]{0,150}[,;]|[Ll]ưu\b.{0,80})")
_END = re.compile(r"[.!?…:;]$")


@cache
def _posts() -> re.Pattern[str]:
    """The posts a signer holds (data/titles.txt), as whole words in a folded, lower-case line."""
    titles = sorted({fold(t).lower() for t in resources.lines("titles.txt")}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, titles))})(?!\w)")


def _header(line: str) -> bool:
    """A line of a letterhead: a short run of capitals ('BAN CHẤP HÀNH', 'TRUNG ƯƠNG'), or a mark."""
    return (line.isupper() and len(line.split()) <= 8) or not any(ch.isalnum() for ch in line)


def _signed(line: str) -> bool:
    """A line of a signature block: short, unpunctuated, in capitals or a capitalised name."""
    words = line.split()
    return (1 <= len(words) <= 6 and not _END.search(line)
            and (line.isupper() or all(w[:1].isupper() for w in words)))


def official_furniture(lines: list[str], head_end: int, tail_start: int) -> dict[int, str]:
    """Line index -> reason for the letterhead, the place-and-date line, the recipients and the
    signature block of an official document; {} for any other text."""
    found: dict[int, str] = {}
    for index in range(min(head_end + 1, len(lines))):
        if lines[index] and _PLACE_DATE.fullmatch(lines[index].strip()):
            found[index] = "dateline"
            found.update({k: "letterhead" for k in range(index) if lines[k] and _header(lines[k])})
            break
    filled = [k for k in range(max(tail_start, 0), len(lines)) if lines[k]]
    block: list[int] = []
    while filled and _signed(lines[filled[-1]]) and len(block) < SETTINGS.official_signature_lines:
        block.append(filled.pop())
    posts = _posts()
    if not any(lines[k].isupper() and posts.search(fold(lines[k]).lower()) for k in block):
        return found  # no post in capitals: a byline or a closing list, not an official signature
    found.update({k: "signature" for k in block})
    while filled and (RECIPIENT.fullmatch(lines[filled[-1]]) or (
            len(lines[filled[-1]].split()) <= 8 and not _END.search(lines[filled[-1]]))):
        found[filled.pop()] = "recipients"  # 'Các đơn vị trực thuộc': a short item, its dash lost
    return found
