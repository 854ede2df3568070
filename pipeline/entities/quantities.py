"""COUNT, PERCENT, DURATION: a number and what it counts ('4.164 đảng viên', '94,87%', '02 năm');
money, areas, ages and levels are no counts; a scale word multiplies ('40 nghìn người')."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.entities.dates import _B, _E
from pipeline.entities.lexicon import _DATE_WORDS, _DAY_WORDS
from pipeline.entities.tokens import _Taken
from pipeline.model import Entity
from pipeline.settings import SETTINGS

if TYPE_CHECKING:
    from pipeline.entities.finder import _Finder


_NUMBER = re.compile(
    r"(?<![\w/.:%-])(?<![\d.],)(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
    r"(?:/(?P<total>\d+))?(?![\w/:]|[.,]\d)"
)


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_DOT_PERCENT = re.compile(r"(?<![\w/.,:-])(\d{1,3})\.(\d{1,2})[^\S\n]?%")  # '96.17%': a decimal point, as a
# thousands dot always has three digits after it
_OUT_OF = re.compile(r"[^\S\n]+trong[^\S\n]+số[^\S\n]+")  # '8 trong số 12 người': 8 of the 12 people
_RANGE_TO = re.compile(r"[^\S\n]*(?:[-–]|đến[^\S\n]*-?)[^\S\n]*(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w/:]|[.,]\d)")
_ITEM_ENDS = frozenset({",", ";", ".", ")", "và"})  # what ends an item of a list ('Bắc Cạn: 2.405,')


_COUNTED = ("unit", "duration", "level")  # the kinds of word a number counts
_ORDINAL_BEFORE = ("thứ", "lần", "số", "khóa", "khoá", "kỳ", "tầng", "lớp")  # 'thứ hai', 'lần thứ ba'...


_YEARS = re.compile(r"(?<![\w/.,-])(?:1[89]\d\d|20\d\d)\s?[-–]\s?(?:1[89]\d\d|20\d\d)(?![\w/]|[.,]\d)")


def _value(m: re.Match) -> int | float:
    whole = int(m.group("int").replace(".", ""))
    return float(f"{whole}.{m.group('frac')}") if m.group("frac") else whole


def read_number(text: str) -> int | float | None:
    """The value of a number written the Vietnamese way ('12.400', '94,87'), or None."""
    m = _NUMBER.fullmatch(text)
    return _value(m) if m and not m.group("total") else None


def _quantities(f: _Finder, blocked: _Taken) -> list[Entity]:
    """COUNT, PERCENT and DURATION: a number and what it counts. The span runs from the number
    (a hedge before it, 'hơn', goes to norm['approx']) to the end of the unit."""
    text, t = f.text, f.t
    found: list[Entity] = []
    bare: list[tuple[int, int, dict]] = []
    parts: list[tuple[int, int, int, dict]] = []  # a part and where its whole starts

    def add(label: str, start: int, end: int, norm: dict) -> None:
        found.append(Entity(label, text[start:end], start, end, norm))
        blocked.add(start, end)

    for m in _DOT_PERCENT.finditer(f.folded):
        if not blocked.hits(m.start(), m.end()):
            add("PERCENT", m.start(), m.end(), {"value": float(f"{m.group(1)}.{m.group(2)}"), "unit": "%"})
    for m in _NUMBER.finditer(f.folded):
        if blocked.hits(m.start(), m.end()):
            continue
        i = t.index(m.start())  # the token of the number's first digits
        j = t.index(m.end())  # the token after the number
        if _YEAR.fullmatch(m.group()) and not _year_counts(f, i, j):
            continue  # '1992 quy định': a year; counts that large are mostly written '1.992'
        before = f.before(i)
        if before and before["kind"] == "identifier" and not _counts_after(f, before, j):
            continue
        start = m.start()
        norm: dict = {"value": _value(m)}
        if before and before["kind"] == "approx":
            norm["approx"] = before["word"]
        to = None if m.group("total") else _RANGE_TO.match(f.folded, m.end())
        upper = read_number(to.group("n")) if to else None
        if upper is not None and upper > norm["value"]:  # '41 - 46%', '3-5 bệnh': counted from its lower bound
            norm["upper"], j = upper, t.index(to.end())
        if m.group("total"):
            norm["total"] = int(m.group("total"))
        elif j < t.n and not t.breaks[j] and (t.glued[j] or t.spaced(j)):
            percent = f.quantity(j, ("percent",))  # '94,87%', '95 %', '95 phần trăm'
            if percent:
                add("PERCENT", start, t.ends[percent[0] - 1], {**norm, "unit": "%"})
                continue
        j, value, scale = _scale(f, j, norm["value"])
        after = f.quantity(j, ("measure", "unit", "duration")) if j < t.n and t.spaced(j) else None
        if after and after[1]["kind"] == "measure":  # the longest word: 'đồng chí' is no 'đồng'
            continue  # money, area, age...: '2,3 tỷ đồng', '200 m2', '68 tuổi' are no counts
        unit = f.unit(j)
        if unit is None:
            if not scale and not m.group("total") and (of := _OUT_OF.match(f.folded, m.end())):
                parts.append((start, m.end(), of.end(), norm))
            elif scale:  # '1,5 triệu' with nothing named after it
                add("COUNT", start, t.ends[j - 1], {**norm, "value": value, "unit": scale})
            elif (not m.group("total") and i > 0 and not t.breaks[i]
                  and (j >= t.n or t.breaks[j] or t.words[j] in _ITEM_ENDS)):
                bare.append((start, m.end(), norm))  # 'Bắc Cạn: 2.405,': maybe an item of a breakdown
            continue
        if scale:  # '40 nghìn người' is 40000 'người', as '40.000 người' is
            norm["value"], scale = _scaled(value, 1), None
        end_token, kind = unit
        end = t.ends[end_token - 1]
        if blocked.hits(start, end):
            continue  # '2 Tỉnh ủy Hưng Yên': the unit word begins a name
        if kind == "duration" and not m.group("total") and not scale:
            add("DURATION", start, end, {**norm, "unit": f.quantity(j, ("duration",))[1]["word"]})
            continue
        written = f.surface(j, end_token)
        if written.lower() == "lần" and (isinstance(value, float) or before and before["kind"] == "multiplier"):
            continue  # 'gấp 8 lần', 'tăng 1,9 lần': a ratio, not a count
        add("COUNT", start, end, {**norm, "unit": f"{scale} {written}" if scale else written})
    spelled = f.lex.numbers.keys() | f.lex.noun_numbers.keys()
    for i in range(t.n):  # 'ba ý kiến', 'tám nghị quyết': a spelled number before what it counts
        if t.lower[i] not in spelled:
            continue  # most tokens: a cheap test first
        value = f.lex.numbers.get(t.lower[i]) or _noun_number(f, i)
        if not value or value == 1 or (i > 0 and t.lower[i - 1] in _ORDINAL_BEFORE) or i + 1 >= t.n:
            continue  # 'một' is also 'a'; 'thứ hai' is 'second'
        if (before := f.before(i)) and before["kind"] == "identifier":
            continue  # 'Điều hai', 'bước ba': a name or an ordinal
        after = f.quantity(i + 1, ("idiom", "measure", "unit", "duration"))
        unit = None if after and after[1]["kind"] in ("idiom", "measure") else f.unit(i + 1)
        if unit and after and after[1]["value"] == "named" and unit[0] < t.n and t.spaced(unit[0]) \
                and t.title_case(unit[0]) and not f.head(unit[0]):
            continue  # 'hai nước Việt Nam và Lào', 'ba nước Đông Dương': the names, not a count
        if unit and unit[1] == "unit" and (f.quantity(i + 1, ("unit", "level")) or unit[0] - (i + 1) >= 2):
            start, end = t.starts[i], t.ends[unit[0] - 1]
            if not blocked.hits(start, end):
                add("COUNT", start, end, {"value": value, "unit": f.surface(i + 1, unit[0])})
    for m in f.lex.spelled.finditer(f.folded):  # 'Sáu tháng đầu năm'
        start, end = m.span()
        if not blocked.hits(start, end):
            value = f.lex.numbers[m.group(1).lower()]
            add("DURATION", start, end, {"value": value, "unit": m.group(2).lower()})
    for start, end, norm in bare:
        if unit := _elided(f, found, start):
            add("COUNT", start, end, {**norm, "unit": unit, "elided": True})
    for start, end, whole_start, norm in parts:  # '8 trong số 12 người': the part counts what the whole counts
        if whole := next((e for e in found if e.start == whole_start and e.label == "COUNT"), None):
            add("COUNT", start, end, {**norm, "unit": whole.norm["unit"], "of": whole.norm["value"]})
    return found


def _year_counts(f: _Finder, i: int, j: int) -> bool:
    """A number written like a year counts when a hedge opens it and a unit follows it ('gần 2000
    ca phẫu thuật', 'hơn 1900 hộ'); otherwise it is a year."""
    t = f.t
    before = f.before(i)
    return bool(before and before["kind"] == "approx" and j < t.n and f.unit(j))


def _noun_number(f: _Finder, i: int) -> int | None:
    """'điều động năm đồng chí': 'năm' is five before a unit the data knows, in lower case, and not
    after a word that makes it the year ('mỗi năm', 'hàng năm', 'thứ năm', 'nhiều năm')."""
    t = f.t
    value = f.lex.noun_numbers.get(t.lower[i])
    if not value or not t.words[i].islower() or i + 1 >= t.n or not t.spaced(i + 1) or not t.words[i + 1].islower():
        return None
    if i > 0 and t.spaced(i) and t.lower[i - 1] in f.lex.noun_cues:
        return None
    return value if f.quantity(i + 1, ("unit",)) else None


def _elided(f: _Finder, found: list[Entity], start: int) -> str | None:
    """The unit a bare number leaves out because it is an item of a breakdown of the count just
    before ('có 30.953 cán bộ, công chức. Trong đó, Bắc Cạn: 2.405, Cao Bằng: 3.732'; 'giám sát
    18.725 tổ chức đảng, gồm: cấp tỉnh 2.718; cấp huyện 16.007'): the count is at most
    `elided_reach` characters back, across at most one paragraph break, with a breakdown word
    between them."""
    counts = [e for e in found if e.label == "COUNT" and e.end <= start and "elided" not in e.norm]
    if not counts:
        return None
    total = max(counts, key=lambda e: e.end)
    between = f.folded[total.end:start]
    if start - total.end > SETTINGS.elided_reach or between.count("\n\n") > 1:
        return None
    if not f.lex.breakdown.search(between):
        return None
    return str(total.norm.get("unit"))


def _counts_after(f: _Finder, before: dict, j: int) -> bool:
    """Whether a number after an identifier noun still counts: 'giai đoạn 5 năm', 'định kỳ 6 tháng'
    (a length of time), 'hướng dẫn 13 đảng bộ' (a lower-case verb, marked 'verb' in the data, then
    a unit); not 'bước 1', 'Quận 10', 'Hướng dẫn 13'."""
    if f.quantity(j, ("duration",)):
        return before["word"].lower() not in _DATE_WORDS
    verb = before["value"] == "verb" and f.t.words[before["start"]].islower()
    return verb and f.quantity(j, ("unit",)) is not None


def _scale(f: _Finder, j: int, value: int | float) -> tuple[int, int | float, str | None]:
    """A scale word after a number: '40 nghìn' is 40000, '20 tỷ 795 triệu' 20795000000.
    Returns the next token, the value and the scale word."""
    t = f.t
    scale = f.quantity(j, ("scale",)) if t.spaced(j) else None
    if not scale:
        return j, value, None
    word, factor, j = f.surface(j, scale[0]), int(scale[1]["value"]), scale[0]
    while t.spaced(j) and (larger := f.quantity(j, ("scale",))):  # 'nghìn tỷ': a scale of a scale
        word, factor, j = f"{word} {f.surface(j, larger[0])}", factor * int(larger[1]["value"]), larger[0]
    value = _scaled(value, factor)
    while t.spaced(j) and t.words[j].isdigit():
        m = _NUMBER.match(f.folded, t.starts[j])
        k = t.index(m.end()) if m else j
        smaller = f.quantity(k, ("scale",)) if m and t.spaced(k) else None
        if not smaller or int(smaller[1]["value"]) >= factor:
            break
        factor = int(smaller[1]["value"])
        value, j = _scaled(value + _value(m) * factor, 1), smaller[0]
    return j, value, word


def _scaled(value: int | float, factor: int) -> int | float:
    result = round(value * factor, 6)
    return int(result) if float(result).is_integer() else result


def _bare_years(text: str, folded: str, blocked: _Taken, f: _Finder) -> list[Entity]:
    """'năm 2018, 2019': a year standing alone after a date or in a list is a DATE too."""
    found = []
    for m in re.finditer(rf"{_B}(1[89]\d\d|20\d\d){_E}", folded):
        if blocked.hits(m.start(), m.end()):
            continue
        i = f.t.index(m.start())
        if f.before(i):
            continue
        found.append(Entity("DATE", text[m.start() : m.end()], m.start(), m.end(), {"iso": m.group(1)}))
    return found


class _Quantities:
    """Quantity words after a number: units, durations, scales, measures (data/quantities.tsv)."""

    def unit_after(self, i: int) -> bool:
        found = self.quantity(i, _COUNTED)
        return found is not None

    def quantity(self, i: int, kinds: tuple[str, ...]) -> tuple[int, dict] | None:
        """The longest quantity word of one of `kinds` at token i."""
        for end, entry in self.lex.quantities.matches(self.t, i):
            if entry.data["kind"] in kinds:
                return end, entry.data
        return None

    def before(self, i: int) -> dict | None:
        """The quantity word of kind identifier / quantifier / approx / multiplier that ends right before token i."""
        t, best = self.t, None
        for k in range(max(0, i - 4), i):
            if any(t.breaks[m] for m in range(k + 1, i + 1)):
                continue
            for end, entry in self.lex.quantities.matches(t, k):
                if end == i and entry.data["kind"] in ("identifier", "quantifier", "approx", "multiplier"):
                    if k > 0 and f"{t.lower[k - 1]} {t.lower[k]}" in self.lex.words:
                        continue  # 'luật' ends 'kỷ luật 05 đảng viên': no identifier
                    if best is None or k < best[0]:
                        best = (k, entry.data)
        if best:
            return {**best[1], "start": best[0]}
        return None

    def post(self, i: int) -> int:
        """End of a post of two words or more at token i ('Phó Chủ tịch', 'phó giám đốc'), else 0."""
        end = max((e for e, _ in self.lex.titles.matches(self.t, i)), default=0)
        if end == i + 1 and self.t.lower[i] == "phó":  # 'Phó' + any post
            end = max((e for e, _ in self.lex.titles.matches(self.t, i + 1)), default=0)
        return end if end > i + 1 else 0

    def unit(self, i: int) -> tuple[int, str] | None:
        """(end token, kind) of the counted noun after a number: a known unit, else one dictionary
        word; a unit runs on over nouns that qualify it ('đảng bộ phường', 'chi bộ khu dân cư',
        'lượt tổ chức đảng') and over ', <unit>' ('cơ quan, đơn vị'), never over a verb or
        adjective ('4.164 đảng viên hoàn thành', '260 đảng viên mới')."""
        t = self.t
        if not t.spaced(i):
            return None
        found = self.quantity(i, _COUNTED)
        if found and (longer := self.quantity(i, ("modifier",))) and longer[0] > found[0]:
            return None  # 'hai Nhà nước': the unit 'nhà' opens a noun that counts nothing
        if found and t.words[i][0].isupper() and not t.words[i].isupper() and (
                found[0] < t.n and not t.breaks[found[0]] and t.words[found[0]][:1].isupper()):
            return None  # '4 Đồng chí Chủ tịch...': a list number before a name; not '600 Đảng viên.'
        if found:
            end, data = found
            if data["kind"] == "duration":
                if end < t.n and t.spaced(end) and (
                        t.words[end][0].isdigit() or (data["word"] == "giờ" and t.lower[end] in _DAY_WORDS)):
                    return None  # 'số 29 ngày 12/02', 'trước 15 giờ ngày thứ Tư': a date or time
                return end, "duration"
        elif post := self.post(i):
            end = post  # '2 Phó Chủ tịch', 'ba phó giám đốc': a post counts the people who hold it
        elif t.words[i].isalpha() and t.words[i].islower() and not self.function_word(i):
            end = self.word_end(i, most=3)
        elif t.upper(i) and len(t.words[i]) > 1 and i + 1 < t.n and t.spaced(i + 1) and t.words[i + 1].islower():
            end = i + 1  # '16 BHXH cơ sở', '3.321 ĐVHC cấp xã': an abbreviated noun its qualifiers follow
        elif t.title_case(i) and not self.function_word(i) and (end := self.word_end(i, most=3)) > i + 1:
            if end < t.n and t.spaced(end) and t.words[end][0].isdigit():
                return None  # '1/500 Quốc lộ 1A': the noun begins a name
            # '126 Trạm y tế', '10 Huân chương': a capitalised common noun
        else:
            return None
        while end < t.n and end - i < 8:
            if t.spaced(end) and (t.words[end].islower() or t.upper(end)):
                more = self.quantity(end, ("unit", "modifier"))
                if more and self.word_end(end) <= more[0]:  # not 'tổ' of 'tổ chức'
                    end = more[0]
                    continue
            if t.words[end] == "," and t.glued[end] and t.spaced(end + 1) and t.words[end + 1].islower():
                more = self.quantity(end + 1, ("unit",))
                named = more and more[0] < t.n and (t.words[more[0]][0].isdigit() or t.title_case(more[0]))
                if more and self.word_end(end + 1) <= more[0] and not named:  # not '7 ca, huyện Phù Cừ'
                    end = more[0]
                    continue
            break
        return end, "unit"
