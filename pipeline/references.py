"""References to Party and state documents: find every mention, resolve short forms, key each document.

Reports cite documents in many shapes: 'Nghị quyết số 15 -NQ/TU của Thành uỷ', a bare
'60/2003/NĐ-CP', 'NQTW6 (lần 2)', 'Nghị quyết Đại hội XIII của Đảng', 'Luật Đất đai 2024', and
then in short: 'Nghị quyết 15', 'NQTW4'. As in eyecite, finding and resolving are separate steps.
`_find` reads fold(text) (one tone style, same offsets) and returns one hit per mention with what
that mention itself says; `_resolve` groups hits into documents, a short form joining the full
form it stands for, links them to the gazetteer of central documents and gives each document the
canonical key of docs/references.md, the same in every report. Symbol tables, word lists and the
gazetteer live in pipeline/data/.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from pipeline.fold import fold
from pipeline.reference_names import find_named, subject, subject_key
from pipeline.model import Mention, Reference

__all__ = ["ReferenceInputError", "find_references"]

DATA = Path(__file__).parent / "data"
SP = r"[^\S\n]"  # horizontal white space, no-break space included
DASH = r"[-–—]"  # hyphen, en and em dash: '94 – QĐ/TU'
ROMAN = r"(?-i:[IVXL]{1,6})"
YEAR = r"(?:19|20)\d\d"
TW = rf"(?:trung{SP}+ương|T\.?{SP}?[WƯ])"  # 'Trung ương', 'TW', 'TƯ', 'T.Ư'
BCH = rf"(?:ban{SP}+chấp{SP}+hành|BCH){SP}*{TW}(?:{SP}+đảng)?"


class ReferenceInputError(ValueError):
    """The text cannot be searched (not a string, or not NFC so offsets would drift)."""


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class DocType:
    name: str
    words: tuple[str, ...]
    party_codes: tuple[str, ...]
    state_codes: tuple[str, ...]
    bare_number: bool
    verb: bool
    default_issuer: str | None


@dataclass(frozen=True)
class Issuer:
    code: str  # as spelled in symbols ('TU', 'TTg'); '' when never in a symbol
    body: str  # '' when the code or name does not say which body ('TW', 'của Trung ương')
    scope: str  # central | province | district
    system: str  # party | state


@dataclass(frozen=True)
class Central:
    """One row of the gazetteer of central documents."""

    canonical: str
    code: str
    aliases: tuple[str, ...]
    type: str
    issuer: str
    plenum: str | None
    session: str | None
    term: str | None
    date: str | None
    subject: str
    confidence: str

    def link(self, by: str) -> dict[str, str | None]:
        """What the gazetteer knows, kept apart from what the report says (extra['gazetteer'])."""
        return {"canonical": self.canonical, "code": self.code or None, "type": self.type,
                "issuer": self.issuer, "plenum": self.plenum, "session": self.session, "term": self.term,
                "date": self.date, "subject": self.subject or None, "confidence": self.confidence, "by": by}


@dataclass(frozen=True)
class Named:
    """A document cited by name only ('Điều lệ Đảng'): a row of named_documents.tsv."""

    type: str
    canonical: str
    issuer: str | None
    before: re.Pattern | None  # words right before a name that make it something else ('Ban')
    after: re.Pattern | None


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip() and v.strip() != "-")


def _alt(words) -> str:
    """A regex alternation of words, longest first, any run of spaces between their parts."""
    parts = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    return "|".join(f"{SP}+".join(re.escape(tok) for tok in p.split()) for p in parts)


def _upper(code: str) -> str:
    """Symbol letters in one spelling: upper case, no dots or spaces, 'TƯ' as 'TW'."""
    return re.sub(r"[\s.]", "", fold(code)).upper().replace("Ư", "W")


def _spell(code: str) -> str:
    """An issuer code in its usual spelling: 'T.Ư' -> 'TW', 'ttg' -> 'TTg', 'BTCTW-BTGTW' kept."""
    return "-".join(_lex().spelling.get(part, part) for part in re.split("[-–—]", _upper(code)))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


ROMANS = {_roman(n): n for n in range(1, 60)}


def _term(raw: str | None) -> str | None:
    """'XII' or '12' -> 'XII'; None for what is not a term numeral ('IIV')."""
    if not raw:
        return None
    if raw.isdigit():
        return _roman(int(raw)) if 0 < int(raw) < 60 else None
    return raw if raw in ROMANS else None


@dataclass
class Lexicon:
    types: dict[str, DocType]
    by_word: dict[str, DocType]
    party_code: dict[str, str]  # upper -> canonical spelling ('CTR' -> 'CTr')
    state_code: dict[str, str]
    party_type: dict[str, DocType]  # canonical code -> default type
    state_type: dict[str, DocType]
    issuers: dict[tuple[str, str], list[Issuer]]  # (system, upper code) -> rows, default first
    spelling: dict[str, str]  # upper issuer code -> its spelling ('TTG' -> 'TTg')
    by_name: dict[str, Issuer]
    central: list[Central]
    by_code: dict[str, list[Central]]
    by_canonical: dict[str, Central]
    ordinals: dict[str, int]
    terms: list[tuple[str, str]]  # (start date, roman)
    cities: frozenset[str]
    provinces: frozenset[str]  # as keys write them ('Hồ Chí Minh')
    unit_names: frozenset[str]  # folded lower names of provinces, districts and wards
    law_names: dict[str, str]  # folded lower name or abbreviation -> the name
    province_alias: dict[str, str]
    named: dict[str, Named]  # folded lower name -> the document
    levels: dict[str, str]  # level word -> the committee leading such a unit ('quận' -> 'quận ủy')
    patterns: dict[str, re.Pattern] = field(default_factory=dict)


@cache
def _lex() -> Lexicon:
    types, by_word, party_code, state_code, party_type, state_type = {}, {}, {}, {}, {}, {}
    for row in _rows("reference_types.tsv"):
        t = DocType(row["type"], _split(row["words"]), _split(row["party_codes"]),
                    _split(row["state_codes"]), row["bare_number"] == "yes", row["verb"] == "yes",
                    row["default_issuer"] or None)
        types[t.name] = t
        for word in t.words:
            by_word.setdefault(fold(word).lower(), t)
        for codes, table, default in ((t.party_codes, party_code, party_type),
                                      (t.state_codes, state_code, state_type)):
            for code in codes:
                table.setdefault(_upper(code), code)
                default.setdefault(code, t)
    # 'QD'/'QDi' typed without the stroke mean 'QĐ'/'QĐi'.
    party_code.update(QD="QĐ", QDI="QĐi")
    state_code.update(QD="QĐ")

    issuers, by_name, spelling = {}, {}, {}
    for row in _rows("issuers.tsv"):
        issuer = Issuer(fold(row["code"]) if row["code"] != "-" else "",
                        fold(row["body"]) if row["body"] != "-" else "", row["scope"], row["system"])
        if issuer.code:
            issuers.setdefault((issuer.system, _upper(issuer.code)), []).append(issuer)
            spelling.setdefault(_upper(issuer.code), issuer.code)
        for name in _split(row["names"]):
            by_name.setdefault(fold(name).lower(), issuer)

    central = []
    for row in _rows("central_documents.tsv"):
        central.append(Central(fold(row["canonical"]), fold(row["code"]),
                               tuple(fold(a) for a in _split(row["aliases"])), row["type"],
                               fold(row["issuer"]), row["plenum"] or None, row["session"] or None,
                               row["term"] or None, row["date"] or None, row["subject"],
                               row["confidence"]))
    by_code: dict[str, list[Central]] = {}
    for row in central:
        for code in filter(None, (row.code, *row.aliases)):
            by_code.setdefault(_code_key(code), []).append(row)

    words = {"ordinal": {}, "unit": [], "boundary": [], "congress": [], "term": [], "law_next": [], "not_law": [],
             "level": {}}
    for row in _rows("reference_words.tsv"):
        if row["kind"] == "ordinal":
            words["ordinal"][fold(row["word"]).lower()] = int(row["value"])
        elif row["kind"] == "term":
            words["term"].append((row["value"], row["word"]))
        elif row["kind"] == "level":
            words["level"][fold(row["word"]).lower()] = fold(row["value"]).lower()
        else:
            words[row["kind"]].append(row["word"])

    units = _rows("admin_units.tsv")
    cities = frozenset(_province_key(r["name"]) for r in units if r["level"] == "province" and r["type"] == "Thành phố")
    provinces = frozenset(_province_key(r["name"]) for r in units if r["level"] == "province")
    unit_names = frozenset(fold(r["name"]).lower() for r in units) | {p.lower() for p in provinces}
    aliases = {fold(r["alias"]).lower(): r["province"] for r in _rows("province_aliases.tsv")}

    law_names = {}
    for line in open(DATA / "law_names.txt", encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            names = _split(line)
            law_names.update({fold(n).lower(): fold(names[0]) for n in names})
    named = {}
    for row in _rows("named_documents.tsv"):
        before, after = _split(row["not_before"]), _split(row["not_after"])
        doc = Named(row["type"], fold(row["canonical"]), fold(row["issuer"]) or None,
                    re.compile(rf"(?<!\w)(?:{_alt(before)}){SP}+$", re.I) if before else None,
                    re.compile(rf"{SP}+(?:{_alt(after)})", re.I) if after else None)
        named.update({fold(n).lower(): doc for n in _split(row["names"])})

    lex = Lexicon(types, by_word, party_code, state_code, party_type, state_type, issuers, spelling,
                  by_name, central, by_code, {c.canonical: c for c in central}, words["ordinal"],
                  sorted(words["term"]), cities, provinces, unit_names, law_names, aliases, named, words["level"])
    lex.patterns = _compile(lex, words)
    return lex


def _code_key(code: str) -> str:
    """'05-CT/TW', '5 - CT/TƯ', '08-QĐ/TW' -> one lookup spelling ('5-CT/TW')."""
    m = re.match(r"\s*0*(\d+)\s*([-–—/])\s*(.*)$", code)
    if not m:
        return _upper(code)
    return f"{m.group(1)}{'/' if m.group(2) == '/' else '-'}{_upper(m.group(3))}"


def _province_key(name: str) -> str:
    """'Thành phố Hồ Chí Minh' -> 'Hồ Chí Minh', 'tỉnh  Nghệ An' -> 'Nghệ An'."""
    name = re.sub(r"(?i)^\s*(thành\s+phố|tp\.?|tỉnh)\s+", "", fold(name).strip())
    return re.sub(r"\s+", " ", name)


def _province(name: str | None) -> str | None:
    """The province as keys write it, aliases ('TP.HCM') resolved; None when not given."""
    if not name or not name.strip():
        return None
    name = re.sub(r"\s+", " ", name.strip())
    return _province_key(_lex().province_alias.get(fold(name).lower(), name))


# ---------------------------------------------------------------------------------------------
# Patterns, compiled once from the data


def _compile(lex: Lexicon, words: dict) -> dict[str, re.Pattern]:
    i = re.IGNORECASE
    ordinal = _alt(lex.ordinals)
    plenum_no = rf"(?:lần{SP}+thứ{SP}+(?P<n>\d{{1,2}}|{ordinal})|(?P<n2>\d{{1,2}}))"
    party_codes = _alt(lex.party_code)
    state_codes = _alt(lex.state_code)
    party_issuer = rf"(?:T\.{SP}?[ƯW]|[A-ZĐƯ]{{1,12}})(?:-[A-ZĐƯ]{{2,12}})*"
    state_issuer = rf"[A-ZĐ]{{1,10}}(?:{SP}*{DASH}{SP}*[A-ZĐ]{{1,10}})*\d{{0,2}}"
    lead = r"(?=\d)(?<![\d/.,])"  # a digit first lets the engine skip ahead fast
    law_code = rf"(?P<ln>\d{{1,4}}){SP}*/{SP}*(?P<ly>{YEAR}){SP}*/{SP}*(?P<li>(?:UBTVQH|QH)\d{{1,2}})"
    code = (rf"{lead}(?:(?P<pn>\d{{1,5}}){SP}*{DASH}{SP}*(?P<pt>{party_codes}){SP}*/{SP}*(?P<pi>{party_issuer})"
            rf"|{law_code}"
            rf"|(?P<sn>\d{{1,5}}){SP}*/{SP}*(?:(?P<sy>{YEAR}){SP}*/{SP}*)?(?P<st>{state_codes})"
            rf"{SP}*{DASH}{SP}*(?P<si>{state_issuer}))(?!\w)")
    type_words = _alt(w for t in lex.types.values() for w in t.words)
    initials = "".join(sorted({c for t in lex.types.values() for w in t.words for c in (w[0].lower(), w[0].upper())}))
    bodies = _alt(lex.by_name)
    central_bodies = _alt(n for n, b in lex.by_name.items() if b.scope == "central" and b.system == "party")
    units = [u for u in words["unit"] if fold(u).lower() != "năm"]
    date = (rf"(?:(?P<d>\d{{1,2}}){SP}*[/.-]{SP}*(?P<m>\d{{1,2}}){SP}*[/.-]{SP}*(?P<y>{YEAR})"
            rf"|(?P<d2>\d{{1,2}}){SP}+tháng{SP}+(?P<m2>\d{{1,2}}){SP}+năm{SP}+(?P<y2>{YEAR}))(?!\d)")
    congress_words = _alt(words["congress"])
    law_names = _alt(lex.law_names)
    year = rf"{YEAR}(?!\d)"
    amended = rf"sửa{SP}+đổi(?:,?{SP}*bổ{SP}+sung)?"
    not_preposition = r"(?!(?:tại|của|theo|và|về|trong|với|ngày|số)(?!\w))"
    law_stop = rf"(?!{SP}(?:{_alt(words['law_next'])})(?!\w))"  # words no law name holds
    raw = {
        "type": (rf"(?=[{initials}])(?<!\w)(?:{type_words})(?!\w)", i),
        "abbr": (rf"(?:NQ|CT|QĐ|KL|KH|CTr|HD|TB|NĐ)(?={SP}+số(?!\w))", 0),
        "code": (code, i),
        "nqtw": (rf"(?P<k>NQ|KL){SP}*T\.?{SP}?[WƯ]{SP}*(?P<n>\d{{1,2}})(?![\w/])", 0),
        "so": (rf"{SP}+(?:số(?=[\s:\d]){SP}*:?{SP}*)?", i),
        # 'Nghị quyết chuyên đề số 05-NQ/QU': a few lower-case words between type word and 'số'
        "qualified_so": (rf"(?:{SP}+{not_preposition}(?-i:[^\W\d_A-ZĐ])[^\W\d_]*){{1,3}}?"
                         rf"{SP}+số(?=[\s:\d]){SP}*:?{SP}*", i),
        "number": (rf"(?P<n>\d{{1,4}})(?!\w)(?![.,]\d)(?!{SP}*[-/])", i),
        "list": (rf"(?:{SP}*,{SP}*(?:(?:và|hoặc){SP}+)?|{SP}+(?:và|hoặc){SP}+)(?:số{SP}*)?"
                 rf"(?P<n>\d{{1,4}})(?!\w)(?![.,]\d)(?!{SP}*[-/])", i),
        # a counted unit ('Báo cáo 6 tháng'), but not the date of the document ('số 01 ngày 9/3/2021')
        "unit": (rf"(?!{SP}*ngày{SP}+\d{{1,2}}(?:{SP}*[/.-]|{SP}+tháng))"
                 rf"{SP}*(?:năm(?!{SP}+{year})|{_alt(units)})(?!\w)", i),
        "boundary": (rf"{SP}*(?:[,.;:!?…)\]”\"'’\n]|$)|{SP}+(?:{_alt(words['boundary'])})(?!\w)", i),
        "plenum": (rf"{SP}+(?:của{SP}+)?(?:hội{SP}+nghị{SP}+)?(?:ban{SP}+chấp{SP}+hành{SP}+|BCH{SP}*)?"
                   rf"{TW}(?:{SP}+đảng)?{SP}*{plenum_no}(?!\w)", i),
        "plenum_long": (rf"{SP}+(?:của{SP}+)?hội{SP}+nghị{SP}+lần{SP}+thứ{SP}+(?P<n>\d{{1,2}}|{ordinal})"
                        rf"(?:{SP}*\({SP}*lần{SP}*(?P<s>\d){SP}*\))?{SP}+(?:của{SP}+)?{BCH}(?!\w)", i),
        "congress": (rf"{SP}+(?:của{SP}+)?(?P<body>đại{SP}+hội(?:{SP}+(?:{congress_words}"
                     rf"|(?-i:[A-ZĐ][^\W\d_]*)|\d{{1,3}})(?!\w)){{0,8}}?){SP}+"
                     rf"(?:lần{SP}+thứ{SP}+(?P<n>{ROMAN}|\d{{1,2}})|(?P<n2>{ROMAN}))(?!\w)", i),
        "of_party": (rf"{SP}+của{SP}+đảng(?!{SP}+bộ)(?!\w)", i),
        "period": (rf"{SP}*,?{SP}*(?:\(|nhiệm{SP}+kỳ{SP}+)\(?{SP}*(?P<a>{year}){SP}*{DASH}{SP}*"
                   rf"(?P<b>{year})(?:{SP}*\))?", i),
        "law_known": (rf"{SP}+(?P<name>{law_names})(?!\w)", i),
        "not_law": (rf"(?:^|\W)(?:{_alt(words['not_law'])}){SP}+$", i),
        # Any capitalised name, if a year (or a QH symbol, or a date) follows it.
        "law_generic": (rf"{SP}+(?P<name>(?-i:[A-ZĐ])(?:{law_stop}[^\n.;:()“”\"\d]){{1,80}}?)"
                        rf"(?=(?:{SP}*\(?{SP}*{amended}{SP}*\)?)?{SP}*,?{SP}*(?:số{SP}+\d{{1,4}}/{YEAR}/QH\d"
                        rf"|ngày{SP}+\d{{1,2}}{SP}*(?:[/.-]|{SP}tháng)|năm{SP}+{year}|{year}))", i),
        "constitution": (rf"{SP}+(?:nước{SP}+Cộng{SP}+hòa{SP}+xã{SP}+hội{SP}+chủ{SP}+nghĩa{SP}+"
                         rf"Việt{SP}+Nam{SP}+)?"
                         rf"(?:năm{SP}+)?(?P<y>{year})", i),
        # Tails: what may follow a mention and still belong to it.
        "t_alias": (rf"{SP}*\({SP}*(?:NQ|KL){SP}*T\.?{SP}?[WƯ]{SP}*\d{{1,2}}{SP}*\)", i),
        "t_session": (rf"{SP}*(?:\({SP}*lần{SP}*(?:thứ{SP}*)?(?P<s>\d){SP}*\)"
                      rf"|,?{SP}*lần{SP}+(?P<s2>\d)(?!\w))", i),
        "t_term": (rf"{SP}*(?:\({SP}*khóa{SP}*(?P<t>{ROMAN}|\d{{1,2}}){SP}*\)"
                   rf"|,?{SP}*khóa{SP}+(?P<t2>{ROMAN}|\d{{1,2}})(?!\w))", i),
        "t_date": (rf"{SP}*,?{SP}*(?P<open>\()?{SP}*ngày{SP}+{date}(?(open){SP}*\))", i),
        "t_year": (rf"{SP}+(?:năm{SP}+)?(?P<y>{year})(?![/\w])", i),
        "t_plenum": (rf"{SP}*,?{SP}*(?:(?:của|tại){SP}+)?hội{SP}+nghị{SP}+"
                     rf"(?:{TW}(?:{SP}+đảng)?{SP}*{plenum_no}"
                     rf"|lần{SP}+thứ{SP}+(?P<n3>\d{{1,2}}|{ordinal})(?:{SP}*\({SP}*lần{SP}*(?P<s>\d){SP}*\))?"
                     rf"{SP}+(?:của{SP}+)?{BCH})(?!\w)", i),
        "t_body": (rf"{SP}+của{SP}+(?P<b>{bodies})(?!\w)"
                   rf"(?:(?:{SP}*,{SP}*|{SP}+và{SP}+)(?P<b2>{central_bodies})(?!\w))?", i),
        "t_amended": (rf"{SP}*(?:\({SP}*{amended}{SP}*\)|sửa{SP}+đổi(?=,?{SP}+(?:năm{SP}+)?{year}))", i),
        "t_lawcode": (rf"{SP}*,?{SP}*(?:số{SP}*)?{law_code}(?!\w)", i),
        # A place right after a local body: 'Quận ủy Bình Thạnh', 'Ủy ban nhân dân quận 3'.
        "place_level": (rf"{SP}+(?P<level>{_alt(lex.levels)})(?!\w)", i),
        "place_word": (rf"{SP}+(?P<w>[^\W\d_]+)(?!\w)", 0),
        "place_number": (rf"{SP}+(?P<n>\d{{1,3}})(?!\w)", 0),
        # Documents cited by name; items of a list ('Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW').
        "named": (rf"(?<!\w)(?:{_alt(lex.named)})(?!\w)", i),
        "coordinated": (rf"{SP}*(?:,{SP}*(?:và{SP}+)?|và{SP}+)", i),
        "list_gap": (rf"{SP}*(?:,{SP}*(?:(?:và|hoặc){SP}+)?|(?:và|hoặc){SP}+)", i),
    }
    return {name: re.compile(pattern, flags) for name, (pattern, flags) in raw.items()}


# ---------------------------------------------------------------------------------------------
# Finding


@dataclass
class _Hit:
    """One mention and what it says about the document it names."""

    start: int
    end: int
    kind: str  # code | short | plenum | congress | law
    type: str | None = None
    typed: bool = False  # a type word in the text names the type
    number: int | None = None
    system: str | None = None  # party | state | law (a QH symbol)
    tcode: str | None = None  # type part of the symbol, canonical spelling
    icode: str | None = None  # issuer part of the symbol, usual spelling ('TU', 'TTg')
    year: str | None = None  # the year inside a state symbol
    body: Issuer | None = None  # issuer named in the text ('của Bộ Chính trị')
    issuer_text: str | None = None  # joint issuers ('Bộ Chính trị, Ban Bí thư')
    date: str | None = None
    stated_year: str | None = None  # 'năm 2025' after the symbol
    plenum: int | None = None
    session: str | None = None
    term: str | None = None
    name: str | None = None  # law name, congress body
    national: bool = False
    period: str | None = None
    amended: bool = False
    term_from: str | None = None  # gazetteer | context, when the term was not stated
    place: str | None = None  # the unit named after a local body ('quận Bình Thạnh'), as keys write it
    said_national: bool = False  # a congress called 'toàn quốc' or 'của Đảng'

    @property
    def any_year(self) -> str | None:
        return (self.date or "")[:4] or self.stated_year or self.year


def _date(m: re.Match) -> str | None:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _ordinal(raw: str) -> int:
    return int(raw) if raw.isdigit() else _lex().ordinals[re.sub(r"\s+", " ", raw.lower())]


def _heading(words: str) -> bool:
    """Words in capitals, as headings write them ('CỦA QUẬN ỦY'; 'HĐND' is an abbreviation)."""
    return words.isupper() and len(words.split()) > 1


def _place(folded: str, pos: int, body: Issuer) -> tuple[int, str | None]:
    """The unit named right after a local body ('của Quận ủy Bình Thạnh', 'của Ủy ban nhân dân
    quận 3', 'của Đảng ủy Phường 25', 'của UBND tỉnh Hậu Giang'): where the mention ends, and the
    unit as keys write it ('Quận Bình Thạnh'; None when the level is not known, as after 'Đảng ủy
    Tương Mai'), or (pos, None). The name must be a known unit's: 'Đảng ủy Ủy ban nhân dân Thành
    phố' names no place."""
    lex, p = _lex(), _lex().patterns
    m = p["place_level"].match(folded, pos)
    level = re.sub(r"\s+", " ", m.group("level").lower()) if m else None
    at = m.end() if m else pos
    number = p["place_number"].match(folded, at) if level else None
    if number:  # 'quận 3', 'Phường 25'
        return number.end(), f"{level[:1].upper()}{level[1:]} {int(number.group('n'))}"
    words, ends = [], []
    while len(words) < 5 and (w := p["place_word"].match(folded, ends[-1] if ends else at)):
        if not w.group("w")[:1].isupper():  # names are capitalised
            break
        words.append(w.group("w"))
        ends.append(w.end())
    known = [i for i in range(len(words), 0, -1) if " ".join(words[:i]).lower() in lex.unit_names]
    if not known:
        return pos, None
    name = " ".join(words[:known[0]])
    if level is None:  # 'Quận ủy Bình Thạnh': the level is the committee's
        level = next((lv for lv, committee in lex.levels.items() if committee and committee in body.body.lower()), None)
    return ends[known[0] - 1], f"{level[:1].upper()}{level[1:]} {name}" if level else None


def _tail(folded: str, pos: int, hit: _Hit, allowed: tuple[str, ...], quiet: tuple[str, ...] = ()) -> int:
    """Read what follows a mention and belongs to it (date, issuer, term...); return the mention's end.

    Tails named in `quiet` are read but stay out of the mention unless a tail that is part of it
    follows: a year ('Quy định số 47-QĐ/TW năm 2011' may as well be 'carried out in 2011') and a
    plenum phrase ('Nghị quyết số 19-NQ/TW Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII':
    it names the meeting, and is often shared by several documents), after which nothing is part
    of the mention.
    """
    p, lex, first, used = _lex().patterns, _lex(), pos, set()
    end, closed = pos, False
    while True:
        for name in allowed:
            if name in used or (name == "t_year" and pos != first and used != {"t_amended"}):
                continue
            m = p[name].match(folded, pos)
            if not m:
                continue
            stop = m.end()
            if name == "t_session":
                hit.session = f"lần {m.group('s') or m.group('s2')}"
            elif name == "t_term":
                term = _term(m.group("t") or m.group("t2"))
                if not term:
                    continue
                hit.term = term
            elif name == "t_date":
                hit.date = _date(m)
                if not hit.date:
                    continue
            elif name == "t_year":
                hit.stated_year = m.group("y")
            elif name == "t_plenum":
                hit.plenum = _ordinal(m.group("n") or m.group("n2") or m.group("n3"))
                hit.session = f"lần {m.group('s')}" if m.group("s") else hit.session
                hit.body = hit.body or lex.by_name[fold("ban chấp hành trung ương")]
            elif name == "t_body":
                hit.body = lex.by_name[re.sub(r"\s+", " ", m.group("b").lower())]
                if m.group("b2"):
                    second = lex.by_name[re.sub(r"\s+", " ", m.group("b2").lower())]
                    hit.issuer_text = f"{hit.body.body}, {second.body}"
                elif hit.body.scope != "central" and not _heading(m.group("b")):
                    stop, hit.place = _place(folded, stop, hit.body)
            elif name == "t_amended":
                hit.amended = True
            elif name == "t_lawcode":
                hit.number, hit.year = int(m.group("ln")), m.group("ly")
                hit.icode, hit.system = _upper(m.group("li")), "law"
            used.add(name)
            pos = stop
            closed = closed or name == "t_plenum"
            if not closed and name not in quiet:
                end = pos
            break
        else:
            if "t_body" in allowed and "t_body" not in used and hit.body is None and not closed:
                named = ORG_AFTER_CUA.match(folded, pos)  # 'của Tổng cục Hải quan': a body no table lists
                if named:
                    hit.body = Issuer("", " ".join(named.group("o").split()), "central", "state")
                    return named.end()
            return end


CODE_TAIL = ("t_year", "t_date", "t_body", "t_term", "t_plenum")
CODE_QUIET = ("t_year",)
PLENUM_TAIL = ("t_alias", "t_session", "t_term", "t_date", "t_body")
LAW_TAIL = ("t_amended", "t_lawcode", "t_date", "t_year", "t_body")


# 'của <Name>': words with capitals ('Tổng cục Hải quan', 'Sở Nội vụ'), a lower-case syllable
# only right after a capitalised one; read when no known body follows a symbol.
_UP = "A-ZĐ" + "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ".upper()
_CAP = rf"(?-i:[{_UP}])[^\W\d_]*"
_LOW = rf"(?-i:[^\W\d_{_UP}])[^\W\d_]*"
ORG_AFTER_CUA = re.compile(rf"{SP}+của{SP}+(?P<o>{_CAP}(?:{SP}+{_LOW})?(?:{SP}+{_CAP}(?:{SP}+{_LOW})?){{0,5}})")


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
    _share(folded, kept)
    _share_body(folded, kept)
    return kept


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
    lex, p = _lex(), _lex().patterns
    if doc_type.name in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
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
    qualified = p["qualified_so"].match(folded, end)
    if qualified and p["type"].search(folded, end, qualified.end()):
        qualified = None  # 'quy định tại Chỉ thị số 45-CT/TW' is the Chỉ thị's
    for so in (p["so"].match(folded, end), qualified):
        m = so and p["code"].match(folded, so.end())
        if m:
            hit = _code_hit(m, start, typed)
            hit.end = _tail(folded, hit.end, hit, CODE_TAIL, CODE_QUIET)
            return [hit]
    so = p["so"].match(folded, end)
    m = so and ANY_CODE.match(folded, so.end())
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


def _law(folded: str, start: int, end: int, doc_type: DocType) -> _Hit | None:
    """'Luật Ngân sách Nhà nước ngày 16 tháng 12 năm 2002', 'Hiến pháp năm 2013', 'Bộ luật Hình sự'.

    A law is named by a known name (law_names.txt) or by any capitalised name a year follows.
    """
    p = _lex().patterns
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
    m = generic or known
    if not m or (not capital and p["not_law"].search(folded, max(0, start - 8), start)):
        return None
    name = re.sub(r"\s+", " ", m.group("name")).strip(" ,")
    name = _lex().law_names.get(name.lower(), name)
    hit = _Hit(start, m.end(), "law", type=doc_type.name, typed=True, name=name)
    if name.lower().endswith(" sửa đổi"):
        hit.name, hit.amended = name[: -len(" sửa đổi")], True
    hit.end = _tail(folded, hit.end, hit, LAW_TAIL)
    if hit.system == "law" and hit.year and not hit.stated_year:
        hit.stated_year = hit.year
    return hit


# ---------------------------------------------------------------------------------------------
# Resolving


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


def _term_of(date: str) -> str | None:
    """The Central Committee term a date falls in."""
    term = None
    for start, roman in _lex().terms:
        if date >= start:
            term = roman
    return term


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


def _law_name(hit: _Hit) -> tuple[str | None, str]:
    return hit.type, (hit.name or "").lower()


def _symbol(hit: _Hit) -> str:
    return _symbol_key(hit.number, hit.system, hit.tcode, hit.icode, hit.year)


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
            add(f"named:{hit.name}", hit)
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
    return list(merged.values())


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
        ref.canonical, ref.issuer = head.name, head.issuer_text
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
    """Who issued a local congress resolution: 'Đại hội Đảng bộ Quân sự tỉnh'; when no Đảng bộ is
    named, the report's own: 'Đại hội Đảng bộ quận' in a report on 'quận Hải Châu'."""
    body = re.sub(r"(?i)^đại hội(\s+đại biểu)?\s*", "", _unshout(hit.name.strip()) or "")
    if body.lower() in ("", "đảng bộ"):
        spot = fold(place or "").lower()
        level = next((lv for lv in sorted(_lex().levels, key=len, reverse=True)
                      if spot == lv or spot.startswith(lv + " ")), None)
        if level is None and province and not place:
            level = "thành phố" if province in _lex().cities else "tỉnh"
        body = f"đảng bộ {level}" if level else "đảng bộ"
    return "Đại hội " + re.sub(r"(?i)^đảng bộ", "Đảng bộ", body)


def _congress_key(hit: _Hit, province: str | None, place: str | None) -> str:
    if hit.national:
        return f"NQĐH/{hit.term}"
    body = re.sub(r"^đại hội(\s+đại biểu)?\s*", "", hit.name.lower()) or "đảng bộ"
    scope = "province" if re.search(r"(^|\s)(tỉnh|thành phố|tp\.?)(\s|$)", body) else "district"
    return f"NQĐH/{hit.term}/{body}{_scope_suffix(scope, None, province, place)}"


# ---------------------------------------------------------------------------------------------
# Public API


def find_references(text: str, province: str | None = None, place: str | None = None) -> list[Reference]:
    """All references in `text`, resolved: one Reference per distinct referenced document.

    Every mention is listed (Mention text/start/end are offsets into `text`, and
    text[start:end] == mention.text); references come in order of first mention.

    `province` (and `place`, the district or ward the report is about) disambiguate local
    symbols: Nghị quyết 15-NQ/TU of two provinces' committees are two documents, so keys of
    local documents carry '@<province>' (docs/references.md).

    Short forms resolve as in eyecite: 'Nghị quyết 15' or 'Nghị quyết số 15 của Thành ủy' joins
    the full form ('15-NQ/TU') of the same type and number whose issuer agrees. When several full
    forms qualify the nearest preceding one wins, and when none precedes, the nearest following
    one (reports sometimes use the short form first, in a heading). A plenum resolution without
    its term ('NQTW4') takes the term of another mention of the same plenum, else of the only
    term the gazetteer knows for it ('NQTW6 (lần 2)' is khóa VIII), else the term the report
    speaks of nearest to it (marked in extra['inferred']).
    """
    if not isinstance(text, str):
        raise ReferenceInputError(f"text must be a str, not {type(text).__name__}")
    folded = fold(text)
    if len(folded) != len(text):
        raise ReferenceInputError("text is not NFC-normalised; offsets would not match (run the clean stage)")
    refs = _resolve(_find(folded), _province(province), place.strip() if place and place.strip() else None)
    for ref in refs:
        for mention in ref.mentions:
            mention.text = text[mention.start:mention.end]
    return refs
