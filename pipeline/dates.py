"""Dates: the one grammar of written dates (day, month, year as regex pieces; `iso` checks a
date exists) that metadata, entities and references build their patterns from, and the
publication stamps of a page ('Thứ Tư, ngày 28 tháng 2 năm 2024', '19/03/2018 - 07:08',
'2021-05-04T08:00:00+07:00'): a line that is only such a stamp is page furniture, lifted into
metadata and left out of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import cache

from pipeline import resources
from pipeline.fold import fold
from pipeline.settings import SETTINGS


def roman(n: int) -> str:
    """A number in Roman numerals, as terms, congresses and quarters are numbered ('khóa XIII')."""
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


ROMANS = {roman(n): n for n in range(1, 60)}  # the one reader of Roman numerals: 'XIII' -> 13


class DateError(ValueError):
    """Bad input to a date function; the message is one line."""


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise DateError(f"{what} expects text, got {type(value).__name__}")
    return value


def _words(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so 'thứ năm' wins over 'thứ'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SP = SP = r"[ \t\xa0]"


def day(group: str = "d") -> str:
    return rf"(?P<{group}>0?[1-9]|[12]\d|3[01])"


def month(group: str = "m") -> str:
    return rf"(?P<{group}>0?[1-9]|1[0-2])"


def year(group: str = "y") -> str:
    return rf"(?P<{group}>1[89]\d\d|20\d\d)"


# Day-month-year forms. All are searched on fold(text), case-insensitively.
_DATE = re.compile(
    rf"(?<!\d){year('iy')}-{month('im')}-{day('id')}(?!\d)"  # ISO 2021-05-04
    rf"|ngày{_SP}+{day('wd')}{_SP}+tháng{_SP}+{month('wm')}{_SP}*(?:,|năm|,{_SP}*năm){_SP}*{year('wy')}(?!\d)"
    rf"|tháng{_SP}+{month('am')}{_SP}+{day('ad')},?{_SP}+{year('ay')}(?!\d)"  # 'Tháng 5 12, 2023'
    rf"|(?<![\d/.-]){day()}(?P<sep>[/.-]){month()}(?P=sep){year()}(?!\d)",  # 12/5/2022, 13-10-2020
    re.IGNORECASE,
)
_YEARS = range(1900, 2101)


def iso(year: int | str | None, month: int | str, day: int | str) -> str | None:
    """'YYYY-MM-DD' of a written date, or None for one that does not exist (31/02, month 13);
    without a year, '--MM-DD' (29/02 is a date: 2000 was a leap year)."""
    try:
        found = date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return None
    return found.isoformat() if year else found.strftime("--%m-%d")


def _iso(match: re.Match) -> str | None:
    """A publication date: one that exists, in 1900-2100."""
    for y, m, d in (("iy", "im", "id"), ("wy", "wm", "wd"), ("ay", "am", "ad"), ("y", "m", "d")):
        if match.group(y):
            return iso(match.group(y), match.group(m), match.group(d)) if int(match.group(y)) in _YEARS else None
    return None


def parse_date(text: str) -> str | None:
    """The first valid full date in a date line or phrase, as 'YYYY-MM-DD'; None if there is none.

    A month without a day ('tháng 2/2024') or a relative stamp ('9 giờ trước') is no date.
    """
    text = fold(_text(text, "parse_date"))
    for match in _DATE.finditer(text):
        if iso := _iso(match):
            return iso
    if _RFC2822.search(text):  # feeds and front matter: 'Tue, 25 Jun 2024 12:00:00 +0700'
        try:
            return parsedate_to_datetime(_RFC2822.search(text).group(0)).date().isoformat()
        except (TypeError, ValueError):
            return None
    return None


_AGO = re.compile(r"^\s*(?:khoảng\s+)?(\d{1,3})\s+(giây|phút|giờ|tiếng|ngày|tuần)\s+trước\s*$|^\s*(hôm nay|hôm qua)\s*$",
                  re.IGNORECASE)
_AGO_SPAN = {"giây": timedelta(seconds=1), "phút": timedelta(minutes=1), "giờ": timedelta(hours=1),
             "tiếng": timedelta(hours=1), "ngày": timedelta(days=1), "tuần": timedelta(weeks=1)}


def ago(text: str, crawled: str | float | int | None) -> str | None:
    """The day a relative stamp ('4 giờ trước', 'hôm qua') names, counted back from when the page
    was crawled (epoch seconds or ISO 8601), in the sites' time zone (settings.site_utc_offset); None
    when either is missing or unreadable."""
    m = _AGO.match(fold(str(text)))
    when = _moment(crawled)
    if not m or when is None:
        return None
    if m.group(3):
        back = timedelta(days=m.group(3).lower() == "hôm qua")
    else:
        back = int(m.group(1)) * _AGO_SPAN[m.group(2).lower()]
    return (when - back).date().isoformat()


def _moment(value: str | float | int | None) -> datetime | None:
    """A crawl time as an aware datetime in the sites' zone: epoch seconds (or milliseconds), or ISO."""
    zone = timezone(timedelta(hours=SETTINGS.site_utc_offset))
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = None
    try:
        if number is not None:
            return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, zone)
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)


_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[A-Z]{2,4})?")


@dataclass(frozen=True)
class _Stamp:
    pieces: re.Pattern[str]  # everything a stamp is made of
    byline: re.Pattern[str]  # a short author/source segment after '|'


@cache
def _stamp() -> _Stamp:
    words = resources.data("dateline.json")

    def w(key: str) -> str:
        return rf"(?<!\w)(?:{_words(words[key])})(?!\w)"

    time = rf"(?<!\d)\d{{1,2}}(?:[:h]\d{{2}}(?::\d{{2}})?|{_SP}*giờ(?:{_SP}*\d{{1,2}}(?:{_SP}*phút)?)?)(?!\d)"
    pieces = "|".join((
        rf"{w('counters')}{_SP}*:?{_SP}*[\d.,]+|(?<![\w.,])[\d.,]+{_SP}*{w('counters')}",
        r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:z|[+-]\d{2}:?\d{2})?(?!\w)",
        _DATE.pattern,
        rf"(?:gmt|utc){_SP}*[+-]{_SP}*\d{{1,2}}(?::?\d{{2}})?|(?<![\w])[+-]\d{{2}}:\d{{2}}(?!\d)",
        time,
        w("weekdays"), w("labels"), w("fillers"),
    ))
    byline = rf"(?:(?:{_words(words['byline_labels'])}){_SP}*:?{_SP}*)?[^\W\d_][^\d|:;!?]{{0,60}}"
    return _Stamp(re.compile(pieces, re.IGNORECASE), re.compile(byline, re.IGNORECASE))


_SEPARATORS = re.compile(r"[\s,:;()\[\]\-–—/•·.|]*")


def is_dateline(line: str) -> bool:
    """True when the line is only a publication stamp: a date, maybe with a weekday, a time,
    a label ('Ngày đăng', 'Cập nhật'), a view counter, or a byline after '|'.

    A sentence that merely contains a date ('Ngày 12/5/2022, Ban Thường vụ...') and a
    document's own place-date line ('Hà Nội, ngày 12 tháng 5 năm 2022') are text, not stamps.
    """
    line = fold(_text(line, "is_dateline")).strip()
    if not line or len(line) > 160 or parse_date(line) is None:
        return False
    stamp = _stamp()
    dated = False
    for segment in re.split(r"\||\s[-–]\s", line):  # also "Vương Trần - Thứ năm, 16/05/2024 17:33"
        rest = stamp.pieces.sub(" ", segment)
        if _SEPARATORS.fullmatch(rest):
            dated = dated or parse_date(segment) is not None
        elif parse_date(segment) is not None or len(segment.split()) > 7 or not stamp.byline.fullmatch(segment.strip()):
            return False
    return dated
