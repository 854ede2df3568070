"""Indicator stage: counts and percentages read as the standard indicators of Party-building reports.

'Đảng bộ có 3.275 đảng viên' is a total of members, 'kết nạp 59 đảng viên' members admitted, '92,36%
... hoàn thành tốt nhiệm vụ' a share of members rated good: the same unit, three indicators. Each
COUNT or PERCENT the extract stage found is linked to the indicator whose unit it counts and whose cue
stands near it (data/indicators.tsv; the first row that fits wins, rows are ordered from the most
specific), or left unlinked: the words around the number first, then its clause, then what opens the
list it is an item of ('Trong đó Đảng bộ A 32 đảng viên' after 'kết nạp được 82 đảng viên'). A quota,
a plan or a forecast states no value (data/indicator_rules.json). Numbers in tables are read with
their column's header or their row's first cell. The period is what the number's clause, sentence or
list says ('6 tháng đầu năm 2024' -> '2024-H1', 'nhiệm kỳ 2020 - 2025', 'từ năm 2015 đến năm
2020'), else the report's own (its title's, else its year). Comparisons then put values of one
indicator side by side, never averages of unrelated percentages or sums of different counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import resources
from pipeline.entities.quantities import read_number
from pipeline.fold import fold
from pipeline.model import Document, IndicatorValue, sentence_at
from pipeline.settings import SETTINGS


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    kind: str  # stock | flow | share
    units: re.Pattern[str]
    cues: re.Pattern[str] | None
    never: re.Pattern[str] | None


@cache
def taxonomy() -> tuple[Indicator, ...]:
    """The rows of data/indicators.tsv, in file order."""
    rows = resources.table("indicators.tsv")
    return tuple(Indicator(r["id"], r["name"], r["unit"], r["kind"], re.compile(r["units"]),
                           re.compile(r["cues"]) if r["cues"] else None,
                           re.compile(r["not"]) if r["not"] else None) for r in rows)


_HALF = re.compile(r"(6|sáu) tháng (đầu|cuối) năm(?: (\d{4}))?")
_QUARTER = re.compile(r"quý (i{1,3}|iv|[1-4])(?:[/ ](?:năm )?(\d{4}))?")
_TERM = re.compile(r"nhiệm kỳ (\d{4})\s*[-–]\s*(\d{4})")
_SINCE = re.compile(r"từ (?:năm )?((?:19|20)\d\d) (?:đến|tới) nay")
_SPAN = re.compile(r"từ (?:năm )?((?:19|20)\d\d) (?:đến|tới) (?:năm )?((?:19|20)\d\d)")
_YEARS = re.compile(r"trong (\d{1,2}) năm\b[^.;]*?(?:đến|tới) [^.;]*?((?:19|20)\d\d)")
_MONTH = re.compile(r"tháng (\d{1,2})[/ ](?:năm )?((?:19|20)\d\d)")
_DAY = re.compile(r"(?<![\d/.])(đến (?:ngày )?)?\d{1,2}[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?![\d/.-])")
_YEAR = re.compile(r"(?<![\d/.-])(?:năm )?((?:19|20)\d\d)(?![\d/.-])")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period(sentence: str, year: str | None) -> str | None:
    """The period a sentence speaks of, else the report's year."""
    return said(sentence, year) or year


def said(text: str, year: str | None) -> str | None:
    """The period `text` names ('6 tháng đầu năm' in a 2024 report: '2024-H1'), or None."""
    folded = rules()["citation"].sub(" ", fold(text).lower())
    if m := _SINCE.search(folded):  # 'từ năm 2006 đến nay': up to the report's year, unknown without one
        if year:
            return f"{m.group(1)}-{year}"
        folded = folded[:m.start()] + folded[m.end():]
    if m := _HALF.search(folded):
        return f"{m.group(3) or year}-H{1 if m.group(2) == 'đầu' else 2}" if (m.group(3) or year) else None
    if m := _QUARTER.search(folded):
        q = _QUARTERS.get(m.group(1), m.group(1))
        return f"{m.group(2) or year}-Q{q}" if (m.group(2) or year) else None
    if m := _TERM.search(folded) or _SPAN.search(folded):
        return f"{m.group(1)}-{m.group(2)}"
    if m := _YEARS.search(folded):  # 'trong 8 năm, ... đến 31-3-2012': 2004-2012
        return f"{int(m.group(2)) - int(m.group(1))}-{m.group(2)}"
    if m := _MONTH.search(folded):
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    if (m := _DAY.search(folded)) and 1 <= int(m.group(2)) <= 12:  # a day names its month; 'đến' a date, its year
        return m.group(3) if m.group(1) else f"{m.group(3)}-{int(m.group(2)):02d}"
    if m := _YEAR.search(folded):
        return m.group(1)
    return None


def _yearly(row: Indicator, when: str | None) -> str | None:
    """A stock's period: a stock is a level counted at a date, and districts are compared by the year
    it was counted in, so a day or a month ('đến 31/12/2020', 'tháng 6/2021') gives its year."""
    return when[:4] if row.kind == "stock" and when and re.fullmatch(r"\d{4}-\d\d", when) else when


@cache
def rules() -> dict[str, re.Pattern[str]]:
    """data/indicator_rules.json, compiled: what holds for every indicator."""
    return {k: re.compile(v) for k, v in resources.data("indicator_rules.json").items() if not k.startswith("_")}


def link(unit: str, clause: str) -> Indicator | None:
    """The indicator a number with this unit states in this clause ('§' marks where the number
    starts), or None: a quota, a plan or a forecast states none."""
    folded = fold(clause).lower()
    if rules()["not_a_value"].search(folded):
        return None
    for row in _counting(unit):
        if row.cues is not None and not row.cues.search(folded):
            continue
        if row.never is not None and row.never.search(folded):
            continue
        return row
    return None


@lru_cache(maxsize=1024)
def _counting(unit: str) -> tuple[Indicator, ...]:
    """The indicators whose unit pattern fits this unit, in file order (units repeat: 'đảng viên')."""
    folded_unit = fold(unit).lower().strip()
    return tuple(row for row in taxonomy() if row.units.search(folded_unit))


def _around(text: str, start: int, end: int, stops: str) -> str:
    """The piece of `text` between the stop characters on either side of text[start:end], with
    '§' marking where the number starts. A cue after 'trong đó' belongs to the part it opens, not to a
    number before it."""
    left = max(text.rfind(c, 0, start) for c in stops)
    rights = [i for c in stops + "." if (i := text.find(c, end)) != -1]
    right = min(rights) if rights else len(text)
    if subset := rules()["subset"].search(fold(text[end:right]).lower()):
        right = end + subset.start()
    return text[left + 1:start] + "§ " + text[start:right]


def _window(clause: str) -> str:
    """The clause cut to the characters around its number a cue may govern it from."""
    at = clause.index("§")
    return clause[max(0, at - SETTINGS.indicator_before):at + SETTINGS.indicator_after]


def _lead(text: str, at: int, before: str) -> str:
    """What opens the list a number is an item of: the sentence before one that breaks it down
    ('... kết nạp được 82 đảng viên. Trong đó Đảng bộ Trường A 32 đảng viên, ...'), or the words
    before a colon ('... được kết nạp Đảng như Nam Định: 1.014 người; Ninh Bình: 455 người')."""
    colon = text.find(":")
    return before or (text[:colon] if -1 < colon < at else "")


def _stored_unit(row: Indicator, unit: str) -> str:
    """The unit a value is stored with: '%' for a percentage, else what the indicator counts, or,
    for a count read as a share's indicator ('4.164 đảng viên' rated good), the noun it counts,
    so that a compare column of shares never holds a count."""
    return "%" if unit == "%" else row.unit if row.unit != "%" else fold(unit).lower().strip()


def _context(doc: Document, index: int | None, start: int, end: int) -> tuple[str, int, str]:
    """The text a number is read in (its sentence; 200 characters either side of a number outside
    every sentence), its offset in the document, and the sentence before when this one opens
    with 'Trong đó' / 'Cụ thể' and so breaks that one down."""
    if index is None:
        begin = max(0, start - 200)
        return doc.text[begin:end + 200], begin, ""
    sentence, k = doc.sentences[index], index
    while k > max(0, index - 3) and rules()["continues"].search(fold(doc.sentences[k].text).lower()):
        k -= 1  # 'Trong đó, ...' after 'Trong đó, ...': back to the sentence both break down
    return sentence.text, sentence.start, doc.sentences[k].text if k < index else ""


def indicators(doc: Document) -> Document:
    """Fill `doc.indicators` from its COUNT and PERCENT entities."""
    year = (doc.metadata.date or "")[:4] or None
    default = period(doc.metadata.title or "", year)  # the report's own period
    found, starts, rows = [], [s.start for s in doc.sentences], _table_rows(doc)
    cells = [(a, b) for _, row in rows for a, b in row]
    for entity in doc.entities:
        if entity.label not in ("COUNT", "PERCENT") or any(a <= entity.start < b for a, b in cells):
            continue  # numbers in a table are read by cell, with their column's header
        unit = "%" if entity.label == "PERCENT" else str(entity.norm.get("unit") or "")
        index = sentence_at(starts, entity.start)
        if index is not None and entity.start >= doc.sentences[index].end:
            index = None  # between two sentences
        text, begin, before = _context(doc, index, entity.start, entity.end)
        at, to = entity.start - begin, entity.end - begin
        # the words around the number first ('kiểm tra 12 cuộc, giám sát 8 cuộc'), then its clause,
        # then what opens the list it is an item of
        near = _around(text, at, to, ",;:()")
        lead = _lead(text, at, before)
        row = (link(unit, near) or link(unit, _window(_around(text, at, to, ";:")))
               or (link(unit, lead[-SETTINGS.indicator_before:] + " " + near) if lead else None))
        if row is not None:
            when = said(near, year) or said(text, year) or said(lead, year) or default
            found.append(IndicatorValue(row.id, float(entity.norm.get("value")), _stored_unit(row, unit),
                                        _yearly(row, when), entity.text, entity.start, entity.end, index))
    doc.indicators = sorted(found + _tables(doc, rows, year, default), key=lambda v: v.start)
    return doc


_CELL = re.compile(r"\s*[~≈]?\s*(?:hơn |khoảng |gần |trên )?(?P<number>\d[\d.,]*)\s*(?P<unit>%|[^\W\d][^|]*?)?\s*")
_COUNTED = re.compile(r"^(?:tổng số|số lượng|số)\s+")


def _table_rows(doc: Document) -> list[tuple[list[str], list[tuple[int, int]]]]:
    """Each data row of each table (clean's `doc.tables`) with its table's header: the cells'
    texts of its first row, and the row's cell spans."""
    rows = []
    for table in doc.tables:
        header = [doc.text[a:b] for a, b in table[0]]
        rows += [(header, row) for row in table[1:] if len(row) == len(header)]
    return rows


def _cell(cell: str, labels: tuple[str, ...]) -> tuple[Indicator, float, str] | None:
    """(indicator, value, unit) of a number in a table cell, read with its unit ('12.400 đảng viên',
    '92,5%') or, bare, with the first label naming an indicator (the column's header, then the
    row's first cell): 'Số đảng viên' is a total, 'Kết nạp đảng viên mới' members admitted."""
    m = _CELL.fullmatch(cell)
    number = read_number(m.group("number")) if m else None
    if number is None or (m.group("unit") != "%" and said(m.group("number"), None)):
        return None  # not a number, or a year
    for label in labels:
        words = fold(label).lower().strip()
        clause = f"tổng số § {words}" if _COUNTED.match(words) else f"{words} §"
        nouns = words.split()
        for unit in [m.group("unit")] if m.group("unit") else [" ".join(nouns[n:]) for n in range(len(nouns))]:
            if row := link(_COUNTED.sub("", unit), clause):
                return row, float(number), _stored_unit(row, _COUNTED.sub("", unit))
    return None


def _tables(doc: Document, rows: list[tuple[list[str], list[tuple[int, int]]]], year: str | None,
            default: str | None) -> list[IndicatorValue]:
    """Numbers in table cells (a row 'Lần thứ hai · 1982 · 15.100 · 342' under 'Đại hội · Năm · Số
    đảng viên · Số tổ chức cơ sở đảng'; 'Số đảng viên · 4.120 · 4.164' under 'Chỉ tiêu · 2022 ·
    2023'; `rows` from _table_rows). The period is what the column's header or a cell of the row says."""
    found: list[IndicatorValue] = []
    starts = [s.start for s in doc.sentences]
    for header, row in rows:
        cells = [doc.text[a:b] for a, b in row]
        for j, (start, end) in enumerate(row):
            if j and (read := _cell(cells[j], (header[j], cells[0]))):
                indicator, value, unit = read
                when = said(header[j], year) or next((w for c in cells if (w := said(c, year))), None) or default
                found.append(IndicatorValue(indicator.id, value, unit, _yearly(indicator, when), cells[j], start, end,
                                            sentence_at(starts, start)))
    return found
