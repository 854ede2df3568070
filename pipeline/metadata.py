"""Metadata of a report: the place it is about and its province (its date: pipeline/dates.py).

Places come from unit mentions: a unit word and a capitalised name ('quận Bình Thủy',
'Quận 10', 'TP Hưng Yên') or a Party committee and its name ('Quận ủy Bình Thủy'), checked
against the gazetteer pipeline/data/admin_units.tsv (pre-2025 districts and wards, and the
2025 wards). A name is known only if the gazetteer has it, so 'Quận ủy Hai Bà Trưng Trần
Quyết Thắng' yields 'Hai Bà Trưng', not the person after it. All matching is done on
`fold(text)` (one tone-mark style) and case-insensitively; results are sliced from the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlparse

from pipeline.dates import SP as _SP
from pipeline.fold import ascii_fold, fold
from pipeline.gazetteer import (
    MetadataError,
    Unit,
    _former_key,
    _tsv,
    gazetteer,
    name_key,
)


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MetadataError(f"{what} expects text, got {type(value).__name__}")
    return value


def _words(words: Iterable[str], tail: Callable[[str], str] = lambda word: "") -> str:
    """A regex alternation of literal words, each followed by its `tail` pattern, where no letter,
    digit or '.' comes before; the longest word wins, as if tried longest first ('thứ năm' over
    'thứ'). Written as a trie whose branches open with a letter and look behind it after, so the
    regex engine skips to the words' first letters and follows only the words the text goes on
    with: twice as fast as a lookbehind before a flat alternation."""
    def trie(words: list[str], done: str) -> str:  # the words after `done`, what they share; longer first
        branches: dict[str, list[str]] = {}
        for word in words:
            if word:
                branches.setdefault(word[0], []).append(word[1:])
        options = [re.escape(first) + ("" if done else r"(?<![\w.].)") + trie(rest, done + first)
                   for first, rest in branches.items()]
        options += [tail(done)] if "" in words else []
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
    return trie(sorted(set(words)), "")


# --------------------------------------------------------------------------- unit mentions

@dataclass(frozen=True)
class PlaceMention:
    """A unit named in a text: 'quận Bình Thủy' (explicit) or 'Quận ủy Bình Thủy' (committee)."""

    level: str  # province | district | ward
    units: tuple[Unit, ...]  # every gazetteer unit the name may be (one name, several provinces)
    text: str  # as written: 'quận Bình Thủy', 'Quận ủy Bình Thủy', 'TP.HCM'
    name: str  # the name as written: 'Bình Thủy'
    type: str  # the unit type the word names: 'Quận'
    committee: bool  # named through its Party committee ('Quận ủy ...')
    abbreviated: bool  # 'Q.1', 'TP Hưng Yên', 'TX Mỹ Hào', 'TP.HCM'
    start: int
    end: int
    bare: bool = False  # a province name with no unit word ('Cần Thơ'): weaker evidence

    @property
    def key(self) -> tuple[str, str]:
        """One key per unit, whatever the spelling or former name used."""
        return self.level, name_key(self.units[0].name)

    @property
    def provinces(self) -> frozenset[str]:
        return frozenset(u.province for u in self.units)


_UPPER = "".join(ch for ch in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if ch.isupper())
_SYLLABLE = rf"[{_UPPER}](?:[^\W\d_]|['’](?=[^\W\d_]))*"
_TOKEN = rf"(?:{_SYLLABLE}|\d{{1,2}}(?![\d]|[.,]\d))"
_NAME = rf"{_TOKEN}(?:(?:{_SP}+|{_SP}*-{_SP}*){_TOKEN}){{0,5}}"


@dataclass(frozen=True)
class _Word:
    level: str
    type: str
    committee: bool


@dataclass(frozen=True)
class _Patterns:
    """Searched on the lower-cased folded text (case-sensitive search is several times faster
    than IGNORECASE over long alternations); names are then matched on the cased text."""

    words: dict[str, _Word]  # folded lower-case word -> what it names
    word: re.Pattern[str]  # a unit word: 'quận', 'quận ủy', 'tp.'
    name: re.Pattern[str]  # the capitalised name after it, matched at the word's end
    token: re.Pattern[str]
    alias: re.Pattern[str] | None  # 'tp.hcm', 'thừa thiên huế'
    bare: re.Pattern[str]  # a province name standing alone ('cần thơ', 'hà nội')


_NEXT_CAPITAL = re.compile(rf"{_SP}+[{_UPPER}]")
# a headline led by the bare name of where it happened: 'Hương Sơn: Kết nạp ...', 'Gia Lâm - ...',
# 'Hương Sơn kết nạp 82 đảng viên' (the name, then a lower-case verb)
_TITLE_PREFIX = re.compile(rf"^{_SP}*([{_UPPER}][^\W\d_]*(?:{_SP}[{_UPPER}][^\W\d_]*){{0,3}})"
                           rf"(?:{_SP}*:|{_SP}[-–]|(?={_SP}[^\W\d_{_UPPER}]))")


@cache
def _patterns() -> _Patterns:
    rows = _tsv("place_words.tsv")
    try:
        words = {fold(r["word"]).lower(): _Word(r["level"], r["type"], r["committee"] == "1") for r in rows}
    except KeyError as error:
        raise MetadataError(f"pipeline/data/place_words.tsv is malformed: missing {error}") from None
    gaz = gazetteer()
    aliases = [fold(alias).lower() for alias in gaz.aliases_written]
    # 'Hồ Chí Minh' alone is mostly the President ('tư tưởng Hồ Chí Minh'): only with a unit word.
    bare = [fold(u.name).lower() for u in gaz.provinces.values() if u.province != "Thành phố Hồ Chí Minh"]
    return _Patterns(
        words=words,
        # a word ending in '.' may be glued to its name ('Q.1'); any other needs a space and a word end
        word=re.compile(_words(words, lambda word: "" if word.endswith(".") else r"(?!\w)")),
        name=re.compile(rf"(?:(?<=\.){_SP}*|{_SP}+)({_NAME})"),
        token=re.compile(_TOKEN),
        alias=re.compile(rf"{_words(aliases)}(?!\w)") if aliases else None,
        bare=re.compile(rf"{_words(bare)}(?!\w)"),
    )


def _resolve(level: str, kind: str, name: str) -> tuple[str, tuple[Unit, ...]]:
    """The gazetteer units a (level, name) may be; a 'thành phố' is province-level if one has that name."""
    gaz = gazetteer()
    key = name_key(name)
    if level in ("province", "city"):
        if province := gaz.aliases.get(key):
            return "province", (gaz.provinces[province],)
        units = tuple(u for u in gaz.names.get(("province", key), ()) if level == "province" or u.type == kind)
        if units or level == "province":
            return "province", units
        level = "district"
    units = gaz.names.get((level, key), ())
    if not units:  # a name from before a merger ('phường Sài Đồng', 'Quận 9')
        units = tuple(u for u in gaz.former.get(_former_key(kind, name), ()) if u.level == level)
    # The written type narrows a shared name ('quận Hoàng Mai' is in Hà Nội, 'thị xã Hoàng Mai'
    # in Nghệ An), but a unit that changed type still matches ('huyện Mỹ Hào', now a thị xã).
    units = tuple(u for u in units if u.type == kind) or units
    return level, tuple(sorted(units, key=lambda u: u.era != "legacy"))


def _all_caps(text: str) -> bool:
    return text.isupper() and len(text) > 1


def _lower(text: str) -> str:
    """Lower case with every offset kept (str.lower() lengthens a few letters, e.g. 'İ')."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def place_mentions(text: str) -> list[PlaceMention]:
    """Every gazetteer unit the text names, in order, with its span in the NFC text
    (the cleaned text is NFC already, so spans index it directly)."""
    return list(_scan(_text(text, "place_mentions"))[0])


@lru_cache(maxsize=4)
def _scan(text: str) -> tuple[tuple[PlaceMention, ...], int]:
    """The unit mentions of a text, and how often it names a district committee without a
    name ('Quận ủy', 'BTV Huyện ủy'): a sign the text comes from a district. Cached: the clean
    stage asks find_place and find_province about the same title and text."""
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    low = _lower(folded)
    pats = _patterns()
    gaz = gazetteer()
    found: list[PlaceMention] = []
    covered = bytearray(len(text))  # characters already inside a mention
    signals = 0

    def add(mention: PlaceMention) -> None:
        found.append(mention)
        covered[mention.start:mention.end] = b"\1" * (mention.end - mention.start)

    if pats.alias:
        for m in pats.alias.finditer(low):
            unit = gaz.provinces[gaz.aliases[name_key(m.group())]]
            written = text[m.start():m.end()]
            add(PlaceMention("province", (unit,), written, written, unit.type, False, True, m.start(), m.end()))
    pos = 0
    while m := pats.word.search(low, pos):
        pos = m.end()
        word = pats.words[m.group()]
        named = pats.name.match(folded, m.end())
        if named and not any(covered[m.start():named.end()]):
            tokens = list(pats.token.finditer(folded, named.start(1), named.end(1)))
            for last in reversed(tokens):  # the longest known name wins
                name = text[named.start(1):last.end()]
                level, units = _resolve(word.level, word.type, name)
                if units:
                    abbreviated = m.group().isascii()  # every full unit word has a diacritic
                    add(PlaceMention(level, units, text[m.start():last.end()], name, word.type,
                                     word.committee, abbreviated, m.start(), last.end()))
                    pos = last.end()
                    break
        if pos == m.end() and word.committee and word.level == "district":
            signals += 1
    for m in pats.bare.finditer(low):
        written = text[m.start():m.end()]
        if any(covered[m.start():m.end()]) or _NEXT_CAPITAL.match(folded, m.end()) \
                or not all(w[0].isupper() for w in written.replace("-", " ").split()):
            continue
        if units := gaz.names.get(("province", name_key(written)), ()):
            found.append(PlaceMention("province", units, written, written, units[0].type, False, False,
                                      m.start(), m.end(), bare=True))
    return tuple(sorted(found, key=lambda f: f.start)), signals


# --------------------------------------------------------------------------- place and province

def _written(key: tuple[str, str], mentions: list[PlaceMention]) -> str | None:
    """The unit as the text writes it: an explicit 'quận Bình Thủy' if there is one (the
    most frequent, full words before abbreviations), else built from the committee form."""
    own = [m for m in mentions if m.key == key]
    if not own:
        return None
    explicit = [m for m in own if not m.committee and not _all_caps(m.text)]
    if explicit:
        counts = Counter(m.text for m in explicit)
        return min(explicit, key=lambda m: (m.abbreviated, -counts[m.text], m.start)).text
    first = own[0]
    name = first.units[0].name if _all_caps(first.name) else first.name
    return f"{first.type} {name}"


def _top(counts: Counter) -> tuple[object, int] | None:
    """The most frequent key if it is strictly ahead of the next one."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0]


def _ward_district(wards: list[PlaceMention]) -> Unit | None:
    """The one pre-2025 district every named ward can lie in (ward names repeat across districts)."""
    gaz = gazetteer()
    common: set[tuple[str, str]] | None = None
    for key in dict.fromkeys(m.key for m in wards):
        places = {(u.province, u.district) for m in wards if m.key == key for u in m.units if u.district}
        common = places if common is None else common & places
    if common and len(common) == 1:
        return gaz.districts.get(next(iter(common)))
    return None


def find_place(text: str, title: str | None = None) -> str | None:
    """The district, ward or district-level city the document is about, as written.

    The title decides first (its first district or ward). Otherwise the body's most named
    district (counting 'Quận ủy Bình Thủy' and 'Đảng bộ quận Bình Thủy' alike), if it leads
    and is named twice or by a district committee; a ward only when it clearly dominates or
    no district is named. Wards alone that all lie in one district, in a text of a district
    committee ('Quận ủy' without a name) or naming two or more of them, give that district
    ('quận Long Biên'). A province-level city is no place: see find_province.
    """
    found, signals = _scan(_text(text, "find_place"))
    body = list(found)
    if title:
        heading = place_mentions(_text(title, "find_place"))
        if local := [m for m in heading if m.level in ("district", "ward")]:
            first = local[0]
            if not first.committee and not _all_caps(first.text):
                return first.text
            return _written(first.key, body + heading)
        if any(not m.bare for m in heading) and not _dominant_ward(body):
            return None  # 'Tỉnh ủy Hưng Yên ...': about the province, unless one commune is what the text is about
        if led := _led_by(title):
            return led
    districts = Counter(m.key for m in body if m.level == "district")
    wards = Counter(m.key for m in body if m.level == "ward")
    top_district = _top(districts)
    top_ward = _top(wards)
    if top_district:
        key, count = top_district
        if top_ward and top_ward[1] >= 2 and top_ward[1] > count:  # wards are the local level since 2025
            return _written(top_ward[0], body)
        if count >= 2 or (len(districts) == 1 and signals):
            return _written(key, body)
        return None
    if top_ward and top_ward[1] >= 2 and top_ward[1] > max(districts.values(), default=0) and (
            not signals or top_ward[1] >= 3 or len(wards) == 1):
        return _written(top_ward[0], body)  # one ward named more than anything else: the ward's text
    if districts:  # several districts, none ahead: a text about the province
        return None
    ward_mentions = [m for m in body if m.level == "ward"]
    if ward_mentions and (len(wards) >= 2 or signals):
        district = _ward_district(ward_mentions)
        if district:
            return f"{district.type.lower()} {district.name}"
    if top_ward and top_ward[1] >= 2 and not signals:  # named once among others, a ward is an address or an example
        return _written(top_ward[0], body)
    if len(wards) == 1 and not districts and not signals:  # the only local unit a news item names: where it happened
        return _written(top_ward[0], body)
    return None


def _dominant_ward(body: list) -> bool:
    """One ward or commune named at least three times and every other local unit at most once: where a
    provincial body's news happened ('Công an tỉnh ... bắt giữ' and 'xã Như Quỳnh' in every paragraph)."""
    local = Counter(m.key for m in body if m.level in ("district", "ward"))
    ranked = local.most_common(2)
    return bool(ranked) and ranked[0][0][0] == "ward" and ranked[0][1] >= 3 and (len(ranked) < 2 or ranked[1][1] <= 1)


def _led_by(title: str) -> str | None:
    """The district a headline opens with by its bare name ('Hương Sơn: ...' -> 'huyện Hương Sơn'),
    when every district of that name is of one type and no province bears it."""
    m = _TITLE_PREFIX.match(title)
    if not m:
        return None
    gaz, key = gazetteer(), name_key(m.group(1))
    units = gaz.names.get(("district", key), ())
    if not units or len({u.type for u in units}) != 1 or gaz.names.get(("province", key)):
        return None
    return f"{units[0].type.lower()} {units[0].name}"


def _place_units(place: str) -> tuple[Unit, ...]:
    """The units a place string may be: parsed as a mention, else as a bare district or ward name."""
    for mention in place_mentions(place):
        if mention.level in ("district", "ward"):
            return mention.units
    gaz = gazetteer()
    key = name_key(place)
    return gaz.names.get(("district", key), ()) or gaz.names.get(("ward", key), ())


def find_province(text: str, place: str | None, title: str | None = None) -> str | None:
    """The province-level unit, by its canonical name ('Thành phố Hồ Chí Minh', 'Hà Nội', 'Huế').

    A place whose name exists in one province only settles it ('quận Bình Thủy' -> 'Cần Thơ',
    'Quận 1' -> 'Thành phố Hồ Chí Minh'). An ambiguous place ('huyện Châu Thành' is in ten
    provinces) resolves only with evidence from the text: provinces named there ('tỉnh Tiền
    Giang', 'Tỉnh ủy Tiền Giang', 'TP.HCM', a bare 'Cần Thơ') and other units whose name
    exists in one province only; with no evidence the answer is None, not a guess. Without a
    place, the province the text names most wins, if it leads. A `title` is read as a line
    before the text (no mention crosses a line: as if f"{title}\n{text}" were given).
    """
    text = _text(text, "find_province")
    evidence: Counter[str] = Counter()
    heading = place_mentions(title or "")
    for m in [*heading, *place_mentions(text)]:
        if m.level == "province":  # a bare name counts once, in the title twice ('Hưng Yên phấn đấu ...')
            evidence[m.units[0].province] += 1 if m.bare and m not in heading else 2
        elif len(m.provinces) == 1:
            evidence[next(iter(m.provinces))] += 1
    candidates = {u.province for u in _place_units(place)} if place else set()
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates:
        best = _top(Counter({p: evidence[p] for p in candidates if evidence[p]}))
        if best:
            return best[0]
        legacy = {u.province for u in _place_units(place) if u.era == "legacy"}
        return next(iter(legacy)) if len(legacy) == 1 else None
    # One bare 'Hà Nội' says where something happened, not whose report it is; a national
    # text listing 'Hà Nội, Thành phố Hồ Chí Minh, Đà Nẵng...' has no province.
    best = _top(evidence)
    return best[0] if best and best[1] >= 2 and best[1] * 2 >= evidence.total() else None


def province_of_site(url: str | None) -> str | None:
    """The province whose newspaper or portal a page comes from ('baohungyen.vn', 'hungyen.dcs.vn',
    'longan.gov.vn'): for a page whose text names no province."""
    host = (urlparse(url or "").hostname or "").removeprefix("www.")
    if not host.endswith(".vn"):
        return None
    names = _site_names()  # the province's label may follow a section's ('tuyengiao.hungyen.dcs.vn')
    return next((names[label] for label in host.split(".")[:-1] if label in names), None)


@cache
def _site_names() -> dict[str, str]:
    """First labels of a province's sites ('hungyen', 'baohungyen', 'tinhuyhungyen') -> the province."""
    slugs = {re.sub("[^a-z]", "", ascii_fold(name)): name for name in gazetteer().provinces}
    return {prefix + slug: name for slug, name in slugs.items() for prefix in ("", "bao", "tinhuy")}
