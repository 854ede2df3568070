"""The vocabulary entities are read with, loaded once (`_lexicon()`): organisation heads, abbreviations,
place types, titles, person cues, family names, quantity words, function words (pipeline/data/),
the gazetteer of administrative units and underthesea's Viet74K word list; phrases are looked up
by their first token, longest first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Iterable

from pipeline import resources
from pipeline.fold import fold, fold_all

if TYPE_CHECKING:
    from pipeline.entities.tokens import _Tokens


ORG_KINDS = ("party", "government", "mass", "court", "enterprise", "military", "other")


class EntityError(ValueError):
    """Input that cannot be searched for entities."""


@dataclass(frozen=True)
class _Entry:
    """One lexicon phrase: its tokens as written, which of them must match case-sensitively."""

    tokens: tuple[str, ...]
    glued: tuple[bool, ...]  # glued[k]: no space between tokens k-1 and k
    exact: tuple[bool, ...]  # abbreviations ('BTV', 'TP') match only as written
    text: str
    data: dict
    lower: tuple[str, ...] = ()  # the tokens in lower case: the trie's keys


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _is_exact(token: str) -> bool:
    """'BTV', 'TP', 'ThS' must match as written; 'Ban', 'ban' match in any case."""
    return token not in (token.lower(), token.capitalize())


class _Phrases:
    """Phrases looked up by their lower-cased tokens in a trie; longest match first."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[_Entry]] = {}  # also tells callers which tokens may start a phrase
        self.trie: dict = {}  # lower-cased token -> subtrie; the key None holds the entries ending there

    def add(self, phrase: str, **data) -> None:
        phrase = fold(phrase.strip())
        matches = list(_TOKEN.finditer(phrase))
        tokens = tuple(m.group() for m in matches)
        glued = tuple(k > 0 and matches[k - 1].end() == m.start() for k, m in enumerate(matches))
        entry = _Entry(tokens, glued, tuple(_is_exact(t) for t in tokens), phrase, data, tuple(t.lower() for t in tokens))
        self.by_first.setdefault(tokens[0].lower(), []).append(entry)
        node = self.trie
        for token in entry.lower:
            node = node.setdefault(token, {})
        node.setdefault(None, []).append(entry)

    def matches(self, t: _Tokens, i: int) -> Iterable[tuple[int, _Entry]]:
        """(end token, entry) for every phrase that matches at token i, longest first."""
        node = self.trie.get(t.lower[i]) if i < t.n else None
        return self._matches(t, i, node) if node else ()  # most tokens start no phrase

    @staticmethod
    def _matches(t: _Tokens, i: int, node: dict) -> Iterable[tuple[int, _Entry]]:
        words, lower, glued, breaks = t.words, t.lower, t.glued, t.breaks
        ends, k = [], i + 1  # the phrases whose lower-cased tokens match, by where they end
        while True:
            if None in node:
                ends.append((k, node[None]))
            if k >= t.n or (node := node.get(lower[k])) is None:
                break
            k += 1
        for end, entries in reversed(ends):
            for entry in entries:
                for m in range(end - i):
                    if entry.exact[m] and words[i + m] != entry.tokens[m]:
                        break
                    if m and (glued[i + m] != entry.glued[m] or breaks[i + m]):
                        break
                else:
                    yield end, entry

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
    middle_names: frozenset[str]  # 'Văn', 'Thị': the second syllable of a person's name, never of a place's
    not_person_before: tuple[str, ...]  # 'tư tưởng' in 'tư tưởng Hồ Chí Minh'
    not_units: frozenset[str]  # 'xã hội': opens with a unit's word, names no unit
    not_bodies: _Phrases  # 'Tây Ban Nha': holds a head word, names no body
    countries: _Phrases  # 'Mỹ', 'Nhật Bản': open a foreign name after a title, belong to the title
    topic_heads: tuple[str, ...]  # 'ban chỉ đạo': named with 'về' and its task
    named_by_task: tuple[str, ...]  # ... and by the task alone ('Ban Chỉ đạo phòng thủ dân sự quốc gia')
    task_ends: frozenset[str]  # 'đã', 'trực thuộc': a task in a body's name ends before them
    quantities: _Phrases
    function_words: _Phrases
    body_verbs: _Phrases  # 'chủ trì', 'yêu cầu': a bridged name stops before them
    words: frozenset[str]
    numbers: dict[str, int]  # spelled numbers before a length of time ('sáu' in 'Sáu tháng')
    noun_numbers: dict[str, int]  # 'năm': five, or year; a count only before a known unit
    noun_cues: frozenset[str]  # 'mỗi', 'hàng': after them 'năm' is the year
    spelled: re.Pattern
    breakdown: re.Pattern  # 'trong đó', 'gồm': a bare number after them may count what the count before counts
    places_known: frozenset[str]  # name keys of every unit in the gazetteer
    provinces: dict[str, str]  # name key of a province-level unit -> LOC kind (province | city)
    province_firsts: frozenset[str]  # their first syllables


def _rows(name: str) -> list[dict[str, str]]:
    return resources.table(name)


def _lines(name: str) -> list[str]:
    return [fold(line) for line in resources.lines(name)]


def _phrase_lines(name: str) -> _Phrases:
    """A data file of phrases, one a line, as a trie."""
    phrases = _Phrases()
    for line in _lines(name):
        phrases.add(line)
    return phrases


def _expansions(abbreviations: dict[str, tuple[str, str]]) -> list[tuple[str, str, re.Pattern[str]]]:
    """(abbreviation, expansion, pattern of the expansion) of the abbreviations that name bodies and
    places, compiled once: there are more of them than the regular expression cache holds."""
    return [(abbreviation, expansion, re.compile(rf"(?<!\w){re.escape(expansion)}(?!\w)", re.IGNORECASE))
            for abbreviation, (expansion, kind) in abbreviations.items() if kind not in ("title", "unit", "topic")]


def _variants(phrase: str, expansions: list[tuple[str, str, re.Pattern[str]]]) -> set[str]:
    """'Ủy ban Mặt trận Tổ quốc' -> also 'Ủy ban MTTQ': every abbreviation whose expansion it holds."""
    found = {phrase}
    for abbreviation, expansion, pattern in expansions:
        if expansion.lower() in phrase.lower():  # a cheap test before the pattern
            found |= {pattern.sub(abbreviation, p) for p in found if pattern.search(p)}
    return found


def expand(words: str) -> str:
    """Abbreviations spelled out: 'MTTQ quận' -> 'Mặt trận Tổ quốc quận', 'TP' -> 'Thành phố'."""
    abbreviations = _lexicon().abbreviations

    def one(m: re.Match) -> str:
        expansion, kind = abbreviations.get(m.group(1), (None, ""))
        if expansion is None or kind in ("title", "unit", "topic"):
            return m.group()
        return expansion + ("" if m.group(2) == "." else m.group(2))

    return re.sub(r"(\w+(?:\.\w+)*)(\.?)", one, fold(words))


@cache
def _lexicon() -> _Lexicon:
    abbreviations = {fold(r["abbreviation"]): (fold(r["expansion"]), r["kind"]) for r in _rows("abbreviations.tsv")}
    expansions = _expansions(abbreviations)
    heads = _Phrases()
    for row in _rows("org_heads.tsv"):
        canonical = fold(row["head"])
        for variant in sorted(_variants(canonical, expansions)):
            heads.add(variant, name=canonical, kind=row["kind"], needs=row["needs"])
    known = {e.text.lower() for bucket in heads.by_first.values() for e in bucket}
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind in ORG_KINDS and abbreviation.lower() not in known:
            heads.add(abbreviation, name=expansion, kind=kind, needs="self")
    places = _Phrases()
    for row in _rows("place_types.tsv"):
        for variant in sorted(_variants(row["type"], expansions)):
            places.add(variant, kind=row["kind"], alone=row["alone"] == "yes", numbered=row["numbered"] == "yes")
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "place" and len(_TOKEN.findall(expansion)) > 2:  # 'TP.HCM': a whole place name
            places.add(abbreviation, kind="city", alone=True, numbered=False, name=expansion)
    titles = _phrase_lines("titles.txt")
    for abbreviation, (expansion, kind) in abbreviations.items():
        if kind == "title":
            titles.add(abbreviation)
    cues = _Phrases()
    for row in _rows("person_cues.tsv"):
        cues.add(row["cue"], strong=row["strength"] == "strong")
    quantities, rows = _Phrases(), _rows("quantities.tsv")
    for row in rows:
        quantities.add(row["word"], kind=row["kind"], value=row["value"], word=fold(row["word"]))
    numbers = {fold(r["word"]).lower(): int(r["value"]) for r in rows if r["kind"] == "number"}
    noun_numbers = {fold(r["word"]).lower(): int(r["value"]) for r in rows if r["kind"] == "noun number"}
    noun_cues = frozenset(fold(r["word"]).lower() for r in rows if r["kind"] == "noun cue")
    durations = [fold(r["word"]) for r in rows if r["kind"] == "duration"]
    spelled = re.compile(rf"(?<!\w)({'|'.join(numbers)})\s+({'|'.join(durations)})(?!\w)", re.IGNORECASE)
    opens = sorted((re.escape(fold(r["word"])) for r in rows if r["kind"] == "breakdown"), key=len, reverse=True)
    breakdown = re.compile(rf"(?<!\w)(?:{'|'.join(opens)})(?!\w)", re.IGNORECASE)
    return _Lexicon(
        heads=heads,
        abbreviations=abbreviations,
        places=places,
        titles=titles,
        cues=cues,
        families=frozenset(_lines("family_names.txt")),
        middle_names=frozenset(_lines("middle_names.txt")),
        not_person_before=tuple(w.lower() for w in _lines("not_person_before.txt")),
        not_units=frozenset(w.lower() for w in _lines("not_unit_words.txt")),
        not_bodies=_phrase_lines("not_bodies.txt"),
        countries=_phrase_lines("countries.txt"),
        topic_heads=tuple(fold(r["head"]).lower() for r in _rows("org_topics.tsv")),
        named_by_task=tuple(fold(r["head"]).lower() for r in _rows("org_topics.tsv") if r["alone"] == "yes"),
        task_ends=frozenset(fold(w).lower() for w in _lines("task_ends.txt")),
        quantities=quantities,
        function_words=_phrase_lines("function_words.txt"),
        body_verbs=_phrase_lines("body_verbs.txt"),
        words=_dictionary(),
        numbers=numbers,
        noun_numbers=noun_numbers,
        noun_cues=noun_cues,
        spelled=spelled,
        breakdown=breakdown,
        **_gazetteer(),
    )


def _gazetteer() -> dict:
    """Unit names from metadata's gazetteer (data/admin_units.tsv), to tell places from people."""
    from pipeline.gazetteer import MetadataError, gazetteer

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
    return frozenset(w.lower() for w in fold_all(w for w in viet_dict_74K.words if " " in w))


_PLURAL = ("các", "những", "mỗi", "từng", "nhiều")


_BEFORE_CENTRAL = ("của", "khi", "và", "với", "để", "do", "thì", "là", "nhưng", "cùng", "được", "theo")


_DATE_WORDS = ("ngày", "tháng", "năm", "quý", "tuần", "thứ")


_DAY_WORDS = ("ngày", "sáng", "chiều", "tối", "đêm", "hôm", "trưa")
