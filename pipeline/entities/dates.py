"""DATE: 'ngày 02/8/2017', 'tháng 9/2020', 'quý I/2019', '13/10' (the year taken from the text)."""

from __future__ import annotations

import re

from pipeline.dates import ROMANS, day, iso, month, year
from pipeline.entities.tokens import _Taken
from pipeline.model import Entity

_D, _M, _Y = day(), month(), year()  # the one date grammar (pipeline/dates.py)


_B = r"(?<![\w/.,:-])"  # not glued to a word, code or number


_E = r"(?![\w/%]|[.,:-]\d)"


_AFTER = "|".join(rf"(?<={w}\s)" for w in ("sáng", "chiều", "tối", "đêm", "hôm", "từ", "đến"))


_QUARTER = r"(?P<q>I{1,3}|IV|[1-4])"


_DATES = [
    # (pattern, precision) in priority order; group 'k' is a leading keyword kept in the span
    (rf"{_B}(?P<k>ngày\s+)?{_D}\s+tháng\s+{_M}(?:,?\s+năm\s+|,\s*){_Y}{_E}", "day"),
    (rf"{_B}(?P<k>ngày\s+)?{_D}\s?(?P<s>[/.-])\s?{_M}\s?(?P=s)\s?{_Y}{_E}", "day"),
    (rf"{_B}{_Y}-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){_E}", "day"),
    # 'Từ ngày 04 đến ngày 12/9/2018': the month and year come from the end of the range
    (rf"{_B}(?P<k>ngày\s+){_D}(?=\s*(?:đến|-|–|và)\s*(?:ngày\s+)?\d{{1,2}}\s?[/.-]\s?{_M}\s?[/.-]\s?{_Y}{_E})",
     "day"),
    (rf"{_B}(?P<k>quý\s+){_QUARTER}\s?(?:[/-]\s?|\s+năm\s+){_Y}{_E}", "quarter"),
    (rf"{_B}(?P<k>tháng\s+){_M}(?:,?\s+năm\s+){_Y}{_E}", "month"),
    (rf"{_B}(?P<k>tháng\s+)?{_M}\s?[/-]\s?{_Y}{_E}", "month"),
    (rf"{_B}(?P<k>năm\s+){_Y}{_E}", "year"),
    (rf"{_B}(?P<k>ngày\s+){_D}\s?[/.-]\s?{_M}{_E}", "daymonth"),
    (rf"(?:(?<=\()|{_AFTER}){_D}/{_M}(?=\)|\s|$|[,.;])(?!\.\d)", "daymonth"),
    (rf"{_B}(?P<k>quý\s+){_QUARTER}(?![\w/-])", "quarteronly"),
    (rf"{_B}(?P<k>tháng\s+){_M}(?![\w/%]|[.,:-]\d|\s+năm\s+\d)", "monthonly"),
]


_DATE_PATTERNS = [(re.compile(p, re.IGNORECASE), kind) for p, kind in _DATES]
# where any of them can start: a keyword or a digit opening a word (after '(' or 'sáng ' too)
_STARTS = re.compile(rf"{_B}(?:\d|ngày|tháng|quý|năm)", re.IGNORECASE)




def _iso(m: re.Match, precision: str, year: int | None) -> str | None:
    g = m.groupdict()
    if precision in ("daymonth", "quarteronly", "monthonly"):
        g["y"] = year  # the document's year, when known
    if precision in ("day", "daymonth"):
        return iso(g["y"], g["m"], g["d"])
    if precision in ("quarter", "quarteronly"):
        q = g["q"].upper()
        q = ROMANS.get(q) or int(q)
        return f"{g['y']}-Q{q}" if g["y"] else f"--Q{q}"
    if precision == "year":
        return g["y"]
    month = f"{int(g['m']):02d}"
    return f"{int(g['y']):04d}-{month}" if g["y"] else f"--{month}"


def _dates(text: str, folded: str, taken: _Taken, year: int | None) -> list[Entity]:
    """Dates in priority order of their patterns; one without a year takes `year`, else the year of
    the last date written before it, else of the first one after it."""
    matches: list[tuple[re.Match, str]] = []
    starts = [m.start() for m in _STARTS.finditer(folded)]
    for pattern, precision in _DATE_PATTERNS:
        end = 0  # as pattern.finditer, tried only where a date can start: a scan of the text per pattern is slow
        for i in starts:
            if i >= end and (m := pattern.match(folded, i)):
                end = m.end()
                if not taken.hits(m.start(), m.end()):
                    matches.append((m, precision))
                    taken.add(m.start(), m.end())
    matches.sort(key=lambda found: found[0].start())
    written = [int(y) if (y := m.groupdict().get("y")) else None for m, _ in matches]
    dates = []
    for k, (m, precision) in enumerate(matches):
        known = year or next((y for y in reversed(written[:k]) if y), None) or next(
            (y for y in written[k + 1 :] if y), None)
        iso = _iso(m, precision, known)
        if iso:
            dates.append(Entity("DATE", text[m.start() : m.end()], m.start(), m.end(), {"iso": iso}))
    return dates
