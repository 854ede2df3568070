"""The data references are read with: document types and their symbol codes, issuing bodies,
the gazetteer of central documents, word lists (pipeline/data/reference_*.tsv, central_documents.tsv,
issuers.tsv, law_names.txt), and the regular expressions compiled from them once (`_lex()`),
each with the form it reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline import resources
from pipeline.dates import ROMANS, day, month
from pipeline.dates import roman as _roman
from pipeline.fold import LOWER, UPPER, fold, fold_all
from pipeline.gazetteer import gazetteer

SP = r"[^\S\n]"  # horizontal white space, no-break space included
CAPITAL = rf"(?-i:[{UPPER}])"


DASH = r"[-–—]"  # hyphen, en and em dash: '94 – QĐ/TU'


ROMAN = r"(?-i:[IVXL]{1,6})"


YEAR = r"(?:19|20)\d\d"


TW = rf"(?:trung{SP}+ương|T\.?{SP}?[WƯ])"  # 'Trung ương', 'TW', 'TƯ', 'T.Ư'


BCH = rf"(?:ban{SP}+chấp{SP}+hành|BCH){SP}*{TW}(?:{SP}+đảng)?"


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
    return [{k: (v or "").strip() for k, v in row.items()} for row in resources.table(name)]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip() and v.strip() != "-")


def _alt(words) -> str:
    """A regex alternation of words, longest first, any run of spaces between their parts."""
    parts = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    return "|".join(f"{SP}+".join(re.escape(tok) for tok in p.split()) for p in parts)


def _first_letters(words) -> str:
    """A lookahead for the first letters of `words` (either case), to put before their alternation:
    re then passes most positions on one test of a character instead of trying every word."""
    letters = "".join(sorted({c for w in words if w for c in (w[0].lower(), w[0].upper())}))
    return f"(?=[{letters}])"


def _upper(code: str) -> str:
    """Symbol letters in one spelling: upper case, no dots or spaces, 'TƯ' as 'TW'."""
    return re.sub(r"[\s.]", "", fold(code)).upper().replace("Ư", "W")


def _spell(code: str) -> str:
    """An issuer code in its usual spelling: 'T.Ư' -> 'TW', 'ttg' -> 'TTg', 'BTCTW-BTGTW' kept."""
    return "-".join(_lex().spelling.get(part, part) for part in re.split("[-–—]", _upper(code)))




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

    def body(self, written: str) -> Issuer:
        """The issuing body a matched name stands for, however its spaces and case were written."""
        return self.by_name[re.sub(r"\s+", " ", written.lower())]


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

    words = {"ordinal": {}, "unit": [], "not_unit": [], "boundary": [], "congress": [], "term": [], "law_next": [],
             "not_law": [], "discipline": [], "level": {}}
    for row in _rows("reference_words.tsv"):
        if row["kind"] == "ordinal":
            words["ordinal"][fold(row["word"]).lower()] = int(row["value"])
        elif row["kind"] == "term":
            words["term"].append((row["value"], row["word"]))
        elif row["kind"] == "level":
            words["level"][fold(row["word"]).lower()] = fold(row["value"]).lower()
        else:
            words[row["kind"]].append(row["word"])

    gaz = gazetteer()  # the one gazetteer of administrative units (pipeline/metadata.py)
    cities = frozenset(_province_key(u.name) for u in gaz.provinces.values() if u.type == "Thành phố")
    provinces = frozenset(_province_key(u.name) for u in gaz.provinces.values())
    unit_names = frozenset(n.lower() for n in fold_all(u.name.strip() for u in gaz.units)) | {p.lower() for p in provinces}
    aliases = {fold(a.strip()).lower(): p.strip() for a, p in zip(gaz.aliases_written, gaz.alias_provinces)}

    law_names = {}
    for line in resources.lines("law_names.txt"):
        names = _split(line)
        law_names.update({fold(n).lower(): fold(names[0]) for n in names})
    named = {}
    for row in _rows("named_documents.tsv"):
        before, after = _split(row["not_before"]), _split(row["not_after"])
        doc = Named(row["type"], fold(row["canonical"]), fold(row["issuer"]) or None,
                    re.compile(rf"(?<!\w)(?:{_alt(before)}){SP}+$", re.IGNORECASE) if before else None,
                    re.compile(rf"{SP}+(?:{_alt(after)})", re.IGNORECASE) if after else None)
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
    # a Party symbol may be typed with a slash for its dash ('221/KL/TW')
    code = (rf"{lead}(?:(?P<pn>\d{{1,5}}){SP}*(?:{DASH}|/){SP}*(?P<pt>{party_codes}){SP}*/{SP}*(?P<pi>{party_issuer})"
            rf"|{law_code}"
            # '1301QĐ-CTN': a state symbol typed without its slash
            rf"|(?P<sn>\d{{1,5}})(?:{SP}*/{SP}*(?:(?P<sy>{YEAR}){SP}*/{SP}*)?|(?-i:(?=[A-ZĐ])))(?P<st>{state_codes})"
            rf"{SP}*{DASH}{SP}*(?P<si>{state_issuer}))(?!\w)")
    type_words = _alt(w for t in lex.types.values() for w in t.words)
    initials = _first_letters(w for t in lex.types.values() for w in t.words)
    bodies = _alt(lex.by_name)
    central_bodies = _alt(n for n, b in lex.by_name.items() if b.scope == "central" and b.system == "party")
    units = [u for u in words["unit"] if fold(u).lower() != "năm"]
    date = (rf"(?:{day()}{SP}*[/.-]{SP}*{month()}{SP}*[/.-]{SP}*(?P<y>{YEAR})"
            rf"|{day('d2')}{SP}+tháng{SP}+{month('m2')}{SP}+năm{SP}+(?P<y2>{YEAR}))(?!\d)")
    congress_words = _alt(words["congress"])
    law_names = _alt(lex.law_names)
    year = rf"{YEAR}(?!\d)"
    amended = rf"sửa{SP}+đổi(?:,?{SP}*bổ{SP}+sung)?"
    not_preposition = r"(?!(?:tại|của|theo|và|về|trong|với|ngày|số)(?!\w))"
    law_stop = rf"(?!{SP}(?:{_alt(words['law_next'])})(?!\w))"  # words no law name holds
    qualifiers = rf"(?:{SP}+{not_preposition}(?-i:[^\W\d_A-ZĐ])[^\W\d_]*|{SP}*\([^()\n]{{1,20}}\)){{1,3}}?"
    central_plenum = rf"{TW}(?:{SP}+đảng)?{SP}*{plenum_no}"  # 'Trung ương 4', 'Trung ương Đảng lần thứ tư'
    country = (rf"(?:của{SP}+)?(?:nước{SP}+)?(?:(?:Cộng{SP}+hòa{SP}+xã{SP}+hội{SP}+chủ{SP}+nghĩa|CHXHCN){SP}+)?"
               rf"Việt{SP}+Nam(?:{SP}+Dân{SP}+chủ{SP}+Cộng{SP}+hòa)?")  # 'của nước Cộng hòa xã hội chủ nghĩa Việt Nam'

    def plenum_round(group: str) -> str:
        """'lần thứ bảy (lần 2) của Ban Chấp hành Trung ương': its ordinal in the named group."""
        return (rf"lần{SP}+thứ{SP}+(?P<{group}>\d{{1,2}}|{ordinal})(?:{SP}*\({SP}*lần{SP}*(?P<s>\d){SP}*\))?"
                rf"{SP}*,?{SP}+(?:của{SP}+)?{BCH}")  # 'lần thứ 5, Ban Chấp hành T.Ư'

    raw = {
        "type": (rf"{initials}(?<!\w)(?:{type_words})(?!\w)", i),
        "abbr": (rf"(?:NQ|CT|QĐ|KL|KH|CTr|HD|TB|NĐ)(?={SP}+số(?!\w))", 0),
        "code": (code, i),
        "nqtw": (rf"(?P<k>NQ|KL){SP}*T\.?{SP}?[WƯ]{SP}*(?P<n>\d{{1,2}})(?![\w/])", 0),
        "so": (rf"{SP}+(?:số(?=[\s:\d]){SP}*:?{SP}*)?", i),
        # 'Nghị quyết chuyên đề số 05-NQ/QU', 'Hướng dẫn (tạm thời) số 31': a few lower-case words
        # or a bracketed word between type word and 'số'
        "qualified_so": (rf"{qualifiers}{SP}+số(?=[\s:\d]){SP}*:?{SP}*", i),
        # before a whole symbol 'số' may be left out: 'Hướng dẫn tạm thời 7879/SYT-QLBHYTCNTT'
        "qualified_code": (rf"{qualifiers}{SP}+(?=\d)", i),
        "number": (rf"(?P<n>\d{{1,4}})(?!\w)(?![.,]\d)(?!{SP}*[-/])", i),
        "list": (rf"(?:{SP}*,{SP}*(?:(?:và|hoặc){SP}+)?|{SP}+(?:và|hoặc){SP}+)(?:số{SP}*)?"
                 rf"(?P<n>\d{{1,4}})(?!\w)(?![.,]\d)(?!{SP}*[-/])", i),
        # a counted unit ('Báo cáo 6 tháng'), but not the date of the document ('số 01 ngày 9/3/2021')
        # in lower case: a capital opens a name ('Nghị quyết số 25 Hội nghị Trung ương 7'); not an idiom
        # that opens with a unit word ('Nghị quyết 42 bước đầu đã ...')
        "unit": (rf"(?!{SP}*ngày{SP}+\d{{1,2}}(?:{SP}*[/.-]|{SP}+tháng))(?!{SP}*(?:{_alt(words['not_unit'])})(?!\w))"
                 rf"{SP}*(?=(?-i:[{LOWER}]))(?:năm(?!{SP}+{year})|{_alt(units)})(?!\w)", i),
        "boundary": (rf"{SP}*(?:[,.;:!?…)\]”\"'’\n]|$)|{SP}+(?:{_alt(words['boundary'])})(?!\w)", i),
        "plenum": (rf"{SP}+(?:của{SP}+)?(?:hội{SP}+nghị{SP}+)?(?:ban{SP}+chấp{SP}+hành{SP}+|BCH{SP}*)?"
                   rf"{central_plenum}(?!\w)", i),
        "plenum_long": (rf"{SP}+(?:của{SP}+)?hội{SP}+nghị{SP}+{plenum_round('n')}(?!\w)", i),
        "congress": (rf"{SP}+(?:của{SP}+)?(?P<body>đại{SP}+hội(?:{SP}+(?:{congress_words}"
                     rf"|(?-i:[A-ZĐ][^\W\d_]*)|\d{{1,3}})(?!\w)){{0,8}}?){SP}+"
                     rf"(?:lần{SP}+thứ{SP}+(?P<n>{ROMAN}|\d{{1,2}})|(?P<n2>{ROMAN}"
                     # 'Đại hội 14 của Đảng': an Arabic numeral right after, where a sentence goes on
                     rf"|\d{{1,2}}(?={SP}+(?:của{SP}+Đảng|đã|đề ra|và|về)(?!\w)|{SP}*[,.;:)]|{SP}*$)))(?!\w)", i),
        "of_party": (rf"{SP}+của{SP}+đảng(?!{SP}+bộ)(?!\w)", i),
        "period": (rf"{SP}*,?{SP}*(?:\(|nhiệm{SP}+kỳ{SP}+)\(?{SP}*(?P<a>{year}){SP}*{DASH}{SP}*"
                   rf"(?P<b>{year})(?:{SP}*\))?", i),
        "law_known": (rf"{SP}+(?P<name>{law_names})(?!\w)", i),
        # A law's title without a year: 'Luật Cơ yếu', 'Luật Bảo vệ dữ liệu cá nhân' (up to 8 words,
        # never over a comma, a number, a word no law name holds or another 'Luật'); a word, not an
        # abbreviation, opens it ('Pháp Luật TP.HCM' is a newspaper)
        "law_titled": (rf"{SP}+(?P<name>{CAPITAL}(?-i:[{LOWER}])[^\W\d_]*"
                       rf"(?:{law_stop}(?!{SP}+luật(?!\w)){SP}+[^\W\d_]+){{0,7}})(?!\w)(?!{SP}*\d)", i),
        "not_law": (rf"(?:^|\W)(?:{_alt(words['not_law'])}){SP}+$", i),
        "discipline": (rf"(?:^|\W)(?:{_alt(words['discipline'])}){SP}+$", i),
        # Any capitalised name, if a year (or a QH symbol, or a date) follows it.
        "law_generic": (rf"{SP}+(?P<name>(?-i:[A-ZĐ])(?:{law_stop}[^\n.;:()“”\"\d]){{1,80}}?)"
                        rf"(?=(?:{SP}*\(?{SP}*{amended}{SP}*\)?)?{SP}*,?{SP}*(?:số{SP}+\d{{1,4}}/{YEAR}/QH\d"
                        rf"|ngày{SP}+\d{{1,2}}{SP}*(?:[/.-]|{SP}tháng)|năm{SP}+{year}|{year}))", i),
        # the country before or after the year: 'Hiến pháp Việt Nam năm 2013', 'Hiến pháp 1980 của nước
        # Cộng hòa xã hội chủ nghĩa Việt Nam'
        "constitution": (rf"{SP}+(?:{country}{SP}+)?(?:năm{SP}+)?(?P<y>{year})(?:{SP}+{country}(?!\w))?", i),
        # Tails: what may follow a mention and still belong to it.
        "t_alias": (rf"{SP}*\({SP}*(?:NQ|KL){SP}*T\.?{SP}?[WƯ]{SP}*\d{{1,2}}{SP}*\)", i),
        "t_session": (rf"{SP}*(?:\({SP}*lần{SP}*(?:thứ{SP}*)?(?P<s>\d){SP}*\)"
                      rf"|,?{SP}*lần{SP}+(?P<s2>\d)(?!\w))", i),
        "t_term": (rf"{SP}*(?:\({SP}*khóa{SP}*(?P<t>{ROMAN}|\d{{1,2}}){SP}*\)"
                   rf"|,?{SP}*khóa{SP}+(?P<t2>{ROMAN}|\d{{1,2}})(?!\w))", i),
        # 'ngày 5/3/2021', or a date in brackets with or without it: 'Quyết định 25/TTg (19-1-1993)'
        "t_date": (rf"{SP}*,?{SP}*(?P<open>\()?{SP}*(?(open)(?:ngày{SP}+)?|ngày{SP}+){date}(?(open){SP}*\))", i),
        "t_year": (rf"{SP}+(?:năm{SP}+)?(?P<y>{year})(?![/\w])", i),
        "t_plenum": (rf"{SP}*,?{SP}*(?:(?:của|tại){SP}+)?hội{SP}+nghị{SP}+"
                     rf"(?:{central_plenum}|{plenum_round('n3')})(?!\w)", i),
        "t_body": (rf"{SP}+của{SP}+(?P<b>{bodies})(?!\w)"
                   rf"(?:(?:{SP}*,{SP}*|{SP}+và{SP}+)(?P<b2>{central_bodies})(?!\w))?", i),
        # The subject that issues a document: 'Ban Chấp hành Trung ương (đã) ban hành Quy định ...',
        # 'Quốc hội thông qua Nghị quyết ...', 'Bộ Quốc phòng ra Quyết định ...'.
        "issued_by": (rf"(?<!\w)(?P<b>{bodies})(?:{SP}+(?:{_alt(lex.levels)})(?!\w))?"
                      # the Party's name and the term after a central body: 'Ban Bí thư Trung ương Đảng khóa IX'
                      rf"(?:{SP}+(?:Trung{SP}+ương|Đảng|Cộng{SP}+sản|Việt{SP}+Nam)(?!\w))*"
                      rf"(?:{SP}*\(?{SP}*khóa{SP}+{ROMAN}{SP}*\)?)?{SP}+"
                      rf"(?:(?:đã|vừa|mới|chính{SP}+thức|ký){SP}+)*"
                      rf"(?:ban{SP}+hành|thông{SP}+qua|ra|có|ký){SP}+$", i),
        # The day a clause gives after the mention: '... do Bộ Chính trị ban hành ngày 19 tháng 9 năm
        # 2011', '... được Quốc hội khóa XIV thông qua ngày 30/3/2021', '... kí ngày 14/8/2012'.
        "issued_after": (rf"(?:{SP}*,)?(?:{SP}+(?:do|được|đã))?(?:{SP}+(?P<b>{bodies})(?!\w))?"
                         rf"(?:{SP}+[^\s.;:!?()“”\"]+){{0,8}}?{SP}+(?:ban{SP}+hành|thông{SP}+qua|ký|kí)"
                         rf"{SP}+(?:vào{SP}+)?ngày{SP}+{date}", i),
        # The day a sentence opens with, before the body that issues a document: 'Ngày 26/7/2025,
        # Ban Tổ chức Trung ương ban hành Công văn 9130-CV/BTCTW' (see issued_by).
        "issued_on": (rf"(?<!\w)(?:(?:ngày|sáng|trưa|chiều|tối){SP}+)?{date}{SP}*,{SP}*$", i),
        "t_amended": (rf"{SP}*(?:\({SP}*{amended}{SP}*\)|sửa{SP}+đổi(?=,?{SP}+(?:năm{SP}+)?{year}))", i),
        "t_lawcode": (rf"{SP}*,?{SP}*(?:số{SP}*)?{law_code}(?!\w)", i),
        # A place right after a local body: 'Quận ủy Bình Thạnh', 'Ủy ban nhân dân quận 3'.
        "place_level": (rf"{SP}+(?P<level>{_alt(lex.levels)})(?!\w)", i),
        "place_word": (rf"{SP}+(?P<w>[^\W\d_]+)(?!\w)", 0),
        "place_number": (rf"{SP}+(?P<n>\d{{1,3}})(?!\w)", 0),
        # Documents cited by name; items of a list ('Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW').
        "named": (rf"{_first_letters(map(fold, lex.named))}(?<!\w)(?:{_alt(lex.named)})(?!\w)", i),
        "coordinated": (rf"{SP}*(?:,{SP}*(?:và{SP}+)?|và{SP}+)", i),
        "list_gap": (rf"{SP}*(?:,{SP}*(?:(?:và|hoặc){SP}+)?|(?:và|hoặc){SP}+)", i),
    }
    return {name: re.compile(pattern, flags) for name, (pattern, flags) in raw.items()}
