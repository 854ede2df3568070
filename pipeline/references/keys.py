"""Canonical keys: one stable key per referenced document, the same in every report that cites it
('15-NQ/TU@Hà Nội', '05-CT/TW', 'NQTW4/XII', 'NQĐH/XIII'; docs/references.md), and the fields a
key is built from (inferred symbols and issuers, terms by date, congress bodies)."""

from __future__ import annotations

import re

from pipeline.fold import fold
from pipeline.references.find import _Hit
from pipeline.references.lexicon import ROMANS, Issuer, _lex, _upper


def _term_of(date: str) -> str | None:
    """The Central Committee term a date falls in."""
    term = None
    for start, roman in _lex().terms:
        if date >= start:
            term = roman
    return term


def _plenum_key(hit: _Hit, term: str | None) -> str:
    prefix = "NQTW" if hit.type == "Nghị quyết" else "KLTW"
    session = f"({hit.session.split()[-1]})" if hit.session else ""
    return f"{prefix}{hit.plenum}{session}/{term or '?'}"


def _issuer_row(system: str | None, code: str | None, province: str | None) -> Issuer | None:
    """What a symbol's issuer code means when the text names no body."""
    lex = _lex()
    if system == "law":
        system = "state"
    code = re.sub(r"\d+$", "", code or "")  # 'QH15', 'UBTVQH11': the legislature's term number
    rows = lex.issuers.get((system or "", _upper(code or "")))
    if not rows and code and "-" in code:
        rows = lex.issuers.get((system or "", _upper(code.split("-")[0])))
    if not rows:
        return None
    row = rows[0]
    if "Tỉnh ủy" in row.body and province in lex.cities:
        city = next((r for r in rows if r.body == row.body.replace("Tỉnh ủy", "Thành ủy")), None)
        row = city or Issuer(row.code, row.body.replace("Tỉnh ủy", "Thành ủy"), row.scope, row.system)
    return row


def _scope_suffix(scope: str | None, body: str | None, province: str | None, place: str | None) -> str:
    """'@Hà Nội' for a province committee's document, '@Hà Nội/Quận 10' for a district's."""
    if scope == "province" and body and "Thành ủy" in body and province and province not in _lex().cities:
        scope = "district"  # the Thành ủy of a city inside a province
    if scope == "province":
        return f"@{province}" if province else ""
    if scope != "district" or not (province or place):
        return ""
    spot = re.sub(r"\s+", " ", fold(place)) if place else ""
    return f"@{province or '?'}" + (f"/{spot[:1].upper()}{spot[1:]}" if spot else "")


def _symbol_text(system: str | None, tcode: str | None, icode: str | None, year: str | None) -> str:
    """The symbol after the number: 'NQ/TU', '2003/NĐ-CP', 'QĐ-UBND', '2005/QH11'."""
    if system == "law":
        return f"{year}/{icode}"
    if system == "state":
        return f"{year + '/' if year else ''}{tcode}-{icode or '?'}"
    return f"{tcode}/{icode or '?'}"


def _symbol_key(number: int, system: str | None, tcode: str | None, icode: str | None, year: str | None) -> str:
    """Number and symbol, the number padded to two digits as documents print it: '05-CT/TW'."""
    return f"{number:02d}{'-' if system == 'party' else '/'}{_symbol_text(system, tcode, icode, year)}"


CENTRAL_CODES = {"TW", "BCT", "BBT", "HNTW"}  # symbols of the Party centre's organs


def _law_name(hit: _Hit) -> tuple[str | None, str]:
    return hit.type, (hit.name or "").lower()


def _symbol(hit: _Hit) -> str:
    return _symbol_key(hit.number, hit.system, hit.tcode, hit.icode, hit.year)


def _equivalent(code: str, icode: str) -> bool:
    return code == icode or (code in CENTRAL_CODES and icode in CENTRAL_CODES)


def _infer_symbol(doc_type: str, body: Issuer | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(system, type code, issuer code, year) a short form's symbol must have, or Nones."""
    t = _lex().types.get(doc_type)
    if t is None:
        return None, None, None, None
    if body is not None and body.code:
        codes = t.party_codes if body.system == "party" else t.state_codes
        if codes:
            return body.system, codes[0], body.code, None
    if t.default_issuer and t.state_codes:
        return "state", t.state_codes[0], t.default_issuer, None
    return None, None, None, None


def _unshout(text: str | None) -> str | None:
    """A heading's capitals as running text writes them: 'ĐẠI HỘI ĐẢNG BỘ QUẬN HẢI CHÂU LẦN THỨ
    XXII' -> 'Đại hội Đảng bộ quận Hải Châu lần thứ XXII' (the name after a level word keeps
    capitals until 'lần' / 'nhiệm kỳ' / 'khóa')."""
    if not text or not text.isupper():
        return text
    levels = {lv.split()[-1] for lv in _lex().levels}
    out, in_name = [], False
    for word in text.split():
        low = word.lower()
        if low in ("lần", "nhiệm", "khóa"):
            in_name = False
        if word in ROMANS or word.isdigit():
            out.append(word)
        else:
            out.append(low[:1].upper() + low[1:] if in_name or low == "đảng" or not out else low)
        in_name = in_name or low in levels
    return " ".join(out)


def _congress_body(hit: _Hit, province: str | None, place: str | None) -> str:
    """Who issued a local congress resolution, as written: 'Đại hội đại biểu Đảng bộ Quân sự tỉnh';
    when no Đảng bộ is named, the report's own: 'Đại hội Đảng bộ quận' in a report on 'quận Hải Châu'."""
    name = _unshout(hit.name.strip()) or ""
    opening = re.match(r"(?i)^đại hội(\s+đại biểu)?\s*", name)
    body = name[opening.end() if opening else 0:]
    if body.lower() in ("", "đảng bộ"):
        spot = fold(place or "").lower()
        level = next((lv for lv in sorted(_lex().levels, key=len, reverse=True)
                      if spot == lv or spot.startswith(lv + " ")), None)
        if level is None and province and not place:
            level = "thành phố" if province in _lex().cities else "tỉnh"
        body = f"đảng bộ {level}" if level else "đảng bộ"
    delegates = "đại biểu " if opening and opening.group(1) else ""
    return f"Đại hội {delegates}" + re.sub(r"(?i)^đảng bộ", "Đảng bộ", body)


def _congress_key(hit: _Hit, province: str | None, place: str | None) -> str:
    if hit.national:
        return f"NQĐH/{hit.term}"
    body = re.sub(r"^đại hội(\s+đại biểu)?\s*", "", hit.name.lower()) or "đảng bộ"
    scope = "province" if re.search(r"(^|\s)(tỉnh|thành phố|tp\.?)(\s|$)", body) else "district"
    return f"NQĐH/{hit.term}/{body}{_scope_suffix(scope, None, province, place)}"
