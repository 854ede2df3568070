"""Entities other than document references: ORG, PER, LOC, COUNT, PERCENT, DATE, DURATION.

Rules over syllable tokens, with the vocabulary in data files beside the code (data/org_heads.tsv,
abbreviations.tsv, place_types.tsv, titles.txt, person_cues.tsv, family_names.txt, quantities.tsv,
function_words.txt) and underthesea's Viet74K word list to tell where a multi-syllable word ends.
Why rules and not a model: underthesea.ner, the Vietnamese NER at hand, was trained on news; on
report prose it tags 'Bí thư Quận' as a place and 'BTV Quận' as a person. Party writing is formulaic:
head nouns ('Quận ủy', 'Ban Thường vụ', 'UBND'), capitalisation and a title or 'đồng chí' cue find
its entities reliably, and a 20k-character report takes milliseconds.

Matching runs on `fold(text)` (one tone-mark style, same offsets) and slices the original text.

Decisions (they follow corpora/gold/README.md where it speaks):
- ORG spans run from the head over its qualifiers ('Ban Thường vụ Quận ủy Bình Thủy', 'Đảng bộ
  phường Long Tuyền', 'Chi bộ khu vực 7'), one entity for the longest name. norm {'name':
  abbreviations expanded ('BTV Quận ủy' -> 'Ban Thường vụ Quận ủy'), 'kind': party | government |
  mass | court | enterprise | military | other}. Not ORGs: generic nouns ('cấp ủy', 'chi bộ', lower-case
  'đảng bộ', 'các Đảng ủy'), bare 'Đảng', 'Trung ương' as a level or plenum ('cấp Trung ương',
  'Nghị quyết Trung ương 4'), and a body inside a person's title ('Bí thư Quận ủy' in 'đồng chí
  Lê Văn A, Bí thư Quận ủy'), which goes to the title. A capitalised bare 'Đảng ủy' / 'Đảng bộ' is
  the body itself; a membership keeps its body ('Ủy viên Bộ Chính trị').
- PER spans are the name only; norm {'title', 'name'}: the fullest title given to that name anywhere
  in the text, or None. A name needs a cue ('đồng chí', 'ông'), a title, or 3-4 capitals from a
  family name standing alone ('phong cách Hồ Chí Minh').
- LOC: a unit word with a name or number ('quận Bình Thủy', 'Quận 10'), or a province name alone;
  norm {'kind', 'name'}. Places inside an ORG or a title are left out unless `nested=True`;
  `non_overlapping` keeps the longest of overlapping entities (the extract stage does the same for
  doc.ents with spacy.util.filter_spans).
- COUNT / PERCENT / DURATION spans run from the number to the end of its unit; a hedge before it
  ('hơn 200 cán bộ') stays outside, in norm['approx']. norm {'value', 'unit'}; 'total' for
  '4/4 đơn vị' (value 4). The unit is the counted noun with the nouns that qualify it ('chi bộ khu
  dân cư', 'cơ quan, đơn vị'), not a following verb or adjective ('260 đảng viên mới' -> 'đảng viên');
  a scale word stays in it as written ('41 tỷ đồng' -> 41, 'tỷ đồng').
- DATE spans include a leading 'ngày' / 'tháng' / 'năm' / 'quý'. norm {'iso'}: '2017-08-02',
  '2017-08', '2017', '2019-Q1'; a date without a year takes `year` (or the year last written):
  '13/10' -> '2020-10-13', else '--10-13' (ISO 8601 truncated form). Years of a term or range
  ('nhiệm kỳ 2015-2020') are no DATE.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass
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
        if i >= t.n:
            return
        for entry in self.by_first.get(t.lower[i], ()):
            n = len(entry.tokens)
            if i + n > t.n:
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
    not_person_before: tuple[str, ...]  # 'tư tưởng' in 'tư tưởng Hồ Chí Minh'
    quantities: _Phrases
    function_words: _Phrases
    words: frozenset[str]
    numbers: dict[str, int]  # spelled numbers before a length of time ('sáu' in 'Sáu tháng')
    spelled: re.Pattern
    places_known: frozenset[str]  # name keys of every unit in the gazetteer
    provinces: dict[str, str]  # name key of a province-level unit -> LOC kind (province | city)
    province_firsts: frozenset[str]  # their first syllables


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
        for variant in sorted(_variants(canonical, abbreviations)):
            heads.add(variant, name=canonical, kind=row["kind"], needs=row["needs"])
    known = {e.text.lower() for bucket in heads.by_first.values() for e in bucket}
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind in ORG_KINDS and abbreviation.lower() not in known:
            heads.add(abbreviation, name=expansion, kind=kind, needs="self")
    places = _Phrases()
    for row in _rows("place_types.tsv"):
        for variant in sorted(_variants(row["type"], abbreviations)):
            places.add(variant, kind=row["kind"], alone=row["alone"] == "yes", numbered=row["numbered"] == "yes")
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "place" and len(_TOKEN.findall(expansion)) > 2:  # 'TP.HCM': a whole place name
            places.add(abbreviation, kind="city", alone=True, numbered=False, name=expansion)
    titles = _Phrases()
    for title in _lines("titles.txt"):
        titles.add(title)
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "title":
            titles.add(abbreviation)
    cues = _Phrases()
    for row in _rows("person_cues.tsv"):
        cues.add(row["cue"], strong=row["strength"] == "strong")
    quantities, rows = _Phrases(), _rows("quantities.tsv")
    for row in rows:
        quantities.add(row["word"], kind=row["kind"], value=row["value"], word=fold(row["word"]))
    function_words = _Phrases()
    for word in _lines("function_words.txt"):
        function_words.add(word)
    numbers = {fold(r["word"]).lower(): int(r["value"]) for r in rows if r["kind"] == "number"}
    durations = [fold(r["word"]) for r in rows if r["kind"] == "duration"]
    spelled = re.compile(rf"(?<!\w)({'|'.join(numbers)})\s+({'|'.join(durations)})(?!\w)", re.IGNORECASE)
    return _Lexicon(
        heads=heads,
        abbreviations=abbreviations,
        places=places,
        titles=titles,
        cues=cues,
        families=frozenset(_lines("family_names.txt")),
        not_person_before=tuple(w.lower() for w in _lines("not_person_before.txt")),
        quantities=quantities,
        function_words=function_words,
        words=_dictionary(),
        numbers=numbers,
        spelled=spelled,
        **_gazetteer(),
    )


def _gazetteer() -> dict:
    """Unit names from metadata's gazetteer (data/admin_units.tsv), to tell places from people."""
    from .metadata import MetadataError, gazetteer

    try:
        names = gazetteer().names
    except MetadataError:  # a broken gazetteer costs bare province names, nothing else
        return {"places_known": frozenset(), "provinces": {}, "province_firsts": frozenset()}
    provinces = {key: "city" if units[0].type == "Thành phố" else "province"
                 for (level, key), units in names.items() if level == "province"}
    return {"places_known": frozenset(key for _, key in names), "provinces": provinces,
            "province_firsts": frozenset(key.split()[0] for key in provinces)}


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
    n: int = 0

    @classmethod
    def of(cls, folded: str) -> _Tokens:
        matches = list(_TOKEN.finditer(folded))
        words = [m.group() for m in matches]
        starts = [m.start() for m in matches]
        ends = [m.end() for m in matches]
        glued = [k > 0 and starts[k] == ends[k - 1] for k in range(len(starts))]
        breaks = [k > 0 and folded.find("\n", ends[k - 1], starts[k]) != -1 for k in range(len(starts))]
        return cls(words, [w.lower() for w in words], starts, ends, glued, breaks, len(words))

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
        if i >= t.n:
            return None
        if not t.words[i][0].isupper() and not (t.lower[i] == "ban" and i > 0 and t.lower[i - 1] == "trưởng"):
            return None  # lower case is a generic noun, except 'Trưởng ban Tuyên giáo'
        if t.lower[i] not in self.lex.heads.by_first:
            return None
        for end, entry in self.lex.heads.matches(t, i):
            if end < t.n and t.lower[end] == "viên" and t.spaced(end):
                continue  # 'Quận ủy viên' is a title
            if any(entry.exact) and self.in_code(i, end):
                continue  # 'TU' in '15-NQ/TU'
            return end, entry
        return None

    def in_number(self, i: int) -> bool:
        """The digits at token i go on ('7/2017', '4.164', '15-NQ'): not a plain number."""
        t = self.t
        if i + 1 >= t.n or not t.glued[i + 1]:
            return False
        sep = t.words[i + 1]
        return sep in "/-" or (sep in ".," and i + 2 < t.n and t.glued[i + 2] and t.words[i + 2][0].isdigit())

    def in_code(self, i: int, j: int) -> bool:
        t = self.t
        before = i > 0 and t.glued[i] and t.words[i - 1] in "/-"
        after = j < t.n and t.glued[j] and t.words[j] in "/-"
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
        for k in range(i + 1, min(i + most, t.n)):
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
        while j < t.n and (j == i or t.spaced(j)) and (t.title_case(j) or (caps and t.upper(j))):
            if j > i and (self.stops_run(j) or (self.head(j) and self.org(j, nested=True))):
                break  # 'Báo Thái Nguyên Báo Lạng Sơn'; but 'Phòng' in 'Hải Phòng' names no body
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
            return _Place(i, end, data["kind"], data["name"])
        if end < t.n and t.glued[end] and t.words[end] == "." and any(entry.exact):
            end += 1  # 'TP. Hồ Chí Minh', 'TP.Hà Nội'
        nxt = end
        if nxt < t.n and not t.breaks[nxt] and (not t.glued[nxt] or t.words[nxt - 1] == "."):
            caps = t.upper(i)
            word = t.words[nxt]
            if word.isdigit() and len(word) <= 3 and data["numbered"] and not self.in_number(nxt):
                return _Place(i, nxt + 1, data["kind"], word)
            if (t.title_case(nxt) or (caps and t.upper(nxt))) and not self.stops_run(nxt):
                stop = self.place_name(nxt, caps)
                if stop > nxt and not self.person_like(nxt, stop):
                    return _Place(i, stop, data["kind"], self.surface(nxt, stop))
        if data["alone"]:
            return _Place(i, end, data["kind"], None)
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
        while j < t.n and t.spaced(j) and (t.title_case(j) or t.upper(j)) and not self.stops_run(j):
            if self.head(j):
                break
            j = end = self.word_end(j) if t.title_case(j) else j + 1
            if j < t.n and t.spaced(j) and t.lower[j] in ("và", "-", "–", "&") and j + 1 < t.n:
                if t.spaced(j + 1) and t.title_case(j + 1) and not self.head(j + 1):
                    j += 1
                    continue
            if bridge:
                k = j
                while k < t.n and k - j < 3 and t.spaced(k) and t.words[k].islower() and not self.function_word(k):
                    k += 1
                if k > j and k < t.n and t.spaced(k) and t.title_case(k) and not self.stops_run(k):
                    j = k
        return end, self.surface(i, end) if end > i else ""

    def bridge(self, i: int) -> int:
        """End of the lower-case words that finish a name when a place or body follows them
        ('Bồi dưỡng chính trị quận'); i when none do ('Ban Dân vận tổ chức hội nghị')."""
        t, k = self.t, i
        while k < t.n and k - i < 3 and t.spaced(k) and t.words[k].islower() and t.words[k].isalpha():
            if self.function_word(k) or self.lex.places.longest(t, k):
                break
            k += 1
        if k > i and t.spaced(k) and (self.lex.places.longest(t, k) or self.head(k)):
            return k
        return i

    def org(self, i: int, nested: bool = False) -> _Org | None:
        found = self.head(i)
        if not found:
            return None
        end, entry = found
        t, data = self.t, entry.data
        if not nested and i > 0 and t.spaced(i):
            if t.upper(i) and t.upper(i - 1) and len(t.words[i - 1]) > 1:
                return None  # 'NHIỆM VỤ THỜI GIAN TỚI', 'ĐẠI HỘI LẦN THỨ': a heading, no body
            if t.lower[i - 1] in _PLURAL:
                return None  # 'các Đảng ủy', 'những Ban đảng': generic
        pieces = [data["name"]]
        if data["needs"] == "name":
            end, words = self.name_words(end, bridge=data["kind"] == "enterprise")
            if not words:
                return None
            pieces.append(self.expand(words))
            bridge = self.bridge(end)  # 'Trung tâm Bồi dưỡng chính trị quận'
            if bridge > end:
                pieces.append(self.surface(end, bridge))
                end = bridge
        kind, needs = data["kind"], data["needs"]
        inner_kind = None
        qualified = False
        last = "name" if data["needs"] == "name" else "head"  # a name takes no second name
        caps = t.upper(i)
        while end < t.n:
            j = end
            if t.words[j] == "(" and not t.breaks[j] and j + 2 < t.n and t.upper(j + 1) and t.words[j + 2] == ")":
                if self.org(j + 3, nested=True) or self.place(j + 3):
                    j += 3  # 'Ban Thường vụ (BTV) Quận ủy': an inserted abbreviation
            if not t.spaced(j):
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
                end, qualified, last = place.end, True, "place"
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
        if not nested and needs == "possessive" and not self.central(i, end):
            return None
        if not nested and not qualified and end < t.n and t.spaced(end) and t.lower[end] in _PLURAL:
            return None  # 'Ủy ban nhân dân các phường': generic
        if kind == "inherit":
            kind = inner_kind or "other"
        return _Org(i, end, " ".join(pieces), kind)

    def central(self, i: int, end: int) -> bool:
        """'Trung ương' alone is the Central Committee after 'của' or as a subject ('khi Trung ương
        ban hành'), not a level ('cấp Trung ương', 'từ Trung ương đến cơ sở') or a plenum ('Trung ương 4')."""
        t = self.t
        if end < t.n and t.spaced(end) and (t.words[end][0].isdigit() or t.lower[end] == "đến"):
            return False
        return i == 0 or not t.words[i - 1].isalnum() or t.lower[i - 1] in _BEFORE_CENTRAL

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
        found, i, t = [], 0, self.t
        after_cue, firsts = self.cue_ends(), self.lex.heads.by_first
        while i < t.n:
            org = self.org(i) if t.lower[i] in firsts and i not in after_cue else None
            if org and org.end > i:
                found.append(org)
                i = org.end
            else:
                i += 1
        return found

    def cue_ends(self) -> set[int]:
        """Tokens right after a strong cue: 'đồng chí Đoàn Văn Nam' is a person, not 'Đoàn' + name."""
        t, firsts = self.t, self.lex.cues.by_first
        ends = (self.cue(k, strong_only=True) for k in range(t.n) if t.lower[k] in firsts)
        return {found[0] for found in ends if found}

    def places(self) -> list[_Place]:
        found, i, t = [], 0, self.t
        firsts = self.lex.places.by_first
        while i < t.n:
            place = (self.place(i) if t.lower[i] in firsts else None) or self.province(i)
            if place and place.name:
                found.append(place)
                i = place.end
            else:
                i += 1
        return found

    def province(self, i: int) -> _Place | None:
        """A province-level name standing alone ('Hưng Yên phấn đấu...', 'về Hà Nội')."""
        t = self.t
        if t.lower[i] not in self.lex.province_firsts or not t.title_case(i):
            return None
        if i > 0 and t.spaced(i) and t.title_case(i - 1):
            return None
        j = self.run(i)
        for end in range(min(j, i + 4), i, -1):
            kind = self.lex.provinces.get(self.key(i, end))
            if kind and not (self.family(i) and end - i >= 3):  # 'Hồ Chí Minh' alone is the person
                return _Place(i, end, kind, self.surface(i, end))
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
        while end < t.n:
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
        if i >= t.n or not t.title_case(i) or self.stops_run(i):
            return None
        j = i + 1
        while j < t.n and t.spaced(j) and t.title_case(j) and not self.stops_run(j):
            if j + 1 < t.n and t.spaced(j + 1) and t.words[j + 1].isdigit():
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
        if j < t.n and t.words[j] in ",-–(" and not t.breaks[j] and t.spaced(j + 1):
            found = self.title_phrase(j + 1, orgs, free=True)
            if found:
                return j + 1, found
        return None

    def persons(self, orgs: list[_Org], places: list[_Place]) -> tuple[list[Entity], list[tuple[int, int]]]:
        """Persons, and the token ranges of every title, with or without a name after it.

        A body inside a title ('Bí thư Quận ủy' in 'đồng chí Bí thư Quận ủy') is part of the title.
        """
        t = self.t
        by_start = {o.start: o for o in orgs}
        inside = set()
        for o in orgs:
            inside.update(range(o.start + 1, o.end))
        for p in places:
            inside.update(range(p.start, p.end))
        found: list[Entity] = []
        ranges: list[tuple[int, int]] = []
        firsts = self.lex.cues.by_first.keys() | self.lex.titles.by_first.keys()
        i = 0
        while i < t.n:
            if i in inside or not (t.words[i][0].isupper() or t.lower[i] in firsts):
                i += 1
                continue
            person = self.person(i, by_start)
            if person:
                entity, titles, i = person
                if not entity.norm["title"] and self.named_after(entity.start):
                    continue  # 'tư tưởng Hồ Chí Minh': an idea, not a person
                found.append(entity)
                ranges += titles
                continue
            bare = self.bare_title(i, by_start)
            if bare:
                ranges.append(bare)
                i = bare[1]
                continue
            i += 1
        return _same_titles(found), ranges

    def named_after(self, start: int) -> bool:
        """Is the name at character `start` preceded by a word like 'tư tưởng' (data/not_person_before.txt)?"""
        before = fold(self.text[max(0, start - 30):start]).lower().rstrip()
        return any(before.endswith(word) and (len(before) == len(word) or not before[-len(word) - 1].isalnum())
                   for word in self.lex.not_person_before)

    def bare_title(self, i: int, orgs: dict[int, _Org]) -> tuple[int, int] | None:
        """The title of a person left unnamed: '(đồng chí) Bí thư Quận ủy phát biểu', 'chủ tịch Hội
        đồng nhân dân phường'. Not a membership ('Ủy viên Bộ Chính trị', 'các đồng chí ủy viên Ban
        Thường vụ'), whose body stays an ORG."""
        t = self.t
        cue = self.cue(i)
        start = cue[0] if cue and t.spaced(cue[0]) else i
        if i > 0 and t.lower[i - 1] in _PLURAL:
            return None
        end = self.title_phrase(start, orgs, free=False)
        if not end or t.lower[start] in ("ủy", "uvtv", "uvbtv", "uvbch"):
            return None
        return start, end

    def person(self, i: int, orgs: dict[int, _Org]) -> tuple[Entity, list[tuple[int, int]], int] | None:
        """A person at token i: after a cue ('đồng chí'), a title, or a family name with a title after."""
        cue = self.cue(i)
        if cue and self.t.spaced(cue[0]):
            found = self.person_from(cue[0], strong=cue[1], cued=True, orgs=orgs)
            if found:
                return found
        return self.person_from(i, strong=False, cued=False, orgs=orgs)

    def person_from(self, start: int, strong: bool, cued: bool, orgs: dict[int, _Org]
                    ) -> tuple[Entity, list[tuple[int, int]], int] | None:
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
        if not cued and not title and not (self.family(name_start) and (after or self.alone(name_start, end))):
            return None
        title_text = ", ".join(self.surface(a, b) for a, b in titles) or None
        s, e = t.starts[name_start], t.ends[end - 1]
        norm = {"title": title_text, "name": self.surface(name_start, end)}
        return Entity("PER", self.text[s:e], s, e, norm), titles, (after[1] if after else end)

    def alone(self, i: int, j: int) -> bool:
        """A full name with no cue: 3-4 capitals from a family name, not inside a longer run
        ('phong cách Hồ Chí Minh'); two syllables ('Lâm Đồng') are too often a place."""
        t = self.t
        if not 3 <= j - i <= 4 or (j < t.n and t.spaced(j) and t.title_case(j)):
            return False  # a longer run
        # not after another capital, nor a house number ('Số 7 Nguyễn Tri Phương': a street)
        return not (i > 0 and t.spaced(i) and (t.title_case(i - 1) or t.upper(i - 1) or t.words[i - 1].isdigit()))


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
                    if k > 0 and f"{t.lower[k - 1]} {t.lower[k]}" in self.lex.words:
                        continue  # 'luật' ends 'kỷ luật 05 đảng viên': no identifier
                    if best is None or k < best[0]:
                        best = (k, entry.data)
        if best:
            return {**best[1], "start": best[0]}
        return None

    def unit(self, i: int) -> tuple[int, str] | None:
        """(end token, kind) of the counted noun after a number: a known unit, else one dictionary
        word; a unit runs on over nouns that qualify it ('đảng bộ phường', 'chi bộ khu dân cư',
        'lượt tổ chức đảng') and over ', <unit>' ('cơ quan, đơn vị'), never over a verb or
        adjective ('4.164 đảng viên hoàn thành', '260 đảng viên mới')."""
        t = self.t
        if not t.spaced(i):
            return None
        found = self.quantity(i, ("unit", "duration"))
        if found and t.words[i][0].isupper() and not t.words[i].isupper():
            return None  # '4 Đồng chí Chủ tịch...': a list number before a capital
        if found:
            end, data = found
            if data["kind"] == "duration":
                if end < t.n and t.spaced(end) and (
                        t.words[end][0].isdigit() or (data["word"] == "giờ" and t.lower[end] in _DAY_WORDS)):
                    return None  # 'số 29 ngày 12/02', 'trước 15 giờ ngày thứ Tư': a date or time
                return end, "duration"
        elif t.words[i].isalpha() and t.words[i].islower() and not self.function_word(i):
            end = self.word_end(i, most=3)
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
                if more and self.word_end(end + 1) <= more[0] and not (more[0] < t.n and t.words[more[0]][0].isdigit()):
                    end = more[0]
                    continue
            break
        return end, "unit"


def _same_titles(persons: list[Entity]) -> list[Entity]:
    """Each person gets the fullest title the document gives them anywhere ('ông Trần Văn A' later)."""
    best: dict[str, str] = {}
    for p in persons:
        title = p.norm["title"]
        if title and len(title) > len(best.get(p.norm["name"], "")):
            best[p.norm["name"]] = title
    for p in persons:
        p.norm["title"] = best.get(p.norm["name"])
    return persons


# ---------------------------------------------------------------------------------------------
# Spans


class _Taken:
    """Characters already covered by a span, to test overlaps in constant time."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.mask = bytearray(size)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        start, end = max(0, start), min(len(self.mask), end)
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def hits(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) != -1


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


# ---------------------------------------------------------------------------------------------
# Dates

_PLURAL = ("các", "những", "mỗi", "từng", "nhiều")
_BEFORE_CENTRAL = ("của", "khi", "và", "với", "để", "do", "thì", "là", "nhưng", "cùng", "được", "theo")
_DATE_WORDS = ("ngày", "tháng", "năm", "quý", "tuần", "thứ")
_DAY_WORDS = ("ngày", "sáng", "chiều", "tối", "đêm", "hôm", "trưa")
_D = r"(?P<d>0?[1-9]|[12]\d|3[01])"
_M = r"(?P<m>0?[1-9]|1[0-2])"
_Y = r"(?P<y>1[89]\d\d|20\d\d)"
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
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _iso(m: re.Match, precision: str, year: int | None) -> str | None:
    g = m.groupdict()
    if precision in ("daymonth", "quarteronly", "monthonly"):
        g["y"] = year  # the document's year, when known
    if precision in ("day", "daymonth"):
        try:  # 2000 is a leap year: '29/2' with no year is a date
            day = datetime.date(int(g["y"] or 2000), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return day.isoformat() if g["y"] else day.strftime("--%m-%d")
    if precision in ("quarter", "quarteronly"):
        q = g["q"].upper()
        q = _ROMAN.get(q) or int(q)
        return f"{g['y']}-Q{q}" if g["y"] else f"--Q{q}"
    if precision == "year":
        return g["y"]
    month = f"{int(g['m']):02d}"
    return f"{int(g['y']):04d}-{month}" if g["y"] else f"--{month}"


def _dates(text: str, folded: str, taken: _Taken, year: int | None) -> list[Entity]:
    """Dates in priority order of their patterns; one without a year takes `year`, else the year of
    the last date written before it, else of the first one after it."""
    matches: list[tuple[re.Match, str]] = []
    for pattern, precision in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
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


# ---------------------------------------------------------------------------------------------
# Numbers

_NUMBER = re.compile(
    r"(?<![\w/.,:%-])(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
    r"(?:/(?P<total>\d+))?(?![\w/:]|[.,]\d)"
)


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_YEARS = re.compile(r"(?<![\w/.,-])(?:1[89]\d\d|20\d\d)\s?[-–]\s?(?:1[89]\d\d|20\d\d)(?![\w/]|[.,]\d)")


def _value(m: re.Match) -> int | float:
    whole = int(m.group("int").replace(".", ""))
    return float(f"{whole}.{m.group('frac')}") if m.group("frac") else whole


def _quantities(f: _Finder, blocked: _Taken) -> list[Entity]:
    """COUNT, PERCENT and DURATION: a number and what it counts. The span runs from the number
    (a hedge before it, 'hơn', goes to norm['approx']) to the end of the unit."""
    text, t = f.text, f.t
    found: list[Entity] = []

    def add(label: str, start: int, end: int, norm: dict) -> None:
        found.append(Entity(label, text[start:end], start, end, norm))
        blocked.add(start, end)

    for m in _NUMBER.finditer(f.folded):
        if blocked.hits(m.start(), m.end()) or _YEAR.fullmatch(m.group()):
            continue  # '1992 quy định': a year; counts that large are written '1.992'
        i = t.index(m.start())  # the token of the number's first digits
        j = t.index(m.end())  # the token after the number
        before = f.before(i)
        if before and before["kind"] == "identifier" and not _counts_after(f, before, j):
            continue
        start = m.start()
        norm: dict = {"value": _value(m)}
        if before and before["kind"] == "approx":
            norm["approx"] = before["word"]
        if m.group("total"):
            norm["total"] = int(m.group("total"))
        elif j < t.n and not t.breaks[j] and (t.glued[j] or t.spaced(j)):
            percent = f.quantity(j, ("percent",))  # '94,87%', '95 %', '95 phần trăm'
            if percent:
                add("PERCENT", start, t.ends[percent[0] - 1], {**norm, "unit": "%"})
                continue
        j, value, scale = _scale(f, j, norm["value"])
        if j < t.n and t.spaced(j) and f.quantity(j, ("measure",)):
            continue  # money, area, age...: '2,3 tỷ đồng', '200 m2', '68 tuổi' are no counts
        unit = f.unit(j)
        if unit is None:
            if scale:  # '1,5 triệu' with nothing named after it
                add("COUNT", start, t.ends[j - 1], {**norm, "value": value, "unit": scale})
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
        add("COUNT", start, end, {**norm, "unit": f"{scale} {written}" if scale else written})
    for m in f.lex.spelled.finditer(f.folded):  # 'Sáu tháng đầu năm'
        start, end = m.span()
        if not blocked.hits(start, end):
            value = f.lex.numbers[m.group(1).lower()]
            add("DURATION", start, end, {"value": value, "unit": m.group(2).lower()})
    return found


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


# ---------------------------------------------------------------------------------------------
# Public API


def find_entities(text: str, exclude: Iterable[tuple[int, int]] = (), *, nested: bool = False,
                  year: int | None = None) -> list[Entity]:
    """ORG, PER, LOC, COUNT, PERCENT, DATE and DURATION entities in `text`, sorted by start.

    Offsets are into `text` (`text[start:end] == entity.text`). Spans in `exclude` (reference
    mentions such as 'Chỉ thị 05-CT/TW', found by another module) yield no COUNT, PERCENT,
    DURATION or bare year inside them; the issuer ('Bộ Chính trị') and a written date
    ('ngày 15/5/2016') in them are still found, as the gold annotation has them.
    `nested`: also return the places inside an ORG or a title ('phường Long Tuyền' in 'Đảng bộ
    phường Long Tuyền'), which overlap it (`non_overlapping` drops them again).
    `year`: the document's year, for dates written without one ('13/10', 'tháng 9'); else the
    year of the nearest date before it in the text.
    """
    if not isinstance(text, str):
        raise EntityError(f"expected text as str, got {type(text).__name__}")
    try:
        spans = [(int(s), int(e)) for s, e in exclude]
        year = None if year is None else int(year)
    except (TypeError, ValueError) as error:
        raise EntityError(f"exclude must hold (start, end) offsets and year a number: {error}") from None
    if unicodedata.is_normalized("NFC", text):
        return _find(text, spans, nested, year)
    # Cleaned text is NFC; other input is searched in NFC and the offsets mapped back.
    nfc, origin = _nfc(text)
    starts = [a for a, _ in origin]
    spans = [(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)) for s, e in spans]
    found = _find(nfc, spans, nested, year)
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


def _find(text: str, exclude: list[tuple[int, int]], nested: bool, year: int | None) -> list[Entity]:
    f = _Finder(text)
    t = f.t
    orgs = f.orgs()
    places = f.places()
    persons, titles = f.persons(orgs, places)
    in_titles = [(t.starts[a], t.ends[b - 1]) for a, b in titles if b > a]
    in_orgs = [(t.starts[o.start], t.ends[o.end - 1]) for o in orgs]
    entities: list[Entity] = []
    for o, (s, e) in zip(orgs, in_orgs):  # also inside a title: 'Ủy viên Bộ Chính trị' names the body
        entities.append(Entity("ORG", text[s:e], s, e, {"name": o.name, "kind": o.kind}))
    for p in places:
        s, e = t.starts[p.start], t.ends[p.end - 1]
        if nested or not _inside(s, e, in_titles + in_orgs):
            entities.append(Entity("LOC", text[s:e], s, e, {"kind": p.kind, "name": p.name}))
    entities += persons
    dates = _dates(text, f.folded, _Taken(len(text)), year)
    # numbers in names, titles and references ('Quận 10', 'Chỉ thị 05') are no quantities
    blocked = _Taken(len(text), exclude + in_titles + in_orgs + [(e.start, e.end) for e in entities + dates])
    for m in _YEARS.finditer(f.folded):  # 'nhiệm kỳ 2020 - 2025': years of a term are no dates
        blocked.add(m.start(), m.end())
    counts = _quantities(f, blocked)
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
