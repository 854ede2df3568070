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
  'Nghị quyết Trung ương 4'). A body inside a person's title ('Bí thư Quận ủy' in 'đồng chí
  Lê Văn A, Bí thư Quận ủy') is an ORG too, as real-text gold lists it, and part of the title.
  A capitalised bare 'Đảng ủy' / 'Đảng bộ' is the body itself.
- PER spans are the name only; norm {'title', 'name'}: the fullest title given to that name anywhere
  in the text, or None. A name needs a cue ('đồng chí', 'ông'), a title, or 3-4 capitals from a
  family name standing alone; not after 'tư tưởng', 'đạo đức', 'đường'... (data/not_person_before.txt):
  'tư tưởng Hồ Chí Minh' is an idea.
- LOC: a unit word with a name or number ('quận Bình Thủy', 'Quận 10'), or a province name alone;
  norm {'kind', 'name'}. Places inside an ORG or a title are left out unless `nested=True`;
  `non_overlapping` keeps the longest of overlapping entities (the extract stage does the same for
  doc.ents with spacy.util.filter_spans).
- COUNT / PERCENT / DURATION spans run from the number to the end of its unit; a hedge before it
  ('hơn 200 cán bộ') stays outside, in norm['approx']. norm {'value', 'unit'}; 'total' for
  '4/4 đơn vị' (value 4). The unit is the counted noun with the nouns that qualify it ('chi bộ khu
  dân cư', 'cơ quan, đơn vị'), not a following verb or adjective ('260 đảng viên mới' -> 'đảng viên');
  a scale word multiplies ('40 nghìn người' -> 40000 'người'); money, areas, lengths, ages and
  levels are no counts ('2,3 tỷ đồng', '200 m2', '68 tuổi', 'chính quyền 2 cấp').
- DATE spans include a leading 'ngày' / 'tháng' / 'năm' / 'quý'. norm {'iso'}: '2017-08-02',
  '2017-08', '2017', '2019-Q1'; a date without a year takes `year` (or the year last written):
  '13/10' -> '2020-10-13', else '--10-13' (ISO 8601 truncated form). Years of a term or range
  ('nhiệm kỳ 2015-2020') are no DATE.

The package: lexicon.py (the vocabulary, loaded once), tokens.py, organizations.py, places.py,
persons.py, quantities.py, dates.py; finder.py puts the kinds together on one text; here is the
public `find_entities`.
"""

from __future__ import annotations

import bisect
import unicodedata
from typing import Iterable

from pipeline.entities.dates import _dates
from pipeline.entities.finder import _Finder
from pipeline.entities.lexicon import EntityError
from pipeline.entities.quantities import _YEARS, _bare_years, _quantities
from pipeline.entities.tokens import _Taken, _inside, _overlaps
from pipeline.model import Entity

__all__ = ["EntityError", "find_entities", "non_overlapping"]


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
    # a title right after a number is a post being counted ('2 phó chủ tịch', 'ba trưởng ban'), no
    # person's title: it blocks no count
    in_titles = [(t.starts[a], t.ends[b - 1]) for a, b in titles
                 if b > a and not (a > 0 and (t.words[a - 1].isdigit() or t.lower[a - 1] in f.lex.numbers))]
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
