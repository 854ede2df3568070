"""Entities other than document references: ORG, PER, LOC, COUNT, PERCENT, DATE, DURATION.

Rules over syllable tokens, with the vocabulary in data files beside the code (data/org_heads.tsv,
abbreviations.tsv, place_types.tsv, titles.txt, person_cues.tsv, family_names.txt, quantities.tsv,
function_words.txt) and underthesea's Viet74K word list to tell where a multi-syllable word ends.
Why rules and not a model: underthesea.ner, the Vietnamese NER at hand, was trained on news; on
report prose it tags 'Bí thư Quận' as a place and 'BTV Quận' as a person. Party writing is formulaic:
head nouns ('Quận ủy', 'Ban Thường vụ', 'UBND'), capitalisation and a title or 'đồng chí' cue find
its entities reliably, and a 20k-character report takes milliseconds.

Matching runs on `fold(text)` (one tone-mark style, same offsets) and slices the original text.

Decisions the gold annotation follows:
- ORG spans run from the head over its qualifiers: 'Ban Thường vụ Quận ủy Bình Thủy', 'Đảng bộ
  phường Long Tuyền', 'Chi bộ khu vực 7, phường Bình Thủy'. norm {'name': abbreviations expanded
  ('BTV Quận ủy' -> 'Ban Thường vụ Quận ủy'), 'kind'}. Generic nouns ('cấp ủy', 'chi bộ', 'đảng bộ'
  without a qualifier), bare 'Đảng' and 'Trung ương' (except after 'của') are not ORGs.
- PER spans are the name only; norm {'title': the title before and/or after it, or None, 'name'}.
- LOC: a unit word with a name or number ('quận Bình Thủy', 'Quận 10'); norm {'kind', 'name'}.
  A LOC inside an ORG is returned as well; `non_overlapping` picks spans for spaCy's doc.ents.
- COUNT / PERCENT / DURATION spans cover hedge, number and unit ('hơn 200 cán bộ'); norm {'value',
  'unit'}, plus 'total' for '4/4 đơn vị' and 'approx' for the hedge word.
- DATE spans include a leading 'ngày' / 'tháng' / 'năm'. norm {'iso'}: '2017-08-02', '2017-08',
  '2017'; day and month without a year '--10-13' and a month alone '--10' (ISO 8601 truncated
  forms); a span of years 'nhiệm kỳ 2015-2020' -> '2015/2020' (ISO 8601 interval), span '2015-2020'.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Iterable

from .fold import fold
from .model import Entity

ORG_KINDS = ("party", "government", "mass", "court", "enterprise", "military", "other")


class EntityError(ValueError):
    """Input that cannot be searched for entities."""


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class _Entry:
    """One lexicon phrase: its tokens as written, which of them must match case-sensitively."""

    tokens: tuple[str, ...]
    glued: tuple[bool, ...]  # glued[k]: no space between tokens k-1 and k
    exact: tuple[bool, ...]  # abbreviations ('BTV', 'TP') match only as written
    text: str
    data: dict


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _is_exact(token: str) -> bool:
    """'BTV', 'TP', 'ThS' must match as written; 'Ban', 'ban' match in any case."""
    return token not in (token.lower(), token.capitalize())


class _Phrases:
    """Phrases looked up by their lower-cased first token; longest match first."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[_Entry]] = {}

    def add(self, phrase: str, **data) -> None:
        phrase = fold(phrase.strip())
        matches = list(_TOKEN.finditer(phrase))
        tokens = tuple(m.group() for m in matches)
        glued = tuple(k > 0 and matches[k - 1].end() == m.start() for k, m in enumerate(matches))
        entry = _Entry(tokens, glued, tuple(_is_exact(t) for t in tokens), phrase, data)
        bucket = self.by_first.setdefault(tokens[0].lower(), [])
        bucket.append(entry)
        bucket.sort(key=lambda e: -len(e.tokens))

    def matches(self, t: _Tokens, i: int) -> Iterable[tuple[int, _Entry]]:
        """(end token, entry) for every phrase that matches at token i, longest first."""
        if i >= len(t.words):
            return
        for entry in self.by_first.get(t.lower[i], ()):
            n = len(entry.tokens)
            if i + n > len(t.words):
                continue
            for k in range(n):
                word = t.words[i + k]
                if (entry.exact[k] and word != entry.tokens[k]) or t.lower[i + k] != entry.tokens[k].lower():
                    break
                if k and (t.glued[i + k] != entry.glued[k] or t.breaks[i + k]):
                    break
            else:
                yield i + n, entry

    def longest(self, t: _Tokens, i: int) -> tuple[int, _Entry] | None:
        return next(iter(self.matches(t, i)), None)


@dataclass
class _Lexicon:
    heads: _Phrases
    abbreviations: dict[str, tuple[str, str]]
    places: _Phrases
    titles: _Phrases
    cues: _Phrases
    families: frozenset[str]
    quantities: _Phrases
    function_words: _Phrases
    words: frozenset[str]
    places_known: frozenset[str]  # name keys of every unit in the gazetteer
    provinces: dict[str, str]  # name key of a province-level unit -> LOC kind (province | city)


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("pipeline").joinpath("data", name).open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _lines(name: str) -> list[str]:
    with resources.files("pipeline").joinpath("data", name).open(encoding="utf-8") as f:
        return [fold(line.strip()) for line in f if line.strip() and not line.startswith("#")]


def _variants(phrase: str, abbreviations: dict[str, tuple[str, str]]) -> set[str]:
    """'Ủy ban Mặt trận Tổ quốc' -> also 'Ủy ban MTTQ': every abbreviation whose expansion it holds."""
    found = {phrase}
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind in ("title", "unit", "topic"):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(expansion)}(?!\w)", re.IGNORECASE)
        found |= {pattern.sub(abbreviation, p) for p in found if pattern.search(p)}
    return found


@cache
def _lexicon() -> _Lexicon:
    abbreviations = {fold(r["abbreviation"]): (fold(r["expansion"]), r["kind"]) for r in _rows("abbreviations.tsv")}
    heads = _Phrases()
    for row in _rows("org_heads.tsv"):
        canonical = fold(row["head"])
        for variant in _variants(canonical, abbreviations):
            heads.add(variant, name=canonical, kind=row["kind"], needs=row["needs"])
    known = {e.text.lower() for bucket in heads.by_first.values() for e in bucket}
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind in ORG_KINDS and abbreviation.lower() not in known:
            heads.add(abbreviation, name=expansion, kind=kind, needs="self")
    places = _Phrases()
    for row in _rows("place_types.tsv"):
        for variant in _variants(row["type"], abbreviations):
            places.add(variant, kind=row["kind"], level=int(row["level"]), alone=row["alone"] == "yes",
                       numbered=row["numbered"] == "yes")
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "place" and len(_TOKEN.findall(expansion)) > 2:  # 'TP.HCM': a whole place name
            places.add(abbreviation, kind="city", level=3, alone=True, numbered=False, name=expansion)
    titles = _Phrases()
    for title in _lines("titles.txt"):
        titles.add(title)
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "title":
            titles.add(abbreviation)
    cues = _Phrases()
    for row in _rows("person_cues.tsv"):
        cues.add(row["cue"], strong=row["strength"] == "strong")
    quantities = _Phrases()
    for row in _rows("quantities.tsv"):
        quantities.add(row["word"], kind=row["kind"], value=row["value"], word=fold(row["word"]))
    function_words = _Phrases()
    for word in _lines("function_words.txt"):
        function_words.add(word)
    return _Lexicon(
        heads=heads,
        abbreviations=abbreviations,
        places=places,
        titles=titles,
        cues=cues,
        families=frozenset(_lines("family_names.txt")),
        quantities=quantities,
        function_words=function_words,
        words=_dictionary(),
        **_gazetteer(),
    )


def _gazetteer() -> dict:
    """Unit names from metadata's gazetteer (data/admin_units.tsv), to tell places from people."""
    from .metadata import MetadataError, gazetteer

    try:
        names = gazetteer().names
    except MetadataError:  # a broken gazetteer costs bare province names, nothing else
        return {"places_known": frozenset(), "provinces": {}}
    provinces = {key: "city" if units[0].type == "Thành phố" else "province"
                 for (level, key), units in names.items() if level == "province"}
    return {"places_known": frozenset(key for _, key in names), "provinces": provinces}


def _dictionary() -> frozenset[str]:
    """Multi-syllable Vietnamese words (underthesea's Viet74K), to know where a word ends."""
    try:
        from underthesea.corpus import viet_dict_74K
    except ImportError:  # the rules still work, names just stop after one syllable
        return frozenset()
    return frozenset(fold(w).lower() for w in viet_dict_74K.words if " " in w)


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass
class _Tokens:
    """Syllables and punctuation of the folded text, with their offsets."""

    words: list[str]
    lower: list[str]
    starts: list[int]
    ends: list[int]
    glued: list[bool]  # no whitespace before the token
    breaks: list[bool]  # a line break before the token

    @classmethod
    def of(cls, folded: str) -> _Tokens:
        words, starts, ends, glued, breaks = [], [], [], [], []
        previous = 0
        for m in _TOKEN.finditer(folded):
            gap = folded[previous : m.start()]
            words.append(m.group())
            starts.append(m.start())
            ends.append(m.end())
            glued.append(m.start() == previous and len(starts) > 1)
            breaks.append("\n" in gap)
            previous = m.end()
        return cls(words, [w.lower() for w in words], starts, ends, glued, breaks)

    def __len__(self) -> int:
        return len(self.words)

    def spaced(self, i: int) -> bool:
        """Token i exists and follows the previous one after spaces on the same line."""
        return i < len(self.words) and not self.glued[i] and not self.breaks[i]

    def title_case(self, i: int) -> bool:
        w = self.words[i]
        return w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha()

    def upper(self, i: int) -> bool:
        w = self.words[i]
        return w.isupper() and w.isalpha()

    def index(self, char: int) -> int:
        """The first token starting at or after character offset `char`."""
        return bisect.bisect_left(self.starts, char)


# ---------------------------------------------------------------------------------------------
# Organisations and places


@dataclass
class _Org:
    start: int  # token indexes
    end: int
    name: str
    kind: str


@dataclass
class _Place:
    start: int
    end: int
    kind: str
    level: int
    name: str | None  # None: the bare unit word ('quận' in 'UBND quận')


class _Finder:
    """One text's tokens and the rules that read them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        if len(self.folded) != len(text):
            raise EntityError("text changes length when folded; pass NFC text")
        self.t = _Tokens.of(self.folded)
        self.lex = _lexicon()

    # -- small predicates ---------------------------------------------------------------------

    def surface(self, i: int, j: int) -> str:
        """Original text of tokens i..j-1 with spaces collapsed."""
        return re.sub(r"\s+", " ", self.text[self.t.starts[i] : self.t.ends[j - 1]])

    def head(self, i: int) -> tuple[int, _Entry] | None:
        t = self.t
        if i >= len(t):
            return None
        if not t.words[i][0].isupper() and not (t.lower[i] == "ban" and i > 0 and t.lower[i - 1] == "trưởng"):
            return None  # lower case is a generic noun, except 'Trưởng ban Tuyên giáo'
        for end, entry in self.lex.heads.matches(t, i):
            if end < len(t) and t.lower[end] == "viên" and t.spaced(end):
                continue  # 'Quận ủy viên' is a title
            if any(entry.exact) and self.in_code(i, end):
                continue  # 'TU' in '15-NQ/TU'
            return end, entry
        return None

    def in_number(self, i: int) -> bool:
        """The digits at token i go on ('7/2017', '4.164', '15-NQ'): not a plain number."""
        t = self.t
        if i + 1 >= len(t) or not t.glued[i + 1]:
            return False
        sep = t.words[i + 1]
        return sep in "/-" or (sep in ".," and i + 2 < len(t) and t.glued[i + 2] and t.words[i + 2][0].isdigit())

    def in_code(self, i: int, j: int) -> bool:
        t = self.t
        before = i > 0 and t.glued[i] and t.words[i - 1] in "/-"
        after = j < len(t) and t.glued[j] and t.words[j] in "/-"
        return before or after

    def title(self, i: int, orgs: dict[int, _Org] | None = None) -> int | None:
        """End of the longest title at i that does not swallow the start of an ORG."""
        for end, _ in self.lex.titles.matches(self.t, i):
            if orgs is None or not any(k in orgs for k in range(i + 1, end)):
                return end
        return None

    def stops_run(self, i: int) -> bool:
        """A capitalised token that starts something else than a name: a body, unit or title."""
        found = self.head(i)
        if found and found[1].data["needs"] != "name":
            return True
        return bool(self.lex.places.longest(self.t, i) or self.title(i) or self.cue(i, strong_only=True))

    def cue(self, i: int, strong_only: bool = False) -> tuple[int, bool] | None:
        found = self.lex.cues.longest(self.t, i)
        if found and (found[1].data["strong"] or not strong_only):
            return found[0], found[1].data["strong"]
        return None

    def person_like(self, i: int, j: int) -> bool:
        """3-4 capitals from a family name, no known place: 'Chính phủ Phạm Minh Chính',
        'Chủ tịch UBND tỉnh Trần Quốc Văn', 'Bí thư Quận ủy Lê Hoàng Nam' name a person."""
        return self.family(i) and 3 <= j - i <= 4 and not self.known_place(i, j)

    def known_place(self, i: int, j: int) -> bool:
        return self.key(i, j) in self.lex.places_known

    def key(self, i: int, j: int) -> str:
        """The gazetteer key of tokens i..j-1 (metadata.name_key: folded, lower case)."""
        return re.sub(r"\s*-\s*", " - ", " ".join(self.t.lower[i:j]).replace(" - ", "-"))

    def family(self, i: int) -> bool:
        return self.t.words[i] in self.lex.families

    def function_word(self, i: int) -> bool:
        return self.lex.function_words.longest(self.t, i) is not None

    def word_end(self, i: int, most: int = 4) -> int:
        """End of the dictionary word starting at token i (its later syllables in lower case)."""
        t, best = self.t, i + 1
        phrase = t.lower[i]
        for k in range(i + 1, min(i + most, len(t))):
            if not t.spaced(k) or not t.words[k].islower():
                break
            phrase += " " + t.lower[k]
            if phrase in self.lex.words:
                best = k + 1
        return best

    # -- runs of capitalised syllables --------------------------------------------------------

    def run(self, i: int, caps: bool = False) -> int:
        """End of the capitalised run at i ('Bình Thủy', 'Hai Bà Trưng'); `caps`: all-capital text.

        A single capital that begins a longer word ('Chương trình') is no name: returns i.
        """
        t, j = self.t, i
        while j < len(t) and (j == i or t.spaced(j)) and (t.title_case(j) or (caps and t.upper(j))):
            if j > i and (self.stops_run(j) or self.head(j)):
                break
            j += 1
        if j == i + 1 and self.word_end(i) > j:
            return i
        return j

    def place_name(self, i: int, caps: bool) -> int:
        """End of a place name at i: a run of at most 4 syllables, cut before a person's name.

        A longer run keeps its longest prefix the gazetteer knows, or is no place name (returns i).
        """
        j = self.split(i, self.run(i, caps))
        if j - i <= 4:
            return j
        for end in range(i + 4, i, -1):
            if self.known_place(i, end):
                return end
        return i

    def split(self, i: int, j: int) -> int:
        """Where a person's name begins in a run of 4+ syllables ('Hai Bà Trưng Trần Quyết Thắng').

        The name starts at a family name and has 2-4 syllables, 3 preferred, then 4, then 2.
        """
        if j - i < 4:
            return j
        for p in range(j - 2, i, -1):  # the longest known place that leaves a name
            if self.known_place(i, p) and self.family(p) and j - p <= 4:
                return p
        options = [p for p in range(i + 1, j - 1) if self.family(p) and 2 <= j - p <= 4]
        for size in (3, 4, 2):
            for p in options:
                if j - p == size:
                    return p
        return j

    # -- places -------------------------------------------------------------------------------

    def place(self, i: int) -> _Place | None:
        t = self.t
        found = self.lex.places.longest(t, i)
        if not found:
            return None
        end, entry = found
        head = self.head(i)
        if head and head[0] > end:
            return None  # 'Quận ủy', 'Quận đoàn' are bodies
        data = entry.data
        if "name" in data:  # 'TP.HCM'
            return _Place(i, end, data["kind"], data["level"], data["name"])
        if end < len(t) and t.glued[end] and t.words[end] == "." and any(entry.exact):
            end += 1  # 'TP. Hồ Chí Minh', 'TP.Hà Nội'
        nxt = end
        if nxt < len(t) and not t.breaks[nxt] and (not t.glued[nxt] or t.words[nxt - 1] == "."):
            caps = t.upper(i)
            word = t.words[nxt]
            if word.isdigit() and len(word) <= 3 and data["numbered"] and not self.in_number(nxt):
                return _Place(i, nxt + 1, data["kind"], data["level"], word)
            if (t.title_case(nxt) or (caps and t.upper(nxt))) and not self.stops_run(nxt):
                stop = self.place_name(nxt, caps)
                if stop > nxt and not self.person_like(nxt, stop):
                    return _Place(i, stop, data["kind"], data["level"], self.surface(nxt, stop))
        if data["alone"]:
            return _Place(i, end, data["kind"], data["level"], None)
        return None

    def unit_after(self, i: int) -> bool:
        found = self.quantity(i, ("unit", "duration"))
        return found is not None

    # -- organisations ------------------------------------------------------------------------

    def name_words(self, i: int, bridge: bool) -> tuple[int, str]:
        """The capitalised name after a generic head: 'Tổ chức', 'Kế hoạch và Đầu tư', 'THCS Nguyễn Du'.

        `bridge`: enterprise names also run over lower-case words between capitals
        ('Khí công nghiệp Việt Nam').
        """
        t, j, end = self.t, i, i
        while j < len(t) and t.spaced(j) and (t.title_case(j) or t.upper(j)) and not self.stops_run(j):
            if self.head(j):
                break
            j = end = self.word_end(j) if t.title_case(j) else j + 1
            if j < len(t) and t.spaced(j) and t.lower[j] in ("và", "-") and j + 1 < len(t):
                if t.spaced(j + 1) and t.title_case(j + 1) and not self.head(j + 1):
                    j += 1
                    continue
            if bridge:
                k = j
                while k < len(t) and k - j < 3 and t.spaced(k) and t.words[k].islower() and not self.function_word(k):
                    k += 1
                if k > j and k < len(t) and t.spaced(k) and t.title_case(k) and not self.stops_run(k):
                    j = k
        return end, self.surface(i, end) if end > i else ""

    def org(self, i: int, nested: bool = False) -> _Org | None:
        found = self.head(i)
        if not found:
            return None
        end, entry = found
        t, data = self.t, entry.data
        pieces = [data["name"]]
        if data["needs"] == "name":
            end, words = self.name_words(end, bridge=data["kind"] == "enterprise")
            if not words:
                return None
            pieces.append(self.expand(words))
        kind, needs = data["kind"], data["needs"]
        inner_kind = None
        qualified = False
        level = -1
        last = "name" if data["needs"] == "name" else "head"  # a name takes no second name
        caps = t.upper(i)
        while end < len(t):
            j = end
            if t.words[j] == "(" and not t.breaks[j] and j + 2 < len(t) and t.upper(j + 1) and t.words[j + 2] == ")":
                if self.org(j + 3, nested=True) or self.place(j + 3):
                    j += 3  # 'Ban Thường vụ (BTV) Quận ủy': an inserted abbreviation
            if not t.spaced(j):
                if t.words[j] == "," and level == 0 and not t.breaks[j] and t.spaced(j + 1):
                    place = self.place(j + 1)  # 'Chi bộ khu vực 7, phường Bình Thủy'
                    if place and place.name and place.level > level:
                        pieces.append(", " + self.expand(self.surface(j + 1, place.end)))
                        end, level = place.end, place.level
                        continue
                break
            inner = self.org(j, nested=True)
            if inner:
                pieces.append(inner.name)
                inner_kind = inner.kind
                end, qualified = inner.end, True
                break
            place = self.place(j)
            if place:
                pieces.append(self.expand(self.surface(j, place.end)))
                end, qualified, level, last = place.end, True, max(level, place.level), "place"
                continue
            if t.title_case(j) or (caps and t.upper(j)):
                if last != "head":
                    break
                if self.stops_run(j) or self.cue(j):
                    break
                stop = self.place_name(j, caps)
                if stop == j or self.person_like(j, stop):
                    break
                pieces.append(self.surface(j, stop))
                end, qualified, last = stop, True, "run"
                continue
            if last == "head" and t.words[j].isdigit() and len(t.words[j]) <= 3 and not self.unit_after(j + 1):
                if self.in_number(j) or needs == "possessive":
                    break
                pieces.append(t.words[j])
                end, qualified, last = j + 1, True, "number"
                continue
            break
        if not nested and needs == "qualifier" and not qualified:
            return None
        if not nested and needs == "possessive" and not (i > 0 and t.lower[i - 1] == "của"):
            return None
        if kind == "inherit":
            kind = inner_kind or "other"
        return _Org(i, end, " ".join(pieces).replace(" , ", ", "), kind)

    def expand(self, words: str) -> str:
        """Abbreviations spelled out: 'MTTQ quận' -> 'Mặt trận Tổ quốc quận', 'TP' -> 'Thành phố'."""
        abbreviations = self.lex.abbreviations

        def one(m: re.Match) -> str:
            expansion, kind = abbreviations.get(m.group(1), (None, ""))
            if expansion is None or kind in ("title", "unit", "topic"):
                return m.group()
            return expansion + ("" if m.group(2) == "." else m.group(2))

        return re.sub(r"(\w+(?:\.\w+)*)(\.?)", one, fold(words))

    def orgs(self) -> list[_Org]:
        found, i = [], 0
        while i < len(self.t):
            org = self.org(i) if not self.after_cue(i) else None
            if org and org.end > i:
                found.append(org)
                i = org.end
            else:
                i += 1
        return found

    def after_cue(self, i: int) -> bool:
        """'đồng chí Đoàn Văn Nam' is a person, not the body 'Đoàn' + name."""
        t = self.t
        return any(self.cue(k) == (i, True) for k in range(max(0, i - 2), i)) and t.spaced(i)

    def places(self) -> list[_Place]:
        found, i = [], 0
        while i < len(self.t):
            place = self.place(i) or self.province(i)
            if place and place.name:
                found.append(place)
                i = place.end
            else:
                i += 1
        return found

    def province(self, i: int) -> _Place | None:
        """A province-level name standing alone ('Hưng Yên phấn đấu...', 'về Hà Nội')."""
        t = self.t
        if not t.title_case(i) or (i > 0 and t.spaced(i) and t.title_case(i - 1)):
            return None
        j = self.run(i)
        for end in range(min(j, i + 4), i, -1):
            kind = self.lex.provinces.get(self.key(i, end))
            if kind and not (self.family(i) and end - i >= 3):  # 'Hồ Chí Minh' alone is the person
                return _Place(i, end, kind, 3, self.surface(i, end))
        return None

    # -- persons ------------------------------------------------------------------------------

    def title_phrase(self, i: int, orgs: dict[int, _Org], free: bool) -> int | None:
        """End of a title with the bodies it names ('Trưởng Ban Tổ chức Quận ủy', 'UVTV, Trưởng Ban...').

        `free`: a title after the name may also run over other capitalised words ('Phó Đoàn').
        """
        t = self.t
        end = self.title(i, orgs)
        if end is None:
            return None
        while end < len(t):
            j = end
            if t.words[j] in ",-–" and not t.breaks[j] and t.spaced(j + 1):
                more = self.title(j + 1, orgs)  # 'UVTV, Trưởng Ban...', '... - Chủ nhiệm ...'
                if more and (free or t.words[j] == ","):
                    end = more
                    continue
                break
            if not t.spaced(j):
                break
            if j in orgs:
                end = orgs[j].end
                continue
            place = self.place(j)
            if place and place.name:
                end = place.end
                continue
            more = self.title(j, orgs)
            if more:
                end = more
                continue
            if t.lower[j] == "kiêm" and t.spaced(j + 1) and self.title(j + 1, orgs):
                end = self.title(j + 1, orgs)
                continue
            if (t.title_case(j) or t.upper(j)) and not self.cue(j):
                word = self.word_end(j)
                if free or word > j + 1:  # 'Bộ trưởng Ngoại giao Bùi Thanh Sơn': a word, not a name
                    end = word
                    continue
            break
        return end

    def name(self, i: int, need_family: bool) -> int | None:
        """End of a person's name at i: 2-4 capitalised syllables."""
        t = self.t
        if i >= len(t) or not t.title_case(i) or self.stops_run(i):
            return None
        j = i + 1
        while j < len(t) and t.spaced(j) and t.title_case(j) and not self.stops_run(j):
            if j + 1 < len(t) and t.spaced(j + 1) and t.words[j + 1].isdigit():
                break  # 'Nguyễn Hữu Nghĩa Thứ 2, 01/12/2025': a weekday
            j += 1
        if j - i < 2:
            return None
        if need_family and not self.family(i):
            return None
        return min(j, i + 4)

    def post_title(self, j: int, orgs: dict[int, _Org]) -> tuple[int, int] | None:
        """(start, end) of a title after a name: 'Lê Hoàng Nam, Bí thư Quận ủy Bình Thủy'."""
        t = self.t
        if j < len(t) and t.words[j] in ",-–(" and not t.breaks[j] and t.spaced(j + 1):
            found = self.title_phrase(j + 1, orgs, free=True)
            if found:
                return j + 1, found
        return None

    def persons(self, orgs: list[_Org]) -> list[Entity]:
        t = self.t
        by_start = {o.start: o for o in orgs}
        inside = set()
        for o in orgs:
            inside.update(range(o.start + 1, o.end))
        found: list[Entity] = []
        i = 0
        starts = {k for bucket in self.lex.cues.by_first for k in [bucket]}
        while i < len(t):
            possible = t.words[i][0].isupper() or t.lower[i] in starts
            person = self.person(i, by_start) if possible and i not in inside else None
            if person:
                found.append(person[0])
                i = person[1]
            else:
                i += 1
        return found

    def person(self, i: int, orgs: dict[int, _Org]) -> tuple[Entity, int] | None:
        """A person at token i: after a cue ('đồng chí'), a title, or a family name with a title after."""
        cue = self.cue(i)
        if cue and self.t.spaced(cue[0]):
            found = self.person_from(cue[0], strong=cue[1], cued=True, orgs=orgs)
            if found:
                return found
        return self.person_from(i, strong=False, cued=False, orgs=orgs)

    def person_from(self, start: int, strong: bool, cued: bool, orgs: dict[int, _Org]) -> tuple[Entity, int] | None:
        t = self.t
        titles = []
        title = self.title_phrase(start, orgs, free=False) if cued or t.words[start][0].isupper() else None
        if title:
            name_start = title
            end = self.name(name_start, need_family=not strong) if t.spaced(name_start) else None
            if end is None:
                return None
            titles.append((start, name_start))
        else:
            name_start = start
            end = self.name(start, need_family=not strong)
            if end is None:
                return None
        after = self.post_title(end, orgs)
        if after:
            titles.append(after)
        if not cued and not title and not (after and self.family(name_start)):
            return None
        title_text = ", ".join(self.surface(a, b) for a, b in titles) or None
        s, e = t.starts[name_start], t.ends[end - 1]
        norm = {"title": title_text, "name": self.surface(name_start, end)}
        return Entity("PER", self.text[s:e], s, e, norm), (after[1] if after else end)

    # -- quantities ---------------------------------------------------------------------------

    def quantity(self, i: int, kinds: tuple[str, ...]) -> tuple[int, dict] | None:
        """The longest quantity word of one of `kinds` at token i."""
        for end, entry in self.lex.quantities.matches(self.t, i):
            if entry.data["kind"] in kinds:
                return end, entry.data
        return None

    def before(self, i: int) -> dict | None:
        """The quantity word of kind identifier / quantifier / approx that ends right before token i."""
        t, best = self.t, None
        for k in range(max(0, i - 3), i):
            if any(t.breaks[m] for m in range(k + 1, i + 1)):
                continue
            for end, entry in self.lex.quantities.matches(t, k):
                if end == i and entry.data["kind"] in ("identifier", "quantifier", "approx"):
                    if best is None or k < best[0]:
                        best = (k, entry.data)
        if best:
            return {**best[1], "start": best[0]}
        return None

    def unit(self, i: int) -> tuple[int, str, str] | None:
        """(end token, unit, kind) after a number: a known unit, else one dictionary word."""
        t = self.t
        if not t.spaced(i):
            return None
        found = self.quantity(i, ("unit", "duration"))
        if found and t.words[i][0].isupper() and not t.words[i].isupper():
            return None  # '4 Đồng chí Chủ tịch...': a list number before a capital
        if found:
            end, data = found
            if data["kind"] == "duration" and end < len(t) and t.spaced(end) and t.words[end][0].isdigit():
                return None  # 'số 29 ngày 12/02': a date, not 29 days
            return end, data["word"], data["kind"]
        word = t.words[i]
        if word.isalpha() and word.islower() and not self.function_word(i):
            end = self.word_end(i, most=3)
            return end, self.surface(i, end).lower(), "unit"
        return None


# ---------------------------------------------------------------------------------------------
# Dates

_D = r"(?P<d>0?[1-9]|[12]\d|3[01])"
_M = r"(?P<m>0?[1-9]|1[0-2])"
_Y = r"(?P<y>1[89]\d\d|20\d\d)"
_B = r"(?<![\w/.,:-])"  # not glued to a word, code or number
_E = r"(?![\w/%]|[.,:-]\d)"
_AFTER = "|".join(rf"(?<={w}\s)" for w in ("sáng", "chiều", "tối", "đêm", "hôm", "từ", "đến"))
_DATES = [
    # (pattern, precision) in priority order; group 'k' is a leading keyword kept in the span
    (rf"{_B}(?P<k>ngày\s+)?{_D}\s+tháng\s+{_M}\s+năm\s+{_Y}{_E}", "day"),
    (rf"{_B}(?P<k>ngày\s+)?{_D}\s?(?P<s>[/.-])\s?{_M}\s?(?P=s)\s?{_Y}{_E}", "day"),
    (rf"{_B}{_Y}-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){_E}", "day"),
    (rf"{_B}(?P<k>tháng\s+){_M}\s+năm\s+{_Y}{_E}", "month"),
    (rf"{_B}(?P<k>tháng\s+)?{_M}\s?[/-]\s?{_Y}{_E}", "month"),
    (rf"{_B}(?P<k>năm\s+)?(?P<y>1[89]\d\d|20\d\d)\s?[-–]\s?(?P<y2>1[89]\d\d|20\d\d){_E}", "years"),
    (rf"{_B}(?P<k>năm\s+){_Y}{_E}", "year"),
    (rf"{_B}(?P<k>ngày\s+){_D}\s?[/.]\s?{_M}{_E}", "daymonth"),
    (rf"(?:(?<=\()|{_AFTER}){_D}/{_M}(?=\)|\s|$|[,.;])(?!\.\d)", "daymonth"),
    (rf"{_B}(?P<k>tháng\s+){_M}(?![\w/%]|[.,:-]\d|\s+năm\s+\d)", "monthonly"),
]
_DATE_PATTERNS = [(re.compile(p, re.IGNORECASE), kind) for p, kind in _DATES]


def _iso(m: re.Match, precision: str) -> str | None:
    g = m.groupdict()
    if precision == "day":
        try:
            return datetime.date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat()
        except ValueError:
            return None
    if precision == "month":
        return f"{int(g['y']):04d}-{int(g['m']):02d}"
    if precision == "years":
        return f"{g['y']}/{g['y2']}" if int(g["y2"]) > int(g["y"]) else None
    if precision == "year":
        return g["y"]
    if precision == "daymonth":
        try:
            datetime.date(2000, int(g["m"]), int(g["d"]))  # a leap year: 29/2 is a date
        except ValueError:
            return None
        return f"--{int(g['m']):02d}-{int(g['d']):02d}"
    return f"--{int(g['m']):02d}"


def _dates(text: str, folded: str, blocked: list[tuple[int, int]]) -> list[Entity]:
    found: list[Entity] = []
    taken = list(blocked)
    for pattern, precision in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            start = m.start()
            if precision == "years" and m.group("k") is None:
                start = m.start("y")
            if _overlaps(start, m.end(), taken):
                continue
            iso = _iso(m, precision)
            if iso is None:
                continue
            found.append(Entity("DATE", text[start : m.end()], start, m.end(), {"iso": iso}))
            taken.append((start, m.end()))
    return found


# ---------------------------------------------------------------------------------------------
# Numbers

_NUMBER = re.compile(
    r"(?<![\w/.,:%-])(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
    r"(?:/(?P<total>\d+))?(?![\w/:]|[.,]\d)"
)


_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _value(m: re.Match) -> int | float:
    whole = int(m.group("int").replace(".", ""))
    return float(f"{whole}.{m.group('frac')}") if m.group("frac") else whole


def _quantities(f: _Finder, blocked: list[tuple[int, int]]) -> list[Entity]:
    text, t = f.text, f.t
    found: list[Entity] = []
    for m in _NUMBER.finditer(f.folded):
        if _overlaps(m.start(), m.end(), blocked):
            continue
        i = t.index(m.start())  # the token of the number's first digits
        j = t.index(m.end())  # the token after the number
        if _YEAR.fullmatch(m.group()):
            continue  # '1992 quy định': a year; counts that large are written '1.992'
        before = f.before(i)
        start = m.start()
        norm: dict = {"value": _value(m)}
        if before and before["kind"] == "identifier":
            continue
        if before and before["kind"] == "approx":
            start = t.starts[before["start"]]
            norm["approx"] = before["word"]
        if m.group("total"):
            norm["total"] = int(m.group("total"))
        # percent: '94,87%', '95 %', '95 phần trăm'
        if j < len(t) and not t.breaks[j]:
            pct = f.quantity(j, ("percent",))
            if pct and (t.glued[j] or t.spaced(j)) and not m.group("total"):
                end = t.ends[pct[0] - 1]
                found.append(Entity("PERCENT", text[start:end], start, end, {**norm, "unit": "%"}))
                continue
        scale = f.quantity(j, ("scale",)) if t.spaced(j) else None
        if scale:
            norm["value"] = _scaled(norm["value"], int(scale[1]["value"]))
            j = scale[0]
        unit = f.unit(j)
        if unit is None:
            if scale:
                end = t.ends[j - 1]
                found.append(Entity("COUNT", text[start:end], start, end, {**norm, "unit": None}))
            continue
        end_token, word, kind = unit
        end = t.ends[end_token - 1]
        if _overlaps(start, end, blocked):
            continue  # '2 Tỉnh ủy Hưng Yên': the unit word begins a name
        label = "DURATION" if kind == "duration" and not m.group("total") else "COUNT"
        found.append(Entity(label, text[start:end], start, end, {**norm, "unit": word}))
    return found


def _scaled(value: int | float, factor: int) -> int | float:
    result = round(value * factor, 6)
    return int(result) if float(result).is_integer() else result


def _bare_years(text: str, folded: str, blocked: list[tuple[int, int]], f: _Finder) -> list[Entity]:
    """'năm 2018, 2019': a year standing alone after a date or in a list is a DATE too."""
    found = []
    for m in re.finditer(rf"{_B}(1[89]\d\d|20\d\d){_E}", folded):
        if _overlaps(m.start(), m.end(), blocked):
            continue
        i = f.t.index(m.start())
        if f.before(i):
            continue
        found.append(Entity("DATE", text[m.start() : m.end()], m.start(), m.end(), {"iso": m.group(1)}))
    return found


# ---------------------------------------------------------------------------------------------
# Public API


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_entities(text: str, exclude: Iterable[tuple[int, int]] = ()) -> list[Entity]:
    """ORG, PER, LOC, COUNT, PERCENT, DATE and DURATION entities in `text`, sorted by start.

    Offsets are into `text` (`text[start:end] == entity.text`). Spans in `exclude` (reference
    mentions such as 'Chỉ thị 05-CT/TW', found by another module) yield no COUNT, PERCENT,
    DURATION or DATE inside them; ORGs there (the issuer) are still found. Overlapping spans are
    kept (a LOC inside an ORG): use `non_overlapping` for spaCy's doc.ents.
    """
    if not isinstance(text, str):
        raise EntityError(f"expected text as str, got {type(text).__name__}")
    try:
        spans = [(int(s), int(e)) for s, e in exclude]
    except (TypeError, ValueError) as error:
        raise EntityError(f"exclude must hold (start, end) pairs of offsets: {error}") from None
    if unicodedata.is_normalized("NFC", text):
        return _find(text, spans)
    # Cleaned text is NFC; other input is searched in NFC and the offsets mapped back.
    nfc, origin = _nfc(text)
    starts = [a for a, _ in origin]
    to_nfc = lambda offset: bisect.bisect_left(starts, offset)  # noqa: E731
    found = _find(nfc, [(to_nfc(s), to_nfc(e)) for s, e in spans])
    for e in found:
        e.start, e.end = origin[e.start][0], origin[e.end - 1][1]
        e.text = text[e.start : e.end]
    return found


def _nfc(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` in NFC, and for each of its characters the span of `text` it came from."""
    pieces, origin, i = [], [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        pieces.append(piece)
        origin += [(i, j)] * len(piece)
        i = j
    return "".join(pieces), origin


def _find(text: str, exclude: list[tuple[int, int]]) -> list[Entity]:
    f = _Finder(text)
    t = f.t
    orgs = f.orgs()
    persons = f.persons(orgs)
    entities: list[Entity] = []
    for o in orgs:
        s, e = t.starts[o.start], t.ends[o.end - 1]
        entities.append(Entity("ORG", text[s:e], s, e, {"name": o.name, "kind": o.kind}))
    for p in f.places():
        s, e = t.starts[p.start], t.ends[p.end - 1]
        entities.append(Entity("LOC", text[s:e], s, e, {"kind": p.kind, "name": p.name}))
    entities += persons
    named = [(e.start, e.end) for e in entities]
    dates = _dates(text, f.folded, exclude)
    blocked = exclude + named + [(d.start, d.end) for d in dates]
    counts = _quantities(f, blocked)
    blocked += [(c.start, c.end) for c in counts]
    entities += dates + counts + _bare_years(text, f.folded, blocked, f)
    return sorted(entities, key=lambda e: (e.start, -e.end, e.label))


def non_overlapping(entities: Iterable[Entity]) -> list[Entity]:
    """The longest of any overlapping spans (earlier first on ties), sorted by start.

    spaCy's doc.ents cannot overlap: this keeps the ORG 'Đảng bộ phường Long Tuyền' and drops the
    LOC 'phường Long Tuyền' inside it, like spacy.util.filter_spans.
    """
    kept: list[Entity] = []
    for e in sorted(entities, key=lambda e: (-(e.end - e.start), e.start)):
        if not _overlaps(e.start, e.end, ((k.start, k.end) for k in kept)):
            kept.append(e)
    return sorted(kept, key=lambda e: e.start)
