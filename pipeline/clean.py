"""Clean stage: raw document -> `Document` with clean text and metadata.

Order matters: HTML entities (also those whose '&' a scraper stripped, 'nbsp;') are
repaired before ftfy, so ftfy sees real characters; legacy font text is converted
before NFC; page furniture is found line by line on the repaired text and kept in
`metadata.dropped` with its reason, so a user can see what was removed and why.

The cleaned text has one block (paragraph, heading, list item, table row) per line,
blocks separated by a blank line. The stages after this one rely on that.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache
from itertools import takewhile

import ftfy

from pipeline import dates, furniture, resources
from pipeline import metadata as meta
from pipeline.fold import VIETNAMESE, fold
from pipeline.furniture import split_glued, strip_inline
from pipeline.legacy import repair_legacy
from pipeline.model import Document, Dropped, Metadata, document_id
from pipeline.official import document_title
from pipeline.readers import CAPTION, CELL, BadInput, RawDocument
from pipeline.settings import SETTINGS

# Named entities a scraper may have stripped of their '&'. Names that end no word ('nbsp',
# 'quot', 'rdquo', numeric '#8220') are repaired even when glued to one ('thếnbsp; tình',
# 'khéoquot;'); the short ones that do end words ('amp', 'lt', 'gt'...) only where no ASCII
# letter precedes them, so 'camp;' and 'salt;' stay.
_GLUED = r"(?:nbsp|quot|ldquo|rdquo|lsquo|rsquo|laquo|raquo|hellip|ndash|mdash|middot|zwnj|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});"
_NAMED = r"(?<![A-Za-z&])(?:amp|apos|lt|gt|bull|copy|reg|deg|times|shy|lrm|rlm);"
_STRIPPED = re.compile(f"(?<!&){_GLUED}|{_NAMED}")
# Text ftfy leaves as it is: printable ASCII but '&' (entities), newlines, Vietnamese letters in
# NFC and common punctuation. Mojibake always has other characters ('á»‡', 'Ä‘', 'Ã©').
_PLAIN = re.compile(f"[\n -%'-~{VIETNAMESE}{VIETNAMESE.upper()}“”‘’–—…•]*")
_QUOTES = "\"“”„‘’'«»"
_SENTENCE_END = ".!?…:;\"”’)]»"
# 'Thành ủy.Việc': a full stop glued to the next sentence (two lower-case letters before it; looked
# at after the stop, so the regex engine skips to stops instead of trying every character)
_GLUED_STOP = re.compile(r"([.!?])(?<=[a-zà-ỹđ]{2}[.!?])(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])")
# '19.2Khen thưởng', '3.Nhiệm vụ', 'II.Phương hướng': a section number glued to its heading.
_GLUED_NUMBER = re.compile(r"^(\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.))(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])")
# 'Kinhtedothi-Tham luận', 'VOV.VN - UBND ...': a news source prefixed to the first paragraph.
# 'Kinhtedothi-', '(PLO)-', 'NDĐT - ', a bracketed code without a dash: '(CLO) Trong 6 tháng ...', and a
# paper's name of a few words in brackets before a dash: '(Dân trí) - '
_SOURCE_PREFIX = re.compile(r"^(?:\(([A-ZĐ]{2,10}(?:\.[A-Za-z]{2,3}){0,2})\)\s*(?:[-–—]\s?)?"
                            r"|\(([A-ZĐ][^\W\d_]+(?:\s[^\W\d_]+){1,2})\)\s*[-–—]\s?"
                            r"|\(?([A-ZĐ][A-Za-zĐđ]{2,}(?:\.[A-Za-z]{2,3}){0,2})\)?\s?[-–—]\s?)(?=[A-ZÀ-ỸĐ\"“])")


def repair_entities(text: str) -> str:
    """Decode HTML entities, including those a scraper stripped of their '&'."""
    for _ in range(3):  # '&amp;nbsp;' is escaped twice
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    # every stripped entity ends in ';': the lines without one, most, are not searched
    return "\n".join(_STRIPPED.sub(_repair, line) if ";" in line else line for line in text.split("\n"))


def _repair(match: re.Match[str]) -> str:
    entity, text = match.group(0), match.string
    value = html.unescape(entity if entity.startswith("&") else "&" + entity)
    if value in _QUOTES:
        before = text[match.start() - 1: match.start()]
        after = text[match.end(): match.end() + 1]
        if (before and before in _QUOTES) or (after and after in _QUOTES):
            return ""  # '“quot;': the entity duplicates a real quote mark
    return value


def normalize(text: str) -> tuple[str, str | None]:
    """Entities, legacy fonts, mojibake, NFC, spaces. Returns (text, legacy encoding found)."""
    text = repair_entities(text)
    text, legacy = repair_legacy(text)
    if not _PLAIN.fullmatch(text):  # most texts: nothing ftfy would change, and it is slow
        text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    text = unicodedata.normalize("NFC", text)  # an eth typed for 'Đ' stays: fold() reads it as 'Đ'
    text = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\t\f\v]", " ", text)
    text = re.sub(r"[\u200c\u200d\u2060\u00ad]", "", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, legacy


_LINE_END = (".", "!", "?", ":", ";", "…", "|", CELL)
# a figure that goes on in lower case ('10/4/2025 của Tỉnh ủy'), not a list item ('2. Công tác') or a
# new line of its own ('7 Nguyên tắc ...')
_DAY_GOES_ON = re.compile(r"\d{1,2}(?:\s+tháng\s+\d{1,2}|[/.-]\d{1,2}[/.-]\d{2,4})")  # '26 tháng 11', '26/11/2025'
_FIGURE_GOES_ON = re.compile(r"\d[\d.,/%-]*(?<![.)])\s+[^\W\d_]", re.UNICODE)


def unwrap(text: str) -> str:
    """Lines a converter wrapped at a width ('... Kế hoạch số 319-KH/TU ngày' / '10/4/2025 của Tỉnh
    ủy ...') joined back: a line that ends no sentence, then one that goes on in lower case or
    with a figure (after a line as long as a wrapped one: a byline and its stamp stay two lines). A
    line opening in capitals may be a new paragraph, a caption or a heading: kept."""
    out: list[str] = []
    for line in text.split("\n"):
        rest = line.lstrip()
        previous = out[-1].rstrip() if out else ""
        if _goes_on(previous, rest):
            out[-1] = f"{previous} {rest}"
        else:
            out.append(line)
    return "\n".join(out)


def _goes_on(previous: str, rest: str) -> bool:
    if not rest or not previous or previous.endswith(_LINE_END) or CAPTION in previous + rest or "|" in rest:
        return False
    if rest[0].islower():
        return len(previous.split()) >= 3  # not a counter and its label: '5' / 'rx online'
    words = previous.split()
    counted = len(words) > 1 and words[-2][:1].isdigit() and words[-1].lower() == "ngày"  # '42 ngày': days
    last = words[-1].lower().strip("*_")
    if last == "ngày" and _DAY_GOES_ON.match(rest):
        return True  # '*Hà Nội, ngày' / '26 tháng 11 năm 2025*': a date line, however short
    if len(previous) >= SETTINGS.wrapped_min_chars and last in _open_endings() and "|" not in previous and not counted:
        return True  # '... ngày 29/11/2024 của' / 'Ban Bí thư về ...': no paragraph ends on 'của'
    figure = _FIGURE_GOES_ON.match(rest)  # not a byline and its stamp: 'Nhóm PV' / '13-10-2020 13:33'
    return bool(figure) and figure.group()[-1].islower() and len(previous) >= SETTINGS.wrapped_min_chars


@cache
def _open_endings() -> frozenset[str]:
    return frozenset(resources.lines("open_endings.txt"))


def clean_line(line: str) -> str:
    line = _GLUED_NUMBER.sub(r"\1 ", _GLUED_STOP.sub(r"\1 ", line))
    return " ".join(line.split())


def clean(raw: RawDocument) -> Document:
    """Repair, strip furniture and find metadata. Raises BadInput for an unusable document."""
    if error := raw.hints.get("error"):
        raise BadInput(error)
    if len(raw.body) > SETTINGS.max_chars:
        raise BadInput(f"document too long ({len(raw.body):,} characters > {SETTINGS.max_chars:,})")
    body, legacy = normalize(raw.body)
    # a word-segmented dataset's lines are paragraphs: nothing to unwrap
    raw_lines = split_glued(body if raw.format == "ws" else unwrap(body)).split("\n")
    dropped: list[Dropped] = []
    lines = _pipe_rows([strip_inline(clean_line(line.replace(CAPTION, "")), dropped) for line in raw_lines])
    hint_title = _title_text(raw.title)
    keep = furniture.find(lines, raw_lines, raw.format, dropped, hint_title)

    head_end = furniture.head_end_of(lines, keep)
    title = hint_title or document_title(lines, keep, head_end) or _guess_title(lines, keep, head_end)
    if hint_title:  # a headline the body repeats; a title guessed from the body is its own first line, kept
        key = _line_key(title)
        for index, line in enumerate(lines):
            if keep[index] and (_line_key(line) == key or (index < head_end and _same_headline(line, title))):
                keep[index] = False
                dropped.append(Dropped(line, "title"))
                break
        else:  # a page crawled as one block opens with its headline: 'Tổng hợp ...? Nguyên tắc ...'
            first = _first_kept(keep)
            if first >= 0 and len(lines[first]) > len(title) and lines[first].startswith(title):
                lines[first] = lines[first][len(title):].strip()
                dropped.append(Dropped(title, "title"))
        _drop_categories(lines, keep, key, dropped)
    date = dates.parse_date(raw.date) if raw.date else None
    own = takewhile(lambda item: not item.reason.startswith("related"), dropped)  # a related box dates its items
    stamped = min((d for item in own if item.reason == "dateline" if (d := dates.parse_date(item.text))),
                  default=None)  # a portal stamps the page with today as well: the earliest is the article's
    if date is None or (stamped and stamped < date):
        date = stamped or date  # the page's own stamp before a crawler's or a feed's date of it: a page
        # is stamped when it is published, and crawled or fed later, days or months (ISO dates compare)
    if date is None:  # a date line of the report itself: 'Nghi Lộc, ngày 18 tháng 6 năm 2010'
        head = [line for index, line in enumerate(lines[: furniture.head_end_of(lines, keep)]) if keep[index]]
        date = next((d for line in head if len(line.split()) <= 12 if (d := dates.parse_date(line))), None)
    if date is None and raw.hints.get("upload_date"):  # a page without a date of its own
        date = dates.parse_date(raw.hints["upload_date"])
    first = _first_kept(keep)
    if not hint_title and title and first >= 0 and _line_key(lines[first]) == _line_key(title):
        first = _first_kept(keep, first + 1)  # a lead's source prefix comes after the page's own title line
    paragraphs = [_strip_source(line, dropped) if i == first else line for i, line in enumerate(lines) if keep[i]]
    text, tables = _layout(paragraphs)
    if not text.strip():
        raise BadInput("no text left after cleaning" if raw.body.strip() else "document has no text")

    # the furniture that says where a document comes from: an official letterhead ('TỈNH ĐẮK LẮK'),
    # its place-and-date line, an encyclopedia's infobox ('Địa điểm | ...'): asked when the text is silent
    located = "\n".join(item.text.replace(CELL, " ") for item in dropped if item.reason in SETTINGS.placed_furniture)
    place = meta.find_place(text, title) or (meta.find_place("", title=located) if located else None)  # its first unit
    metadata = Metadata(
        title=title, date=date, place=place,
        province=meta.find_province(text, place, title) or (meta.find_province(located, place) if located else None)
        or meta.province_of_site(raw.url),
        url=raw.url, format=raw.format, encoding=legacy or raw.encoding, dropped=dropped,
    )
    return Document(id=document_id(raw.raw), source=raw.source, text=text, metadata=metadata, tables=tables)


_SPACED_PIPE = re.compile(r"\S\s+\|\s+\S")


def _pipe_rows(lines: list[str]) -> list[str]:
    """Rows of a table a crawler left as text ('1 | Tỉnh Quảng Trị | Hợp nhất ... |'): two or more
    lines running with cells between spaced '|' become table rows, as if read from <tr>; a line
    of bare '|' is leftover markup."""
    out = ["" if line.strip() and not line.strip(" |") else line for line in lines]
    content = [index for index, line in enumerate(out) if line.strip()]
    cells = {index: re.split(r"\s+\|\s+", out[index].strip().strip("|").strip())
             for index in content if "|" in out[index] and _SPACED_PIPE.search(out[index])}  # '|': a quick no
    for n, index in enumerate(content):  # a row beside a row of as many cells
        near = [content[m] for m in (n - 1, n + 1) if 0 <= m < len(content)]
        if index in cells and any(len(cells.get(k, ())) == len(cells[index]) for k in near):
            out[index] = CELL.join(cells[index])
    return out


def _layout(lines: list[str]) -> tuple[str, list[list[list[tuple[int, int]]]]]:
    """The text, a blank line between paragraphs, and where its tables' cells stand. A table
    row's cells are paragraphs of their own, as annotators read them ('each cell text that is a
    sentence counts as one'), with no '|' left; consecutive rows make one table."""
    parts: list[str] = []
    tables: list[list[list[tuple[int, int]]]] = []
    at, in_table = 0, False
    for line in lines:
        if not line.replace(CELL, "").strip():
            continue
        if CELL not in line:
            parts.append(line)
            at, in_table = at + len(line) + 2, False
            continue
        if not in_table:
            tables.append([])
        row = []
        for cell in (c.strip() for c in line.split(CELL)):
            row.append((at, at + len(cell)))
            if cell:
                parts.append(cell)
                at += len(cell) + 2
        tables[-1].append(row)
        in_table = True
    return "\n\n".join(parts), tables


def _guess_title(lines: list[str], keep: list[bool], head_end: int) -> str | None:
    """The longest kept header line (before `head_end`, the first body line) of three words or more
    that does not end a sentence; or a question opening the text, when nothing comes before it ('Nên
    sửa đổi Hiến pháp theo hướng nào?')."""
    head = [line for index, line in enumerate(lines[:head_end]) if keep[index]]
    candidates = [line for line in head if len(line.split()) >= 3 and len(line) <= 300
                  and not line.endswith((".", ";", ",")) and CELL not in line]  # a table row is no title
    if not head and _first_kept(keep) == head_end and head_end + 1 < len(lines):
        first = lines[head_end]
        if first.endswith("?") and len(first.split()) <= SETTINGS.question_title_words:
            return first
    return max(candidates, key=len, default=None)


def _title_text(title: str | None) -> str | None:
    """A crawl's headline, without the site's category tag before it ('[Nghị quyết 57] ...')."""
    if not title:
        return None
    text, _ = normalize(title)
    text = re.sub(r"^\s*\[[^\]\n]{1,40}\]\s*(?=\S)", "", text)
    return " ".join(text.split()) or None


def _same_headline(line: str, title: str) -> bool:
    """A head line that is the title written in full where the record holds it cut short or tagged
    ('[Mai Tiến Dũng] Trung ương khai trừ ... Dương Văn ...'), or the other way round."""
    a = _line_key(re.sub(r"^\s*\[[^\]]{1,60}\]\s*", "", line))
    b = _line_key(re.sub(r"^\s*\[[^\]]{1,60}\]\s*", "", title))
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 5 and long_.startswith(short) and len(short) >= SETTINGS.headline_share * len(long_)


@lru_cache(maxsize=4096)
def _line_key(line: str) -> str:
    """A line compared to another: tone style, case, spaces and punctuation ignored. Cached: the
    title is compared with the same lines for its copy, its headline and the categories above it."""
    return _NOT_WORD.sub(" ", fold(line).casefold()).strip()


_NOT_WORD = re.compile(r"[\W_]+")


def _drop_categories(lines: list[str], keep: list[bool], title_key: str, dropped: list[Dropped]) -> None:
    """Short lines above the title are section names ('Xây dựng Đảng', 'Chính trị')."""
    end = next((i for i, line in enumerate(lines) if _line_key(line) == title_key), None)
    if end is None:
        return
    for index in range(end):
        line = lines[index]
        if keep[index] and len(line.split()) <= 5 and not line.isupper() and not furniture.BODY_END.search(line):
            keep[index] = False
            dropped.append(Dropped(line, "category"))


def _first_kept(keep: list[bool], start: int = 0) -> int:
    return next((i for i in range(start, len(keep)) if keep[i]), -1)


def _strip_source(line: str, dropped: list[Dropped]) -> str:
    match = _SOURCE_PREFIX.match(line)
    if match and not re.fullmatch(r"[IVXLC]+", next(g for g in match.groups() if g)):
        dropped.append(Dropped(match.group(0).strip(), "source prefix"))
        return line[match.end():]
    return line
