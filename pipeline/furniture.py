"""Page furniture: what a web page or a crawl adds around the text, found by its shape.

Three kinds, each kept in `metadata.dropped` with its reason:
- whole lines (data/furniture.tsv: counters, share buttons, bylines, download and related-link
  lines...), photo captions (a short line describing a photo: who does what, with no reporting
  verb), closing signatures;
- pieces inside a line (data/furniture_inline.tsv: a save-button text glued to the first
  paragraph, a 'Nguồn: [Link nguồn]' tail, '(Hình từ Internet)', stray Markdown '**');
- a photo credit run into a paragraph where a crawler joined the caption to the text
  ('... phát biểu tại hội nghị. Ảnh: VGP/Nhật Bắc Đề cập đến ...'): the credit and the caption
  sentence before it.
Word lists live in data files and thresholds in `pipeline.settings`, so a new site's furniture
is a data change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import boxes, dates, resources
from pipeline.fold import LOWER, UPPER, fold, fold_all
from pipeline.furniture_rules import inline_rules, line_patterns, line_reason
from pipeline.model import Dropped
from pipeline.needs import lowered, may_match, needs
from pipeline.official import RECIPIENT, official_furniture
from pipeline.readers import CAPTION, CELL
from pipeline.settings import SETTINGS

BODY_END = re.compile(r"[.!?…:;][\"”’)\]»]*$")
_SENTENCE_BREAK = re.compile(rf"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(]?[{UPPER}])")


@cache
def caption_words() -> dict[str, re.Pattern[str]]:
    """data/captions.json: how a photo caption opens, what it shows, what it never says."""
    words = resources.data("captions.json")
    return {key: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(values, key=len, reverse=True))
                            + r")(?!\w)", re.IGNORECASE)
            for key, values in words.items() if not key.startswith("_")}




@dataclass(frozen=True)
class _Glue:
    camel: re.Pattern[str]  # a capital glued to lower case: 'đổi mớiMột' (the capital, group 1)
    opener: re.Pattern[str]  # a space before a word that opens a block
    keep: tuple[str, ...]  # camel-case words written that way ('iPhone')
    continues: frozenset[str]  # words a title or name goes on from ('về Những điều ...')


@cache
def _glue() -> _Glue:
    """data/glued.json, read once. The patterns open with the character they find (the capital, the
    space) and look behind it after: the regex engine skips to such characters, 2-3x faster than
    trying a lookbehind at every one."""
    words = resources.data("glued.json")
    camel = re.compile(rf"([{UPPER}])(?<=[{LOWER}]{{2}}[{UPPER}])(?=[{LOWER}])")
    openers = "|".join(re.escape(w) for w in sorted(words["openers"], key=len, reverse=True))
    dated = "|".join(re.escape(w) for w in sorted(words["dated"], key=len, reverse=True))
    starts = "|".join(re.escape(w) for w in sorted(words["starts"], key=len, reverse=True))
    opener = re.compile(rf"[ ](?<=[{LOWER}0-9)][ ])(?=(?:{openers})(?!\w)|(?:{dated})[ ]\d"
                        rf"|(?:{starts})[ ][{LOWER}])")
    return _Glue(camel, opener, tuple(words["keep"]), frozenset(words["continues"]))


def _glued_pieces(line: str, glue: _Glue) -> list[str]:
    """The line cut where a block starts without punctuation, but not after a word that a
    title or name goes on from ('về Những điều ...')."""
    cuts = [m.start() for m in glue.opener.finditer(line)
            if line[: m.start()].rsplit(" ", 1)[-1].lower() not in glue.continues]
    return [line[a:b].strip(" ") for a, b in zip([0, *cuts], [*cuts, len(line)])]


_URL = re.compile(r"(?:https?://|www\.)\S+")


def _outside_urls(line: str, change) -> str:
    """`change` applied to the line's text outside its web addresses ('...TsMjiIyjkc' is no glued block)."""
    if "://" not in line and "www." not in line:
        return change(line)
    pieces, end = [], 0
    for url in _URL.finditer(line):
        pieces += [change(line[end:url.start()]), url.group()]
        end = url.end()
    return "".join(pieces) + change(line[end:])


def split_glued(text: str) -> str:
    """Blocks a crawler glued together when it stripped a tag ('đổi mớiMột', 'tỉnh Trong những
    năm qua'): split them onto lines of their own. An unpunctuated run glued in front of the
    next block is a photo caption that lost its tag: it gets the caption mark."""
    glue = _glue()
    out = []
    for line in text.split("\n"):
        split = _outside_urls(line, lambda part: glue.camel.sub("\n\\1", part))
        if split != line and not any(word in line for word in glue.keep):
            line = split
        pieces = _glued_pieces(line, glue)
        if len(pieces) > 1:
            line = pieces[0]
            for piece in pieces[1:]:
                head, _, tail = line.rpartition("\n")
                sentences = _SENTENCE_BREAK.split(tail)
                last = sentences[-1]
                if (len(sentences) > 1 and not BODY_END.search(last) and len(last.split()) <= SETTINGS.caption_max_words
                        and not caption_words()["never"].search(fold(last))):
                    tail = tail[: len(tail) - len(last)].rstrip() + "\n" + CAPTION + last
                line = (head + "\n" if head else "") + tail + "\n" + piece
        out.append(line)
    return "\n".join(out)


_STAMPS = ("dateline", "timestamp")  # in-line cuts of a line that is a whole date stamp


def strip_inline(line: str, dropped: list[Dropped]) -> str:
    """The line without in-line furniture and run-in photo credits."""
    folded = fold(line)
    low = lowered(folded)
    cuts = []
    for rule in inline_rules():
        if may_match(rule.needs, low):
            cuts += [(m.start(), m.end(), rule.reason) for m in rule.pattern.finditer(folded) if m.end() > m.start()]
    if any(reason in _STAMPS for *_, reason in cuts) and dates.is_dateline(line):
        cuts = [cut for cut in cuts if cut[2] not in _STAMPS]  # 'LÊ HOA - Thứ năm, 16/05/2024 17:33 (GMT+7)' goes
        # whole, and the page's date is read from it ('Ngày đăng bài viết gốc: 14:30 | 17/03/2025')
    cuts += _run_in_credits(line) + _echoed_captions(line, folded) + boxes.run_in_contents(line)
    if not cuts:
        return line
    kept, at = [], 0
    for start, end, reason in sorted(cuts, key=lambda cut: (cut[0], -cut[1])):  # the longest of cuts at one place
        if start < at:
            continue
        kept.append(line[at:start])
        if start and end < len(line) and line[start - 1].isalnum() and line[end].isalnum():
            kept.append(" ")  # 'Đảng[3]thì': the words the cut piece held apart stay apart
        if line[start:end].strip():
            dropped.append(Dropped(line[start:end].strip(), reason))
        at = end
    kept.append(line[at:])
    return " ".join("".join(kept).split())


# 'Ảnh: ', '(Nguồn: ', or a whole '(Ảnh minh họa)', '(Hình từ Internet)' that names no one
_CREDIT = re.compile(r"[(\[]?\s*\b(?:Ảnh|ẢNH|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh)\s*:\s*|[(\[]\s*[Nn]guồn\s*:\s*"
                     r"|[(\[]\s*(?:[Ảả]nh|[Hh]ình) (?:minh ho[ạa]|từ [Ii]nternet)\s*[)\]]")
_CREDIT_NEEDS = needs(_CREDIT)  # 'Ảnh', 'guồn', 'minh ho'...: a line without one of them is not searched


def _run_in_credits(line: str) -> list[tuple[int, int, str]]:
    """'desc. Ảnh: Name/AGENCY Next sentence': the credit (up to the next sentence, a closing
    bracket or the line end) and, when text follows, the caption sentence before it."""
    cuts = []
    if not may_match(_CREDIT_NEEDS, line):
        return cuts
    for match in _CREDIT.finditer(line):
        closed = match.group().endswith((")", "]"))  # '(Hình từ Internet)': nothing more to read
        if closed and not line[match.end():].strip():
            continue  # ends the line: the whole line is a caption or not (looks_like_caption)
        tokens = [] if closed else list(re.finditer(r"\S+", line[match.end():]))
        end = match.end()
        for i, token in enumerate(tokens[: SETTINGS.credit_max_words]):
            word = token.group().lstrip("“\"‘'(")
            if i and word[:1].isupper() and i + 1 < len(tokens) and (tokens[i + 1].group()[:1].islower()
                                                                      or tokens[i + 1].group()[:1].isdigit()):
                break  # a capitalised word followed by lower case: the next sentence starts ('“Chúng ta')
            end = match.end() + token.end()
            if word.endswith((")", "]")):
                break
        else:
            if len(tokens) > SETTINGS.credit_max_words:
                continue  # no end found: not a credit
        start = match.start()
        if line[end:].strip():  # a caption joined to the text: its sentence goes too
            before = _SENTENCE_BREAK.split(line[:start].rstrip())
            caption = before[-1] if before else ""
            if 0 < len(caption.split()) <= SETTINGS.caption_max_words:
                start = line.rindex(caption, 0, start)
        cuts.append((start, end, "caption"))
    return cuts


def _echoed_captions(line: str, folded: str) -> list[tuple[int, int, str]]:
    """'X phát biểu tại buổi lễ. Phát biểu tại buổi lễ, X cho biết ...': a caption run into the text
    of a page crawled as one block, known by the next sentence opening with what the photo shows."""
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(line)]
    if len(starts) < 2:
        return []
    words = caption_words()
    shows, folded, cuts = words["shows"], folded.lower(), []  # `folded`: fold(line), same offsets
    for begin, end in zip(starts, starts[1:]):
        sentence = line[begin:end].strip()
        if len(sentence.split()) > SETTINGS.caption_max_words:
            continue  # too long for a caption, either way one is known below
        act = shows.search(folded, begin, end)
        # the person a photo shows, named again by the next sentence, marks a caption up to the
        # longest caption's length, even one a title makes long ('Ông A, Phó Chủ tịch ... phát biểu.')
        named = " ".join(folded[begin:end].split()[:3])
        if (act and folded[end:].startswith(named)
                and not words["never"].search(folded, begin, end) and not sentence.endswith((":", "?"))):
            cuts.append((begin, end, "caption"))
            continue
        if not looks_like_caption(sentence):
            continue
        echo = " ".join(folded[act.start():end].strip().rstrip(".").split()[:2]) if act else ""
        if (echo and folded[end:].startswith(echo)
                or len(sentence.split()) <= SETTINGS.caption_inline_words and words["opens"].match(folded, begin)):
            cuts.append((begin, end, "caption"))
    return cuts


# '<title> - <Name> <verb>' or '<Name> - <title> <verb>': how a press caption names who acts
_TITLE_DASH_NAME = re.compile(rf"(?:[{UPPER}][{LOWER}]*\s){{1,3}}[{UPPER}][{LOWER}]*\s[-–]\s[{UPPER}]"
                              rf"|\s[-–]\s(?:[{UPPER}][{LOWER}]*\s){{1,3}}[{UPPER}][{LOWER}]*\s[{LOWER}]")


# A portrait's caption: a cue word and a name, maybe a position '(trái)' and a second person, maybe
# the photographer's initials ('T.N')
_NAME = rf"[{UPPER}][{LOWER}]*(?:\s[{UPPER}][{LOWER}]*){{1,3}}"
_PORTRAIT = re.compile(rf"\S+(?:\s\S+)?\s{_NAME}(?:\s\((?:trái|phải|giữa)\))?"
                       rf"(?:\s(?:và|,)\s\S+(?:\s\S+)?\s{_NAME}(?:\s\((?:trái|phải|giữa)\))?)*"
                       rf"(?:\s[{UPPER}]\.[{UPPER}]\.?)?")


def looks_like_caption(line: str, folded: str | None = None) -> bool:
    """A photo caption on its own line: short, one sentence, opening like a caption ('Quang
    cảnh hội nghị', 'Các đại biểu ...') or showing someone act ('... phát biểu tại hội nghị'),
    with nothing a reported sentence has (a reporting verb, a quote, a colon, a past tense)."""
    words = line.split()
    text = fold(line) if folded is None else folded  # the caller may have folded the line
    w = caption_words()
    opens = w["opens"].match(text)  # 'Toàn cảnh hội nghị ...' may describe the photo at length
    longest = SETTINGS.caption_opened_max_words if opens else SETTINGS.caption_max_words
    if not 2 <= len(words) <= longest or _SENTENCE_BREAK.search(line.rstrip(".")):
        return False
    if line.endswith((":", ";", ",", "?")) or line.isupper() or re.match(r"^[\dIVX]+[.)]", line):
        return False
    if _LABELLED.match(line):
        return False  # 'Bước 4: Lập danh sách bầu cử ...': a labelled step or item, not a caption
    if not BODY_END.search(line) and _TITLE_DASH_NAME.search(line) and w["acts"].search(text):
        return True  # 'Trưởng ban Dân vận Tỉnh ủy - Phạm Văn Bốn quán triệt Chương trình số 53'
    if _PORTRAIT.fullmatch(line) and w["portrait"].match(text):
        return True  # 'Ông Vương Đình Huệ', 'Ông Bùi Văn Cường (trái) và ông Nguyễn Văn Thể', 'Ông A T.N'
    placed = _PLACED.search(text)  # '(phải)', '(thứ hai từ trái)': where the photo shows someone
    if w["never"].search(_PLACED.sub(" ", text) if placed else text):
        return False  # the modal 'phải' is a task's word; '(phải)' is the right of a photo
    return bool(opens) or bool(w["shows"].search(text) and (
        placed or len(words) <= SETTINGS.caption_action_words))


_PLACED = re.compile(r"\((?:phải|trái|giữa|thứ \w+ từ (?:trái|phải)(?: sang)?)\)", re.IGNORECASE)
_LABELLED = re.compile(r"[^\s:]+(?:\s+[^\s:]+){0,2}\s+\d{1,2}\s*:\s")
_ELLIPSIS = re.compile(r"\s(?:\.{3}|…)$")


def _teasers(lines: list[str], title: str | None) -> set[int]:
    """Cut-off copies ('Ban Chấp hành Trung ương khai trừ ...') of the title or of a paragraph:
    a search snippet or a teaser, present in full elsewhere; or a cut-off lead opening a page
    that has prose of its own after it (a crawler's summary field, 'Sáng 17/4, Tỉnh ủy tổ chức quán
    triệt nội dung ... ngày ...'). A page that is only such a summary keeps it: it is all there is."""
    cut = {i for i, line in enumerate(lines)  # endswith(): a quick no, before a search through the line
           if line.endswith(("...", "…")) and _ELLIPSIS.search(line) and len(line.split()) >= 5}
    if not cut:
        return set()
    keys = [boxes.key(line) for line in lines] + [boxes.key(title or "")]
    head_end = head_end_of(lines, [bool(line) and i not in cut for i, line in enumerate(lines)])  # first prose
    return {i for i in cut if i < head_end < len(lines) and len(lines[i].split()) >= SETTINGS.teaser_min_words
            or any(j != i and keys[i] and keys[i] in other for j, other in enumerate(keys))}


def find(lines: list[str], raw_lines: list[str], fmt: str, dropped: list[Dropped],
         title: str | None = None) -> list[bool]:
    """Which lines to keep; every line left out is recorded in `dropped`."""
    keep = [bool(line) for line in lines]
    folds = fold_all(lines)
    teasers = _teasers(lines, title)
    contents = boxes.contents(lines, folds, line_patterns("toc"))
    infobox = boxes.infobox(lines, folds, line_patterns("notice"))
    head_end = head_end_of(lines, [k and i not in teasers for i, k in enumerate(keep)])  # a teaser is no body
    tail_start = _tail_start(lines, keep)
    previous = previous_reason = None
    related_from = None
    body_lines = sum(keep)
    listed = _list_runs(lines)
    official = official_furniture(lines, head_end, tail_start)
    # short capitalised closing lines that no other rule explains ('Theo TTXVN', a dateline are not counted)
    signatures = {i for i in range(tail_start, len(lines)) if lines[i] and _looks_like_signature(lines[i])
                  and not dates.is_dateline(lines[i]) and line_reason(folds[i], i < head_end, True) is None}
    if len(signatures) > SETTINGS.signature_max_lines:
        signatures = set()  # 'Vụ Địa phương II', 'Viện Khoa học tổ chức, cán bộ', ...: a closing list, no signature
    for index, line in enumerate(lines):
        if not line:
            continue
        folded = folds[index]
        reason = None
        if raw_lines[index].startswith(CAPTION):
            reason = "caption"
        elif line == previous or (previous and line[0] == "\ufffd" and line.lstrip("\ufffd").strip() in previous):
            reason = "duplicate"  # also a copy of its end that a crawl cut inside a character ('�c mọi lúc ...')
        elif index in teasers:
            reason = "teaser"
        elif index in contents:
            reason = "toc"
        elif index in infobox:
            reason = "infobox"
        elif (index < head_end or index >= tail_start) and dates.is_dateline(line):
            reason = "dateline"
        elif related_from is not None:
            reason = "related"
        elif index in official:
            reason = official[index]
        elif previous_reason == "recipients" and RECIPIENT.fullmatch(line):
            reason = "recipients"  # '- Văn phòng Chính phủ (để b/c);' ... 'Lưu: VT.' under 'Nơi nhận:'
        elif previous_reason == "legal" and previous.endswith(":") and len(line.split()) <= 10:
            reason = "legal"  # 'Người ký:' / 'Lâm Thị Phương Thanh': a bare label's value
        else:
            reason = line_reason(folded, index < head_end, index >= tail_start)
            if reason is None and body_lines > 1 and index not in listed and looks_like_caption(line, folded):
                reason = "caption"
            if reason is None and fmt == "txt" and _indented_caption(raw_lines[index], line, index, head_end):
                reason = "caption"
            if reason is None and index in signatures:
                reason = "byline"
        if reason in ("related", "related-list") and related_from is None:
            if reason == "related" and index < len(lines) * SETTINGS.related_box_from:
                reason = None  # a 'Xem thêm:' in the body is text, not a related-links box
            else:
                related_from = index
        previous, previous_reason = line, reason
        if reason:
            keep[index] = False
            dropped.append(Dropped(line, reason))
    return keep


def _indented_caption(raw_line: str, line: str, index: int, head_end: int) -> bool:
    """A photo caption pasted into plain text: indented, unpunctuated, between paragraphs."""
    words = len(line.split())
    return (index > head_end and raw_line[:1] == " " and not raw_line.startswith("  ")
            and 5 <= words <= 40 and not BODY_END.search(line) and not line.isupper())


def _list_runs(lines: list[str]) -> set[int]:
    """Lines in a run of settings.list_min_lines or more that open with the same two words ('Đồng chí
    Trần Văn A, Ủy viên' / 'Đồng chí Trần Văn B' / ...): the items of a list, however caption-like."""
    opening = [" ".join(words[:2]) if len(words) > 2 else None for words in map(str.split, lines)]
    found: set[int] = set()
    run: list[int] = []
    for index, key in enumerate([*opening, None]):
        if index < len(lines) and not lines[index]:
            continue  # blank lines between the items
        if run and key == opening[run[0]]:
            run.append(index)
            continue
        if len(run) >= SETTINGS.list_min_lines:
            found.update(run)
        run = [index] if key else []
    return found


def _looks_like_signature(line: str) -> bool:
    """A closing author or office line: short, unpunctuated, capitalised ('Minh Châu (Ban Tuyên giáo)');
    never a row of a table. Markdown's emphasis ('**Minh Châu**') is read through."""
    line = line.strip("*_ ")
    words = re.sub(r"\([^)]*\)", "", line).split()
    return (1 <= len(words) <= 8 and not BODY_END.search(line.rstrip(")")) and words[0][:1].isupper()
            and CELL not in line and not _MARKED.match(line))


_MARKED = re.compile(r"(?:[A-ZĐ]|[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s")  # 'B. NỘI DUNG', '1.2. ...': a heading


def head_end_of(lines: list[str], keep: list[bool]) -> int:
    """Index of the first body line: one that reads like prose (ends a sentence, or is long)."""
    for index, line in enumerate(lines):
        if keep[index] and ((BODY_END.search(line) and len(line.split()) >= 8) or len(line) > 300):
            return index
    return len(lines)


def _tail_start(lines: list[str], keep: list[bool]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if keep[index] and BODY_END.search(lines[index]) and len(lines[index].split()) >= 8:
            return index + 1
    return len(lines)
