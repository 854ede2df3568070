"""Finding: one hit per mention, with what the mention itself says.

`_find(folded)` reads fold(text) (one tone style, the same offsets) and returns `_Hit`s: a
symbol ('15-NQ/TU', '60/2003/NĐ-CP', 'số 1569/HQHCM-TCCB' after a type word), a type word with a
number ('Chỉ thị số 01 ngày 9/3/2021 của Bộ Chính trị'), a plenum ('NQTW4', 'Nghị quyết Trung
ương 4 khóa XII'), a congress resolution, a law, a document named without number (names.py), and
what follows each (date, issuer, term: tails.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.references.hit import _Hit
from pipeline.references.lexicon import (
    ROMANS,
    DocType,
    _lex,
    _spell,
    _term,
    _upper,
)
from pipeline.references.names import find_named, pointed, subject, subject_key
from pipeline.references.tails import (
    CODE_QUIET,
    CODE_TAIL,
    LAW_TAIL,
    PLENUM_TAIL,
    _date,
    _ordinal,
    _tail,
)

# A state-style symbol of any issuer code, read only after a type word ('Công văn số 1569/HQHCM-TCCB').
ANY_CODE = re.compile(r"(?P<n>\d{1,5})/(?:(?P<y>(?:19|20)\d\d)/)?"
                      r"(?P<code>(?-i:[A-ZĐ][A-Za-zĐđ]{0,11})(?:[-–](?-i:[A-ZĐ][A-Za-zĐđ0-9]{0,11}))*)(?![\w/])")


def _code_hit(m: re.Match, start: int, typed: DocType | None) -> _Hit:
    """A hit for a symbol match ('15-NQ/TU', '60/2003/NĐ-CP', '55/2005/QH11')."""
    lex = _lex()
    hit = _Hit(start, m.end(), "code", typed=typed is not None)
    if m.group("pn"):
        hit.number, hit.system = int(m.group("pn")), "party"
        hit.tcode, hit.icode = lex.party_code[_upper(m.group("pt"))], _spell(m.group("pi"))
    elif m.group("ln"):
        hit.number, hit.year, hit.system = int(m.group("ln")), m.group("ly"), "law"
        hit.icode = _upper(m.group("li"))
    else:
        hit.number, hit.year = int(m.group("sn")), m.group("sy")
        hit.tcode, hit.icode = lex.state_code[_upper(m.group("st"))], _spell(m.group("si"))
        hit.system = "state"
        # '15/NQ-TU': a Party symbol typed with the state punctuation.
        up = _upper(hit.icode)
        if not hit.year and ("state", up) not in lex.issuers and ("party", up) in lex.issuers:
            hit.system = "party"
            hit.tcode = lex.party_code.get(_upper(hit.tcode), hit.tcode)
    if typed:
        hit.type = typed.name
    elif hit.system == "law":
        hit.type = "Luật"
    else:
        table = lex.party_type if hit.system == "party" else lex.state_type
        hit.type = table[hit.tcode].name if hit.tcode in table else None
    return hit


def _glued(folded: str, start: int) -> bool:
    """Is the match at `start` the tail of a longer token ('15-NQ TW', 'xNQ')?"""
    return start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "/-_")


def _find(folded: str) -> list[_Hit]:
    """Every mention in `folded`, longest first where two overlap."""
    lex, p = _lex(), _lex().patterns
    hits: list[_Hit] = []
    for m in p["type"].finditer(folded):
        hits.extend(_typed(folded, m.start(), m.end(), lex.by_word[re.sub(r"\s+", " ", m.group().lower())]))
    for m in p["abbr"].finditer(folded):
        if _glued(folded, m.start()):
            continue
        code = lex.party_code.get(_upper(m.group()))
        doc_type = lex.party_type.get(code) or lex.state_type.get(lex.state_code.get(_upper(m.group())))
        hits.extend(_typed(folded, m.start(), m.end(), doc_type, abbreviation=True))
    for m in p["code"].finditer(folded):
        hit = _code_hit(m, m.start(), None)
        hit.end = _tail(folded, hit.end, hit, CODE_TAIL, CODE_QUIET)
        hits.append(hit)
    for m in p["nqtw"].finditer(folded):
        if _glued(folded, m.start()):
            continue
        hit = _Hit(m.start(), m.end(), "plenum", type="Nghị quyết" if m.group("k") == "NQ" else "Kết luận",
                   typed=True, plenum=int(m.group("n")))
        hit.end = _tail(folded, hit.end, hit, PLENUM_TAIL)
        hits.append(hit)
    for m in p["named"].finditer(folded):
        doc = lex.named[re.sub(r"\s+", " ", m.group().lower())]
        if (m.group().islower() or doc.after and doc.after.match(folded, m.end())
                or doc.before and doc.before.search(folded, max(0, m.start() - 30), m.start())):
            continue  # 'cương lĩnh' in lower case is a common noun; 'Ban Cương lĩnh' a committee
        hits.append(_Hit(m.start(), m.end(), "named", type=doc.type, typed=True, name=doc.canonical,
                         issuer_text=doc.issuer))
    subjects = {key: h for h in hits if h.kind in ("code", "short", "plenum") and (key := subject(folded, h.end))}
    for named in find_named(folded, [(h.start, h.end) for h in hits]):
        target = subjects.get(subject_key(named.name)) if named.about else None
        if target is not None and target.type == named.type:  # 'Nghị quyết về <its subject>': a short form
            hits.append(replace(target, start=named.start, end=named.end))
            continue
        hits.append(_Hit(named.start, named.end, "named", type=named.type, typed=True,
                         name=f"{named.type}: {named.name}", issuer_text=named.issuer))
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[_Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    kept += [_Hit(start, end, "this", type=doc_type, typed=True)
             for start, end, doc_type in pointed(folded, [(h.start, h.end) for h in kept])]
    kept.sort(key=lambda h: h.start)
    _legislature_term(kept)
    _issued_by(folded, kept)
    _share(folded, kept)
    _share_body(folded, kept)
    return kept


_LEGISLATURE = re.compile(r"(?:UBTV)?QH(\d{1,2})")


def _legislature_term(hits: list[_Hit]) -> None:
    """A symbol of the National Assembly or its Standing Committee numbers the legislature that
    passed the document ('198/2025/QH15', '730/2004/NQ-UBTVQH11'): that is its term ('khóa XV')
    when the text states none."""
    for hit in hits:
        if hit.term is None and hit.icode and (m := _LEGISLATURE.fullmatch(hit.icode)):
            hit.term = _term(m.group(1))


def _issued_by(folded: str, hits: list[_Hit]) -> None:
    """The body a sentence says issues a document ('Ban Chấp hành Trung ương đã ban hành Quy định
    số 366-QĐ/TW', 'Quốc hội thông qua Nghị quyết sửa đổi ...') is its issuer when no 'của <body>'
    follows the mention: the text outranks the symbol's issuer code and the gazetteer, as a reader
    takes it. The day such a sentence opens with ('Ngày 26/7/2025, Ban Tổ chức Trung ương ban
    hành Công văn 9130-CV/BTCTW') is the document's date when none follows the mention."""
    lex = _lex()
    for hit in hits:
        named = hit.kind == "named" and not hit.issuer_text
        wants_body = hit.body is None and (hit.kind in ("code", "short") or named)
        wants_date = hit.date is None and hit.kind in ("code", "short", "named", "law")
        if not (wants_body or wants_date):
            continue
        after = lex.patterns["issued_after"].match(folded, hit.end) if wants_date else None
        if after and not lex.patterns["type"].search(folded, hit.end, after.start("d") if after.group("d") else after.start("d2")):
            hit.date, wants_date = _date(after), False  # not over another document's mention
            if wants_body and after.group("b"):  # '... do Bộ Chính trị ban hành ngày ...'
                hit.body, wants_body = lex.body(after.group("b")), False
        m = lex.patterns["issued_by"].search(folded, max(0, hit.start - 80), hit.start)
        if m is None:
            continue
        if wants_body:
            hit.body = lex.body(m.group("b"))
        if wants_date and (day := lex.patterns["issued_on"].search(folded, max(0, m.start() - 40), m.start())):
            hit.date = _date(day)


SHARED = ("body", "issuer_text", "plenum", "session", "term")


def _share(folded: str, hits: list[_Hit]) -> None:
    """Symbols of one type and issuer in a list share the plenum phrase after the last of them:
    'Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW Hội nghị lần thứ sáu Ban Chấp hành Trung
    ương Đảng khóa XII' says the plenum, term and issuer of both. A 'của <body>' after a list of
    symbols is not shared: 'Chỉ thị 05-CT/TW, Chỉ thị 10-CT/TW của Ban Bí thư' is often the last one's
    only (short forms do share it: `_share_body`)."""
    p = _lex().patterns
    for a, b in reversed(list(zip(hits, hits[1:]))):
        same = (a.type, a.system, a.tcode, a.icode) == (b.type, b.system, b.tcode, b.icode)
        if b.plenum and a.kind == b.kind == "code" and same and p["coordinated"].fullmatch(folded, a.end, b.start):
            for attr in SHARED:
                if getattr(a, attr) is None:
                    setattr(a, attr, getattr(b, attr))


def _share_body(folded: str, hits: list[_Hit]) -> None:
    """A reader takes the 'của <body>' after a list to be every item's: in 'Chỉ thị 04, Chỉ thị 06
    và Quy định 428 của Thành ủy' the two Chỉ thị are the Thành ủy's too. Short forms without a
    body of their own take the nearest following body of the same list (items joined only by ',',
    'và', 'hoặc'). A symbol keeps its own issuer code, and a body after a symbol is the symbol's
    alone; a type whose issuer is fixed by law (Nghị định) or that the body cannot issue takes nothing."""
    lex, p = _lex(), _lex().patterns
    carried: _Hit | None = None
    for hit, after in reversed(list(zip(hits, hits[1:] + [None]))):
        if hit.kind not in ("short", "code") or hit.plenum:
            carried = None
            continue
        if after is None or not p["list_gap"].fullmatch(folded, hit.end, after.start):
            carried = None
        if hit.body:  # a body after a symbol is the symbol's ('Nghị quyết 15 và Chỉ thị 05-CT/TW của ...')
            carried = hit if hit.kind == "short" else None
        elif carried and hit.kind == "short":
            t = lex.types.get(hit.type)
            if t and not t.default_issuer and (t.party_codes if carried.body.system == "party" else t.state_codes):
                hit.body, hit.issuer_text, hit.place = carried.body, carried.issuer_text, carried.place


def _typed(folded: str, start: int, end: int, doc_type: DocType | None, abbreviation: bool = False) -> list[_Hit]:
    """Hits that begin with a type word: symbol, bare number (and lists), plenum, congress, law."""
    if doc_type is None:
        return []
    p = _lex().patterns
    if doc_type.name in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
        if not folded[start].isupper() and p["not_law"].search(folded, max(0, start - 8), start):
            return []  # 'quyết định thi hành kỷ luật số 355-QĐNS/TW' is no law
        hit = _law(folded, start, end, doc_type)
        if hit:
            return [hit]  # else perhaps 'Luật số 55/2005/QH11': a symbol follows
    if doc_type.name in ("Nghị quyết", "Kết luận") and not abbreviation:
        for name in ("plenum_long", "plenum"):
            m = p[name].match(folded, end)
            if m and not p["unit"].match(folded, m.end()):
                n = m.group("n") or m.groupdict().get("n2")
                hit = _Hit(start, m.end(), "plenum", type=doc_type.name, typed=True, plenum=_ordinal(n))
                if m.groupdict().get("s"):
                    hit.session = f"lần {m.group('s')}"
                hit.end = _tail(folded, hit.end, hit, PLENUM_TAIL)
                return [hit]
        m = p["congress"].match(folded, end) if doc_type.name == "Nghị quyết" else None
        if m and _term(m.group("n") or m.group("n2")):
            return [_congress(folded, start, m)]
    typed = None if abbreviation and doc_type.name == "Quy định" else doc_type
    qualified, coded = (p[name].match(folded, end) for name in ("qualified_so", "qualified_code"))
    if qualified and p["type"].search(folded, end, qualified.end()):
        qualified = None  # 'quy định tại Chỉ thị số 45-CT/TW' is the Chỉ thị's
    if coded and p["type"].search(folded, end, coded.end()):
        coded = None  # the same, before a symbol without 'số'
    for so in (p["so"].match(folded, end), qualified, coded):
        m = so and p["code"].match(folded, so.end())
        if m and so is coded and _code_hit(m, start, None).type not in (None, doc_type.name):
            continue  # 'Kế hoạch thực hiện 05-NQ/TU' names the Nghị quyết, not the plan
        if m:
            hit = _code_hit(m, start, typed)
            hit.end = _tail(folded, hit.end, hit, CODE_TAIL, CODE_QUIET)
            return [hit]
    so = qualified or p["so"].match(folded, end)
    m = so and ANY_CODE.match(folded, so.end())
    if not m and coded and (any_code := ANY_CODE.match(folded, coded.end())):
        if _lex().state_type.get(re.split(r"[-–]", any_code.group("code"))[0], doc_type).name == doc_type.name:
            so, m = coded, any_code
    if m and not _glued(folded, m.start()):  # any state-style symbol after a type word: 'số 1569/HQHCM-TCCB'
        parts = re.split(r"[-–]", m.group("code"), maxsplit=1)
        hit = _Hit(start, m.end(), "code", type=doc_type.name, typed=True, number=int(m.group("n")),
                   system="state", tcode=parts[0] if len(parts) > 1 else None, icode=parts[-1], year=m.group("y"))
        hit.end = _tail(folded, hit.end, hit, CODE_TAIL, CODE_QUIET)
        return [hit]
    if not doc_type.bare_number or not so or so.end() == end:
        return []
    has_so = "số" in folded[end:so.end()].lower()
    hits, pos = [], so.end()
    m = p["number"].match(folded, pos)
    while m:
        number = m.group("n")
        bad = (p["unit"].match(folded, m.end())
               or (len(number) == 4 and number[:2] in ("19", "20"))
               or (doc_type.verb and not has_so and folded[start].islower()
                   and not p["boundary"].match(folded, m.end())))
        if bad:
            break
        hits.append(_Hit(start if not hits else m.start("n"), m.end(), "short", type=doc_type.name,
                         typed=True, number=int(number)))
        pos = m.end()
        m = p["list"].match(folded, pos)
    if hits:
        last = hits[-1]
        last.end = _tail(folded, last.end, last, CODE_TAIL, CODE_QUIET)
        for hit in hits[:-1]:  # 'nghị quyết 15 và 16 của Thành ủy': the issuer is every item's
            hit.body, hit.issuer_text, hit.place = last.body, last.issuer_text, last.place
    return hits


def _congress(folded: str, start: int, m: re.Match) -> _Hit:
    p = _lex().patterns
    body = re.sub(r"\s+", " ", m.group("body"))
    numeral = m.group("n") or m.group("n2")
    hit = _Hit(start, m.end(), "congress", type="Nghị quyết", typed=True, term=_term(numeral),
               session=folded[m.start("body"):m.end()].strip(), name=body)
    # National unless a Đảng bộ is named; a bare 'Đại hội lần thứ XVII' is a province's (no
    # national congress has had that number yet). `said_national`: 'toàn quốc' or 'của Đảng'.
    words = set(body.lower().replace("đại hội", "").split())
    latest = max(ROMANS[roman] for _, roman in _lex().terms)
    hit.said_national = "quốc" in words
    hit.national = words <= {"đại", "biểu", "đảng", "toàn", "quốc"} and (
        hit.said_national or ROMANS[hit.term] <= latest)
    end = m.end()
    of_party = p["of_party"].match(folded, end)
    if of_party:
        hit.national, hit.said_national, end = True, True, of_party.end()
    period = p["period"].match(folded, end)
    if period:
        hit.period, end = f"{period.group('a')}-{period.group('b')}", period.end()
    hit.end = end
    return hit


# The law that amends another names it after 'của': one document, the amended law's amendment.
_AMENDS = re.compile(r"\s+sửa đổi,?\s+bổ sung(?:\s+một số điều)?(?:\s+của)?\s+(?=(?P<t>luật)\s)", re.IGNORECASE)


def _law(folded: str, start: int, end: int, doc_type: DocType) -> _Hit | None:
    """'Luật Ngân sách Nhà nước ngày 16 tháng 12 năm 2002', 'Hiến pháp năm 2013', 'Bộ luật Hình sự'.

    A law is named by a known name (law_names.txt), by any capitalised name a year follows, or by
    its title as laws are titled: a capitalised word and the words after it up to a word no law
    name holds ('Luật Cơ yếu', 'Luật Bảo vệ dữ liệu cá nhân | có hiệu lực').
    """
    p = _lex().patterns
    if amends := _AMENDS.match(folded, end):  # 'Luật sửa đổi, bổ sung một số điều của Luật BHYT'
        inner = _law(folded, amends.end(), amends.end() + len(amends.group("t")), doc_type)
        if inner is not None and inner.name:
            return replace(inner, start=start, amended=True)
        return None
    if doc_type.name == "Hiến pháp":
        m = p["constitution"].match(folded, end)
        if not m or not folded[start].isupper():
            return None
        return _Hit(start, m.end(), "law", type=doc_type.name, typed=True, name="", stated_year=m.group("y"))
    capital = folded[start].isupper()
    known = p["law_known"].match(folded, end)
    generic = p["law_generic"].match(folded, end) if capital else None
    if generic and "luật" in generic.group("name").lower():
        generic = None
    if known and generic and generic.end() > known.end():
        # 'Luật Quốc phòng Việt Nam 2018' is the known law; 'Luật Giáo dục quốc phòng và an ninh
        # 2013' (lower-case words past the known name) is another one.
        extension = folded[known.end():generic.end()]
        if not re.search(r"(?<!\w)(?-i:[^\W\d_A-ZĐ])", extension.replace("sửa đổi", "")):
            generic = None
    titled = capital and not p["discipline"].search(folded, max(0, start - 14), start)  # not 'Đại học Luật'
    m = generic or known or (p["law_titled"].match(folded, end) if titled else None)
    if not m:
        return None  # a lower-case 'luật' ending 'pháp luật', 'kỷ luật' never gets here: _typed
    name = re.sub(r"\s+", " ", m.group("name")).strip(" ,")
    name = _lex().law_names.get(name.lower(), name)
    hit = _Hit(start, m.end(), "law", type=doc_type.name, typed=True, name=name)
    if name.lower().endswith(" sửa đổi"):
        hit.name, hit.amended = name[: -len(" sửa đổi")], True
    hit.end = _tail(folded, hit.end, hit, LAW_TAIL)
    if hit.system == "law" and hit.year and not hit.stated_year:
        hit.stated_year = hit.year
    return hit
