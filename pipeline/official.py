"""The furniture an official document carries around its text, once converted from PDF or Word
into a page: the letterhead before its place-and-date line ('ỦY BAN NHÂN DÂN' / 'THÀNH PHỐ CẦN
THƠ' / ... / 'Cần Thơ, ngày 21 tháng 11 năm 2025'), and after its last paragraph the signature
block (the signer's post in capitals, then the name: 'PHÓ CHỦ TỊCH' / 'Nguyễn Thị Ngọc Điệp') with
the recipients just above it ('Văn phòng Trung ương Đảng,' ... 'Lưu: VT.'). A converter splits the
letterhead's names over lines, drops the 'Nơi nhận:' label or its dashes, and puts the footnotes
after the signature, so these are known by their place around the dated line, the signature and
the closing mark './.', not by their words."""

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
# (an abbreviation's dot is no sentence end: 'TT. Thành ủy, TT.HĐND TP;', 'UB.MTTQVN ...;')
RECIPIENT = re.compile(r"(?:[-–+•].{0,150}|(?:[^.!?]|(?<=[A-ZĐ])\.){0,150}[,;]|[Ll]ưu\b.{0,80})")
_CLOSED = re.compile(r"\./\.\s*$")  # the mark an official text ends its last paragraph with
# the line naming an official document's type, in capitals, above its title ('KẾ HOẠCH', 'THÔNG BÁO
# KẾT LUẬN'); Markdown's '**' may be left around it
_TYPE_LINE = re.compile(r"[*\s]*(?:KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO(?: KẾT LUẬN)?|BÁO CÁO|HƯỚNG DẪN|CHƯƠNG TRÌNH"
                        r"(?: HÀNH ĐỘNG)?|NGHỊ QUYẾT|KẾT LUẬN|CHỈ THỊ|QUY ĐỊNH|QUY CHẾ|TỜ TRÌNH|ĐỀ ÁN|ĐỀ CƯƠNG"
                        r"|CÔNG VĂN|CÔNG ĐIỆN|LỜI KÊU GỌI)[*\s]*")
_ABOUT = re.compile(r"(?:V/v|Về việc)\b", re.IGNORECASE)
_END = re.compile(r"[.!?…:;]$")


@cache
def _posts() -> re.Pattern[str]:
    """The posts a signer holds (data/titles.txt), as whole words in a folded, lower-case line."""
    titles = sorted({fold(t).lower() for t in resources.lines("titles.txt")}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, titles))})(?!\w)")


def document_title(lines: list[str], keep: list[bool], head_end: int) -> str | None:
    """The title of an official document: the lines in capitals (or 'Về việc ...') under the line
    naming its type, before its first paragraph ('KẾ HOẠCH' / 'PHÁT ĐỘNG ĐỢT THI ĐUA ...' / 'CHÀO
    MỪNG ...'); None when the page has no such line."""
    kept = [k for k in range(len(lines)) if keep[k] and lines[k].strip()]
    head = [k for k in kept if k <= head_end]
    for n, index in enumerate(head):
        if not _TYPE_LINE.fullmatch(lines[index]):
            continue
        parts: list[str] = []
        for k in kept[n + 1:len(head) + 1]:  # the head's lines after it, and the first line of the body
            line = lines[k].strip(" *")
            if not (line.isupper() or (not parts and _ABOUT.match(line))) or len(parts) >= SETTINGS.title_lines:
                break
            parts.append(line)
        return " ".join(parts) or None
    return None


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
    body = [k for k in range(head_end, len(lines)) if lines[k]]
    block = _last_lines(lines, filled) or _signature(lines, body)
    if block:
        found.update({k: "signature" for k in block})
        above = [k for k in range(min(block)) if lines[k]]
        while above and _listed(lines[above[-1]]):
            found[above.pop()] = "recipients"  # 'Các đơn vị trực thuộc': a short item, its dash lost
    run: list[int] = []  # below './.': the recipients, also where no signature is found
    for k in _after_close(lines):
        if k not in found and not _listed(lines[k]):
            break
        run.append(k)
    while run and not (run[-1] in found or RECIPIENT.fullmatch(lines[run[-1]])):
        run.pop()  # a short heading after the text ('Tin khác') starts no list of recipients
    found.update({k: "recipients" for k in run if k not in found})
    return found


def _post(line: str) -> bool:
    """A signer's post in capitals ('PHÓ CHỦ TỊCH', 'KT. BÍ THƯ')."""
    return line.isupper() and bool(_posts().search(fold(line).lower()))


def _last_lines(lines: list[str], filled: list[int]) -> list[int]:
    """A signature block that ends the text: its last short lines, one a post in capitals."""
    block: list[int] = []
    most = min(len(filled), SETTINGS.official_signature_lines)
    while len(block) < most and _signed(lines[filled[-1 - len(block)]]):
        block.insert(0, filled[-1 - len(block)])
    return block if any(_post(lines[k]) for k in block) else []


def _short(line: str) -> bool:
    """A short line with letters: not the footnotes or the separator a signature may have after it."""
    return len(line.split()) <= 8 and any(ch.isalpha() for ch in line)


def _listed(line: str) -> bool:
    """An item of a list of recipients, or a short line without a sentence's end."""
    return bool(RECIPIENT.fullmatch(line)) or (len(line.split()) <= 8 and not _END.search(line))


def _after_close(lines: list[str]) -> list[int]:
    """The non-empty lines after the last one closed by './.', unless it stands in the first third
    (a document quoted at the top of a page)."""
    for index in range(len(lines) - 1, len(lines) // 3 - 1, -1):
        if _CLOSED.search(lines[index]):
            return [k for k in range(index + 1, len(lines)) if lines[k]]
    return []


@cache
def _families() -> frozenset[str]:
    return frozenset(resources.lines("family_names.txt"))


def _name(line: str) -> bool:
    """A signer's name: two to five capitalised words after a family name ('Lâm Thị Phương Thanh')."""
    words = line.split()
    return 2 <= len(words) <= 5 and words[0] in _families() and _signed(line) and not line.isupper()


def _signature(lines: list[str], filled: list[int]) -> list[int]:
    """The signature block among these lines: the last post in capitals ('PHÓ CHỦ TỊCH') with the
    capitals above it ('TM. ỦY BAN NHÂN DÂN') and the signer's name after it, the name followed by
    nothing, a rule or footnotes (a site's own text may come after); [] if there is none."""
    for at in range(len(filled) - 1, -1, -1):
        line = lines[filled[at]]
        if not (_signed(line) and _post(line)):
            continue
        after = filled[at + 1:]
        if not after or not _name(lines[after[0]]) or (len(after) > 1 and _short(lines[after[1]])):
            continue  # no name, or more short lines after it: a heading or a closing list
        block = [filled[at], after[0]]
        while at > 0 and lines[filled[at - 1]].isupper() and _signed(lines[filled[at - 1]]) \
                and len(block) < SETTINGS.official_signature_lines:
            at -= 1
            block.insert(0, filled[at])
        return block
    return []
