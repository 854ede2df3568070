"""Indicator stage: counts and percentages read as the standard indicators of Party-building reports.

'Đảng bộ có 3.275 đảng viên' is a total of members, 'kết nạp 59 đảng viên' members admitted, '92,36%
... hoàn thành tốt nhiệm vụ' a share of members rated good: the same unit, three indicators. Each
COUNT or PERCENT the extract stage found is linked to the indicator whose unit it counts and whose cue
its sentence holds (data/indicators.tsv; the first row that fits wins, rows are ordered from the most
specific), or left unlinked. The period is what the sentence says ('6 tháng đầu năm 2024' -> '2024-H1',
'nhiệm kỳ 2020 - 2025', 'năm 2023'), else the report's year. Comparisons then put values of one
indicator side by side, never averages of unrelated percentages or sums of different counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import resources
from pipeline.fold import fold
from pipeline.model import Document, IndicatorValue, sentence_at


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
_MONTH = re.compile(r"tháng (\d{1,2})[/ ](?:năm )?((?:19|20)\d\d)")
_YEAR = re.compile(r"(?<![\d/.-])(?:năm )?((?:19|20)\d\d)(?![\d/.-])")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period(sentence: str, year: str | None) -> str | None:
    """The period a sentence speaks of, else the report's year."""
    folded = fold(sentence).lower()
    if m := _HALF.search(folded):
        return f"{m.group(3) or year}-H{1 if m.group(2) == 'đầu' else 2}" if (m.group(3) or year) else None
    if m := _QUARTER.search(folded):
        q = _QUARTERS.get(m.group(1), m.group(1))
        return f"{m.group(2) or year}-Q{q}" if (m.group(2) or year) else None
    if m := _TERM.search(folded):
        return f"{m.group(1)}-{m.group(2)}"
    if m := _MONTH.search(folded):
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    if m := _YEAR.search(folded):
        return m.group(1)
    return year


def link(unit: str, sentence: str) -> Indicator | None:
    """The indicator a number with this unit states in this sentence, or None."""
    folded_unit, folded = fold(unit).lower().strip(), fold(sentence).lower()
    for row in taxonomy():
        if not row.units.search(folded_unit):
            continue
        if row.cues is not None and not row.cues.search(folded):
            continue
        if row.never is not None and row.never.search(folded):
            continue
        return row
    return None


def _around(text: str, start: int, end: int, stops: str) -> str:
    """The piece of `text` between the stop characters on either side of text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in stops)
    rights = [i for c in stops + "." if (i := text.find(c, end)) != -1]
    return text[left + 1:min(rights) if rights else len(text)]


def indicators(doc: Document) -> Document:
    """Fill `doc.indicators` from its COUNT and PERCENT entities."""
    year = (doc.metadata.date or "")[:4] or None
    found, starts = [], [s.start for s in doc.sentences]
    for entity in doc.entities:
        if entity.label not in ("COUNT", "PERCENT"):
            continue
        unit = "%" if entity.label == "PERCENT" else str(entity.norm.get("unit") or "")
        index = sentence_at(starts, entity.start)
        if index is not None and entity.start >= doc.sentences[index].end:
            index = None  # between two sentences
        sentence = doc.sentences[index] if index is not None else None
        start = sentence.start if sentence is not None else max(0, entity.start - 200)
        text = doc.text[start:sentence.end] if sentence is not None else doc.text[start:entity.end + 200]
        at, to = entity.start - start, entity.end - start
        # the words around the number first ('kiểm tra 12 cuộc, giám sát 8 cuộc'), then its clause
        row = link(unit, _around(text, at, to, ",;:")) or link(unit, _around(text, at, to, ";:"))
        if row is not None:
            found.append(IndicatorValue(row.id, float(entity.norm.get("value")), row.unit,
                                        period(text, year), entity.text, entity.start, entity.end, index))
    doc.indicators = found
    return doc
