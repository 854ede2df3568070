"""Resolving: hits grouped into documents, as eyecite resolves short citations.

A short form ('Nghị quyết 15', 'NQTW4') joins the full form it stands for when type, number and
issuer agree (the nearest one before it, else after it); a symbol several central documents share
is decided by the report's context; each group becomes one `Reference` with every mention."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pipeline.fold import fold
from pipeline.settings import SETTINGS
from pipeline.model import Mention, Reference
from pipeline.references.find import _Hit
from pipeline.references.keys import (
    CENTRAL_CODES,
    _congress_body,
    _congress_key,
    _equivalent,
    _infer_symbol,
    _issuer_row,
    _law_name,
    _plenum_key,
    _scope_suffix,
    _symbol,
    _symbol_key,
    _symbol_text,
    _term_of,
    _unshout,
)
from pipeline.references.lexicon import Central, _code_key, _lex, _province_key
from pipeline.references.names import subject_of


@dataclass
class _Group:
    """One referenced document: its hits and what they say together."""

    hits: list[_Hit]
    full: list[_Hit] = field(default_factory=list)  # the hits with a symbol, plenum, congress or year
    link: Central | None = None
    link_by: str | None = None
    candidates: list[Central] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(h.start for h in self.hits)

    def value(self, attr: str):
        for hit in sorted(self.hits, key=lambda h: h.start):
            if getattr(hit, attr):
                return getattr(hit, attr)
        return None


def _pick(rows: list[Central], hit: _Hit, present: set[str], context: str | None) -> tuple[Central | None, str]:
    """Choose the gazetteer row a symbol means, and say how: 'symbol' alone (numbering restarts
    every term, so that is only probable), '+date' / '+term' / '+plenum' when the mention agrees,
    'report' when another mention has the row's key, 'context' when the report's term decides."""
    how = ["symbol"]
    if hit.any_year:
        # A stated date decides; a bare year only where a row agrees with it ('thực hiện Chỉ thị
        # 05-CT/TW năm 2023' is the year of the work, not of the document).
        agree = [r for r in rows if (r.date or "")[:4] == hit.any_year
                 or (not r.date and r.term == _term_of(f"{hit.any_year}-07-01"))]
        if agree or hit.date:
            rows = agree
            how.append("date")
    if hit.term:
        rows = [r for r in rows if r.term == hit.term]
        how.append("term")
    if hit.plenum:
        rows = [r for r in rows if r.plenum == str(hit.plenum)]
        how.append("plenum")
    if len(rows) == 1:
        return rows[0], "+".join(how)
    in_report = [r for r in rows if r.canonical in present]
    if len(in_report) == 1:
        return in_report[0], "report"
    in_term = [r for r in rows if context and r.term == context]
    if len(in_term) == 1:
        return in_term[0], "context"
    return None, "ambiguous"


def _context_term(terms: list[tuple[int, str]], pos: int) -> str | None:
    """The term the report speaks of near `pos`: nearest stated term before it, else after it."""
    before = [t for at, t in terms if at <= pos]
    after = [t for at, t in terms if at > pos]
    return before[-1] if before else (after[0] if after else None)


def _compatible(short: _Hit, group: _Group) -> bool:
    """Can the short form `short` ('Nghị quyết 15 của Thành ủy') stand for `group`'s document?"""
    full = group.full or group.hits[:1]
    if not any(h.number == short.number for h in full):
        return False
    doc_type = _lex().types.get(short.type)
    codes = (*doc_type.party_codes, *doc_type.state_codes) if doc_type else ()
    if not any(h.type == short.type or (h.tcode and h.tcode in codes) for h in full):
        return False
    if short.body is None:
        return True
    bodies = [h.body for h in group.hits if h.body and h.body.body]
    if bodies and short.body.body:
        return any(b.body == short.body.body for b in bodies)
    # 'của Trung ương' names no organ: any central one agrees.
    codes = {h.icode for h in full if h.icode} | {b.code for b in bodies}
    own = CENTRAL_CODES if short.body.code in CENTRAL_CODES else {short.body.code}
    return not codes or bool(codes & own)


def _resolve(hits: list[_Hit], province: str | None, place: str | None) -> list[Reference]:
    """Group hits into documents and build one Reference per document."""
    lex = _lex()
    if place:  # a district's or ward's report: a congress it does not call national is its own
        for hit in hits:
            if hit.kind == "congress" and not hit.said_national:
                hit.national = False
    terms = [(h.start, h.term) for h in hits if h.term and (h.kind != "congress" or h.national)]

    # A plenum resolution's term: stated; said by another mention of the same plenum; the only
    # term the gazetteer knows for that plenum and session; else the term the report speaks of.
    stated: dict[tuple, list[tuple[int, str]]] = {}
    for hit in hits:
        if hit.kind == "plenum" and hit.term:
            stated.setdefault((hit.type, hit.plenum, hit.session), []).append((hit.start, hit.term))
    for hit in (h for h in hits if h.kind == "plenum" and not h.term):
        same = sorted((abs(at - hit.start), term) for at, term in stated.get((hit.type, hit.plenum, hit.session), []))
        prefix = _plenum_key(hit, None)[:-1]
        known = {r.term for r in lex.central if r.canonical.startswith(prefix)}
        if same:
            hit.term = same[0][1]
        elif hit.session and len(known) == 1:
            hit.term, hit.term_from = known.pop(), "gazetteer"
        elif terms:
            hit.term, hit.term_from = _context_term(terms, hit.start), "context"

    groups: dict[str, _Group] = {}
    present: set[str] = set()

    def add(key: str, hit: _Hit, link: Central | None = None, by: str | None = None) -> _Group:
        group = groups.setdefault(key, _Group([]))
        group.hits.append(hit)
        group.full.append(hit)
        if link and not group.link:
            group.link, group.link_by = link, by
            present.add(link.canonical)
        return group

    pending = []
    for hit in hits:
        if hit.kind == "plenum":
            key = fold(_plenum_key(hit, hit.term))
            add(key, hit, lex.by_canonical.get(key), "plenum")
        elif hit.kind == "congress":
            add(fold(_congress_key(hit, province, place)), hit)
        elif hit.kind == "named":
            # a bare 'Hiến pháp' after the only 'Hiến pháp năm 2013' cited before it is that one
            dated = [key for key, group in groups.items() if key.startswith(f"law:{hit.type}::")
                     and group.first < hit.start] if hit.name == hit.type else []
            add(dated[0] if len(dated) == 1 else f"named:{hit.name}", hit)
        elif hit.kind == "code":
            rows = lex.by_code.get(_code_key(_symbol(hit)), [])
            row, by = _pick(rows, hit, set(), None) if rows else (None, "")
            if row:
                add(row.canonical, hit, row, by)
            else:
                pending.append((hit, rows))
        elif hit.kind == "law" and (hit.stated_year or hit.date):
            add(f"law:{hit.type}:{(hit.name or '').lower()}:{hit.stated_year or hit.date[:4]}", hit)
    for hit, rows in pending:  # a symbol several central documents share: the report decides
        row, by = _pick(rows, hit, present, _context_term(terms, hit.start)) if rows else (None, "")
        group = add(row.canonical, hit, row, by) if row else add(f"code:{_symbol(hit)}", hit)
        if not row:
            group.candidates = rows

    ordered = list(groups.values())
    by_number: dict[int, list[_Group]] = {}
    for group in ordered:
        for number in {h.number for h in group.full if h.number is not None}:
            by_number.setdefault(number, []).append(group)
    short_only: dict[int, list[_Group]] = {}
    for hit in hits:
        if hit.kind == "short":
            before, after = None, None  # (distance, group) of the nearest full form each side
            for group in by_number.get(hit.number, []):
                if not _compatible(hit, group):
                    continue
                starts = [h.start for h in group.full]
                earlier = [hit.start - at for at in starts if at < hit.start]
                later = [at - hit.start for at in starts if at > hit.start]
                if earlier and (before is None or min(earlier) < before[0]):
                    before = (min(earlier), group)
                if later and (after is None or min(later) < after[0]):
                    after = (min(later), group)
            own = [g for g in short_only.get(hit.number, []) if _compatible(hit, g)]
            target = (before or after or (None, None))[1] or (own[-1] if own else None)
            if target is None:
                target = _Group([])
                ordered.append(target)
                short_only.setdefault(hit.number, []).append(target)
            target.hits.append(hit)
        elif hit.kind == "law" and not (hit.stated_year or hit.date):
            same = [g for g in ordered if g.hits[0].kind == "law" and _law_name(g.hits[0]) == _law_name(hit)]
            before = [g for g in same if g.first < hit.start]
            target = max(before, key=lambda g: g.first) if before else min(same, key=lambda g: g.first, default=None)
            if target is None:
                target = _Group([])
                ordered.append(target)
            target.hits.append(hit)

    merged: dict[str, Reference] = {}
    for ref in sorted((_reference(g, province, place) for g in ordered), key=lambda r: r.mentions[0].start):
        if ref.canonical not in merged:
            merged[ref.canonical] = ref
            continue
        # Two groups met under one key (a short form's inferred symbol equals a written one).
        target = merged[ref.canonical]
        target.mentions = sorted(target.mentions + ref.mentions, key=lambda m: m.start)
        for attr in ("number", "symbol", "issuer", "plenum", "term", "session", "date"):
            setattr(target, attr, getattr(target, attr) or getattr(ref, attr))
    refs = list(merged.values())
    for hit in (h for h in hits if h.kind == "this"):  # 'Nghị quyết này': the latest one cited before
        cited = [(m.start, ref) for ref in refs if ref.type == hit.type for m in ref.mentions if m.start < hit.start]
        if cited and hit.start - max(cited, key=lambda c: c[0])[0] <= SETTINGS.pointed_reach:  # else: the text's own
            ref = max(cited, key=lambda c: c[0])[1]
            ref.mentions = sorted(ref.mentions + [Mention("", hit.start, hit.end)], key=lambda m: m.start)
    return refs


def _reference(group: _Group, province: str | None, place: str | None) -> Reference:
    """One Reference from a group of hits: fields merged, canonical key, gazetteer link."""
    hits = sorted(group.hits, key=lambda h: h.start)
    head = hits[0]
    typed = next((h for h in hits if h.typed and h.type), None)
    body_hit = _body_hit(hits)
    plenum = group.value("plenum")
    ref = Reference(type=(typed or head).type or "Văn bản", plenum=str(plenum) if plenum else None,
                    term=group.value("term"), session=group.value("session"), date=group.value("date"))
    ref.mentions = [Mention("", h.start, h.end) for h in hits]
    explicit = (body_hit.issuer_text or body_hit.body.body or None) if body_hit else None
    inferred = [] if typed else ["type"]

    if head.kind == "congress":
        # The congress numeral is no khóa: it is in `session` ('Đại hội lần thứ XXII') and the key.
        ref.term = None
        ref.session = _unshout(ref.session)
        ref.issuer = "Đại hội đại biểu toàn quốc" if head.national else _congress_body(head, province, place)
        ref.canonical = fold(_congress_key(head, province, place))
        if head.period:
            ref.extra["period"] = head.period
    elif head.kind == "named":  # 'Điều lệ Đảng': keyed by its name
        ref.canonical = head.name
        ref.issuer = head.issuer_text or (head.body and head.body.body) or None  # or 'X ban hành ...'
        row = _by_subject(ref.type, head.name)
        if row and not group.link:  # 'Nghị quyết về Một số vấn đề cấp bách ...': a document the gazetteer knows
            group.link, group.link_by = row, "subject"
            ref.canonical = row.canonical
            ref.issuer = ref.issuer or (row.issuer if row.confidence == "sure" else None)
            ref.plenum, ref.term = row.plenum, row.term  # what the name identifies, not what the text says
            inferred += ["issuer", "plenum", "term"]
    elif head.kind == "law":
        year = group.value("stated_year") or (ref.date or "")[:4] or None
        ref.issuer = explicit or ("Ủy ban Thường vụ Quốc hội" if ref.type == "Pháp lệnh" else "Quốc hội")
        coded = next((h for h in hits if h.system == "law" and h.number), None)
        if coded:
            ref.number, ref.symbol = str(coded.number), _symbol_text("law", None, coded.icode, coded.year)
        amended = " (sửa đổi)" if not year and any(h.amended for h in hits) else ""
        name = f"{ref.type} {(head.name or '').lower()}".strip()
        ref.canonical = fold(name + amended + (f"/{year}" if year else ""))
        if year and not ref.date:
            ref.extra["year"] = year
    elif any(h.kind in ("code", "short") for h in hits):
        inferred += _symbol_fields(ref, group, hits, explicit, province, place)
        if group.value("stated_year") and not ref.date:  # 'năm 2011' after the symbol
            ref.extra["year"] = group.value("stated_year")
    else:  # a plenum resolution named by its plenum
        plenum_hit = next(h for h in hits if h.kind == "plenum")
        ref.issuer = explicit or "Ban Chấp hành Trung ương"
        ref.canonical = group.link.canonical if group.link else fold(_plenum_key(plenum_hit, plenum_hit.term))
        if plenum_hit.term_from:
            inferred.append("term")

    link = group.link
    if link:
        ref.extra["gazetteer"] = link.link(group.link_by or "code")
        if not typed:
            ref.type = link.type
        # The row's plenum and term stay in extra['gazetteer']: `plenum` and `term` say what the
        # report says ('Kết luận 21-KL/TW' is from the 4th plenum of khóa XIII; the report may not say so).
    elif group.candidates:
        ref.extra["gazetteer_candidates"] = [r.canonical for r in group.candidates]
    if inferred:
        ref.extra["inferred"] = sorted(set(inferred))
    return ref


def _by_subject(doc_type: str, name: str) -> Central | None:
    """The one row of the gazetteer of this type whose subject the name gives, else None. Rows
    that open alike ('tăng cường sự lãnh đạo của Đảng đối với ...') are told apart by the words
    after, as far as the name goes."""
    name = name.split(": ", 1)[-1]
    rows = _subjects().get((doc_type, subject_of(name)), [])
    if len(rows) > 1:
        words = subject_of(name, words=12).split()
        rows = [r for r in rows if _agree(words, subject_of(r.subject, words=12).split())]
    return rows[0] if len(rows) == 1 else None


def _agree(a: list[str], b: list[str]) -> bool:
    n = min(len(a), len(b))
    return n >= 6 and a[:n] == b[:n]


@cache
def _subjects() -> dict[tuple[str, str], list[Central]]:
    found: dict[tuple[str, str], list[Central]] = {}
    for row in _lex().central:
        if row.subject:
            found.setdefault((row.type, subject_of(row.subject)), []).append(row)
    return found


def _symbol_fields(ref: Reference, group: _Group, hits: list[_Hit], explicit: str | None,
                   province: str | None, place: str | None) -> list[str]:
    """Number, symbol, issuer and key of a document cited by symbol or by type and number.

    Returns the names of the fields that were inferred rather than read.
    """
    lex, inferred = _lex(), []
    code_hit = next((h for h in hits if h.kind == "code"), None)
    body_hit = _body_hit(hits)
    if code_hit:
        system, tcode, icode, year = code_hit.system, code_hit.tcode, code_hit.icode, code_hit.year
    else:
        system, tcode, icode, year = _infer_symbol(ref.type, body_hit.body if body_hit else None)
        if tcode:
            inferred.append("symbol")
    number = (code_hit or hits[0]).number
    ref.number = str(number)
    if tcode and icode or system == "law":
        ref.symbol = _symbol_text(system, tcode, icode, year)
    if ref.symbol and not code_hit and not group.link:
        # An inferred symbol ('Quy định 101 của Ban Bí thư' -> 101-QĐ/TW) links only where the
        # gazetteer's issuer agrees with the one the text names.
        rows = [r for r in lex.by_code.get(_code_key(_symbol_key(number, system, tcode, icode, year)), [])
                if not explicit or explicit in r.issuer or r.issuer in explicit]
        group.link = _pick(rows, hits[0], set(), None)[0] if rows else None
        group.link_by = "inferred symbol"
    issuer = _issuer_row(system, icode, province)
    if not issuer and not explicit:
        t = lex.types.get(ref.type)
        issuer = _issuer_row("state", t.default_issuer, province) if t and t.default_issuer else None
    # The body the text names, else a row of the gazetteer checked against the document, else what
    # the symbol's issuer code says: nothing for TW (Ban Chấp hành Trung ương, Bộ Chính trị and Ban
    # Bí thư all sign '/TW').
    sure = group.link.issuer if group.link and group.link.confidence == "sure" else None
    ref.issuer = explicit or sure or (issuer.body if issuer else None) or None
    if ref.issuer and not explicit:
        inferred.append("issuer")
    if group.link:
        ref.canonical = group.link.canonical
    elif ref.symbol:
        scope, spot = (issuer.scope if issuer else None), place
        if body_hit and (not icode or _equivalent(body_hit.body.code, icode)):
            scope = body_hit.body.scope
            if body_hit.place:  # the unit the text names: 'của UBND tỉnh Hậu Giang', 'của Quận ủy Bình Thạnh'
                named = _province_key(body_hit.place)
                if named in lex.provinces:
                    scope, province = "province", named
                else:
                    scope, spot = "district", body_hit.place
        ref.canonical = fold(_symbol_key(number, system, tcode, icode, year)
                             + _scope_suffix(scope, ref.issuer, province, spot))
    else:  # neither symbol nor issuer known: type and number, the issuer a '?'
        t = lex.types.get(ref.type)
        code = (t.party_codes or t.state_codes or ("?",))[0] if t else "?"
        ref.canonical = fold(f"{number:02d}-{code}/?")
    return inferred


def _body_hit(hits: list[_Hit]) -> _Hit | None:
    """The first mention naming the issuer, one naming the organ ('của Bộ Chính trị') before one
    that does not ('của Trung ương')."""
    named = [h for h in hits if h.body]
    return min(named, key=lambda h: (not h.body.body, h.start), default=None)
