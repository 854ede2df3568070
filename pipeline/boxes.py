"""Boxes a page sets beside its text, found by their layout: the table of contents under 'Mục
lục', and an encyclopedia's infobox (the key-value table that opens a page about a person or a
body: 'Nhiệm kỳ | 2016 – 2021', 'Tiền nhiệm | ...', 'Sinh | ...'), whose names and dates are not
the article's own statements."""

from __future__ import annotations

import re
from functools import cache

from pipeline import resources
from pipeline.fold import fold
from pipeline.needs import may_match, needs
from pipeline.readers import CELL
from pipeline.settings import SETTINGS


def key(text: str) -> str:
    """A line as compared with others: folded, lower case, words only."""
    return re.sub(r"[\W_]+", " ", fold(text).casefold()).strip()


def contents(lines: list[str], folds: list[str], marks: list[re.Pattern[str]]) -> set[int]:
    """The entries of a table of contents under 'Nội dung chính' / 'Mục lục': the lines after it
    that open a later line of the page (the headings they list, maybe cut off with '...');
    `marks` are the patterns of the heading (data/furniture.tsv, reason 'toc')."""
    tables = [i for i, folded in enumerate(folds) if folded and any(m.fullmatch(folded) for m in marks)]
    if not tables:
        return set()  # most pages: no line keyed
    keys = [key(re.sub(r"\s*(?:\.{3}|…)$", "", line)) for line in lines]
    found: set[int] = set()
    for index in tables:
        for entry in range(index + 1, len(lines)):
            if not lines[entry]:
                continue
            entry_key = keys[entry]
            if len(entry_key.split()) < 3 or not any(other.startswith(entry_key) for other in keys[entry + 1:]):
                break
            found.add(entry)
    return found


# a table of contents run into a page crawled as one block: 'Nội dung chính <entry>? <entry>? <text>'
_RUN_IN_TOC = re.compile(r"(?<!\w)(?:Nội dung chính|Mục lục bài viết|Mục lục)\s+")
_RUN_IN_TOC_NEEDS = needs(_RUN_IN_TOC)  # a line without 'Mục lục' or 'Nội dung chính' is not searched
_ENTRY = re.compile(r"[^.?!]{10,250}[.?!]\s*")


def run_in_contents(line: str) -> list[tuple[int, int, str]]:
    """The 'Nội dung chính' of a page crawled as one block and the entries after it: the
    sentences the page repeats further on (the headings they list), as cuts of the line."""
    cuts = []
    if not may_match(_RUN_IN_TOC_NEEDS, line):
        return cuts
    for mark in _RUN_IN_TOC.finditer(line):
        end = mark.end()
        while (entry := _ENTRY.match(line, end)) and entry.group().strip() in line[entry.end():]:
            end = entry.end()
        if end > mark.end():
            cuts.append((mark.start(), end, "toc"))
    return cuts


def _prose(line: str) -> bool:
    """A paragraph of text: no table row, a sentence's end and some length."""
    return CELL not in line and len(line.split()) >= 8 and line.rstrip()[-1:] in ".!?…:;"


def _keyed(line: str) -> bool:
    """A row 'key | value' (or a key alone) whose key is a short label without figures ('Tiền
    nhiệm', 'Sinh', 'Thông tin cá nhân'); the empty cells of a wide layout table do not count."""
    cells = [c.strip() for c in line.split(CELL) if c.strip()]
    return 1 <= len(cells) <= 2 and len(cells[0].split()) <= 4 and not any(ch.isdigit() for ch in cells[0])


@cache
def _infobox_keys() -> frozenset[str]:
    return frozenset(key(label) for label in resources.lines("infobox_keys.txt"))


def _label(line: str) -> str:
    return key(next((c for c in line.split(CELL) if c.strip()), ""))


def infobox(lines: list[str], folds: list[str], notices: list[re.Pattern[str]]) -> set[int]:
    """The rows of the table that opens a page before its first paragraph (an encyclopedia's
    notices aside: `notices`, data/furniture.tsv), when most of its rows are 'key | value' pairs
    (settings.infobox_min_rows at least) and two of them carry an infobox's labels
    (data/infobox_keys.txt); set() for any other page."""
    rows: list[int] = []
    for index, line in enumerate(lines):
        if not line or any(m.fullmatch(folds[index]) for m in notices):
            continue
        if _prose(line):
            break
        if CELL in line:
            rows.append(index)
    keyed = sum(_keyed(lines[k]) for k in rows)
    labelled = sum(_label(lines[k]) in _infobox_keys() for k in rows)
    if len(rows) < SETTINGS.infobox_min_rows or keyed < SETTINGS.infobox_keyed_share * len(rows) \
            or labelled < 2:
        return set()
    return set(rows)
