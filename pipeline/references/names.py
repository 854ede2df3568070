"""Documents cited by name, without a number: the structure, not a list of names.

    Đề án “Chi bộ kiểu mẫu”                       a type word and a quoted title
    Nghị quyết của Đảng ủy Quân khu 3 về ...       a type word, maybe its issuer, 'về' and a subject
    Quy định về những điều đảng viên không được làm
    Đề án tổ chức lại hệ thống thanh tra           a project-like type and the noun phrase naming it
    Quyết định kiện toàn Ban Chỉ đạo ...          a decision and what it does
    Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2025 của Chính phủ
    Tuyên ngôn Độc lập, Hiệp định Paris            a type word and the capitalised words naming it
    Văn kiện Đại hội XIII, Di chúc của Chủ tịch Hồ Chí Minh

Later short mentions ('Đề án', 'Di chúc', 'Nghị quyết này') join the document when it is the only
one of its type cited by name in the text (eyecite's short-form resolution); otherwise they stay
unresolved. The words are in data/reference_names.json. Everything is matched on fold(text),
so offsets are the text's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import resources
from pipeline.dates import roman
from pipeline.fold import UPPER, fold

SP = r"[^\S\n]"
_CAP = rf"(?-i:[{UPPER}])[^\W\d_]*"
_LOW = rf"(?-i:[^\W\d_{UPPER}])[^\W\d_]*"
# 'của <Name>': words with capitals ('Tổng cục Hải quan', 'Sở Nội vụ'), a lower-case syllable only
# right after a capitalised one, and the level a body ends on ('Công an tỉnh', 'VKSND tối cao');
# read when no known body follows a document's symbol or title.
_LEVEL = rf"{SP}+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|tối cao|trung ương)(?!\w)"
_TAIL = rf"(?:{_LEVEL}|{SP}+(?!(?:về|và|tại|ngày)(?!\w)){_LOW})?"  # 'của Cục Hải quan TP Hồ Chí Minh | về việc'
ORG_AFTER_CUA = re.compile(rf"{SP}+của{SP}+(?P<o>{_CAP}{_TAIL}(?:{SP}+{_CAP}{_TAIL}){{0,5}}(?:{_LEVEL})?)")


@dataclass
class NamedHit:
    start: int
    end: int
    type: str
    name: str  # the key: the type's own words after it, lower case, as far as the name goes
    issuer: str | None = None
    about: bool = False  # named by its subject ('về ...'): perhaps a numbered document's short form


def _alt(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    words = resources.data("reference_names.json")
    types = {t: words["types"][t] for t in words["types"]}
    all_types = _alt([w for ws in types.values() for w in ws])
    nouns = _alt(_type_words(words["noun_named"], types))
    propers = _alt(_type_words(words["proper_named"], types))
    periodic = _alt(_type_words(words["noun_named_with_period"], types))
    this = "này|nói trên"  # 'Nghị quyết này', 'Quyết định nói trên': the document just named
    # a name ends at a stop word, at another type word, or at 'được' unless 'không được' ('những điều
    # đảng viên không được làm')
    # 'sự lãnh đạo của Đảng đối với công tác ...' goes on: that 'của' and that 'với' end no name
    stops = [w for w in words["name_stops"] if w not in ("của", "với")]
    stop = (_alt(stops) + rf"|của(?!{SP}+Đảng{SP}+đối{SP}+với)|(?<!đối{SP})với|" + all_types
            + rf"|(?<!không{SP})được")
    word = r"[^\s,.;:!?()“”\"]+"
    tail = rf"(?:{SP}+(?!(?:{stop}|và)(?!\w)){_LOW})?"  # 'Độc lập', not 'Paris được'
    # a name never ends on a connective ('thanh tra và | Chương trình ...')
    # 'phòng, chống tham nhũng', 'sắp xếp, tổ chức lại': the comma of a fixed pair a name holds
    pair = rf",{SP}+(?:{_alt(words['comma_words'])})(?!\w)"
    name = (rf"(?P<name>{word}(?:{SP}+(?!(?:{stop})(?!\w)){word}|{SP}*[-–]{SP}*\d{{4}}|{pair}){{0,24}}?)"
            rf"(?=(?:{SP}+(?:và|hoặc|cùng))*(?:{SP}+(?:{stop})(?!\w)|{SP}*(?!{pair})[,.;:!?()“”\"]|{SP}*$))")
    body = rf"(?:{SP}+của{SP}+(?P<body>(?-i:[{UPPER}])[^\s,.;:]*(?:{SP}+(?!về(?!\w))[^\s,.;:]+){{0,7}}?))?"
    return {
        "type": re.compile(rf"(?<!\w)(?P<type>{all_types})(?!\w)", re.IGNORECASE),
        "document": re.compile(rf"(?:{all_types}|hiến{SP}+pháp|luật)(?!\w)", re.IGNORECASE),
        "quoted": re.compile(rf"{SP}*(?:số{SP}+)?[“\"](?P<name>[^”\"\n]{{3,200}})[”\"]", re.IGNORECASE),
        "about": re.compile(rf"{body}{SP}+về{SP}+(?:việc{SP}+)?{name}", re.IGNORECASE),
        "noun": re.compile(rf"{SP}+(?!(?:{stop}|{_alt(words['not_first'])})(?!\w)){name}", re.IGNORECASE),
        "nouns": re.compile(rf"^(?:{nouns})$", re.IGNORECASE),
        "propers": re.compile(rf"^(?:{propers})$", re.IGNORECASE),
        "events": re.compile(rf"^(?:{_alt(words['quoted_events'])})$", re.IGNORECASE),
        # 'Độc lập', 'Nhân quyền và Dân quyền', 'Paris', maybe 'năm 1776': capitalised words, each
        # maybe with one lower-case syllable after it, as ORG_AFTER_CUA reads a body's name
        "proper": re.compile(rf"{SP}+(?P<name>{_CAP}{tail}(?:{SP}+(?:và{SP}+)?(?!(?:{all_types})(?!\w)){_CAP}{tail})*"
                             rf"(?:{SP}+(?:năm{SP}+)?\d{{4}})?)(?!\w)", re.IGNORECASE),
        "not_first": re.compile(rf"(?:{_alt(words['proper_not_first'])})(?!\w)", re.IGNORECASE),
        "periodic": re.compile(rf"^(?:{periodic})$", re.IGNORECASE),
        "actioned": re.compile(rf"^(?:{_alt([w for t in words['action_named']['types'] for w in types[t]])})$",
                               re.IGNORECASE),
        "acts": re.compile(rf"(?:{_alt(words['action_named']['verbs'])})(?!\w)", re.IGNORECASE),
        "period": re.compile(r"(?:giai đoạn|đến năm|tầm nhìn|năm)\s+\d{4}|\d{4}\s*[-–]\s*\d{4}|mục tiêu quốc gia", re.IGNORECASE),
        "generic": re.compile(rf"(?<!\w)(?:{_alt(words['generic_before'])}){SP}*$", re.IGNORECASE),
        "fixed": re.compile(rf"(?<!\w)(?:{'|'.join(words['fixed'])})", re.IGNORECASE),
        "short": re.compile(rf"(?<!\w)(?P<type>{all_types}|di{SP}+chúc)(?:{SP}+(?:{this}))?(?!\w|{SP}*[“\"]|{SP}+(?:số|\d))",
                            re.IGNORECASE),
        "this": re.compile(rf"{SP}+(?:{this})(?!\w)", re.IGNORECASE),
        "pointed": re.compile(rf"(?<!\w)(?P<type>{all_types}){SP}+(?:{this}|trên(?!{SP}+(?:{_alt(words['not_after_above'])})))"
                              rf"(?!\w)", re.IGNORECASE),
        "own_type": re.compile(rf"(?<!\w)(?P<type>{all_types})(?!\w)", re.IGNORECASE),
    }


def pointed(folded: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """'Nghị quyết này', 'Quyết định nói trên' outside `taken`: (start, end, type), to join the
    latest document of that type cited before them. Not in a document of that type (its type in
    capitals: 'NGHỊ QUYẾT', 'QUY ĐỊNH'), where 'Nghị quyết này' is the document itself."""
    p = _patterns()
    found = [m for m in p["pointed"].finditer(folded) if not any(a < m.end() and m.start() < b for a, b in taken)]
    own = {_canon(m.group("type")) for m in p["own_type"].finditer(folded) if m.group("type").isupper()} if found else ()
    return [(m.start(), m.end(), doc_type) for m in found if (doc_type := _canon(m.group("type"))) not in own]


def _type_words(entries: list[str], types: dict[str, list[str]]) -> list[str]:
    """The words of each entry: a canonical type stands for all its words, anything else is a word."""
    return [w for e in entries for w in types.get(e, [e])]


def _word(type_words: str) -> str:
    """A type word as the data writes it: lower case, one space ('Di  chúc' -> 'di chúc')."""
    return " ".join(type_words.lower().split())


def _canon(type_words: str) -> str:
    low = _word(type_words)
    if low == "di chúc":
        return "Di chúc/other"
    return _canonical_types()[low]


@cache
def _canonical_types() -> dict[str, str]:
    """Each type word of data/reference_names.json (lower case) -> its type, the first that lists
    it; read once, not at every mention."""
    types: dict[str, str] = {}
    for canonical, words in resources.data("reference_names.json")["types"].items():
        for word in words:
            types.setdefault(word.lower(), canonical)
    return types


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split()[:12])


def find_named(folded: str, taken: list[tuple[int, int]]) -> list[NamedHit]:
    """Documents cited by name in `folded`, outside the spans already `taken` by other hits."""
    p = _patterns()
    hits: list[NamedHit] = []

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken) and not any(
            h.start < end and start < h.end for h in hits)

    for m in p["fixed"].finditer(folded):
        if free(m.start(), m.end()):
            if m.group("vk"):
                n = m.group("n")  # 'Văn kiện Đại hội 14' is the Văn kiện Đại hội XIV
                hits.append(NamedHit(m.start(), m.end(), "Di chúc/other", f"văn kiện đại hội {roman(int(n)) if n.isdigit() else n}"))
            elif m.group("dc") and not any(h.name == "di chúc hồ chí minh" for h in hits):  # later ones are short
                hits.append(NamedHit(m.start(), m.end(), "Di chúc/other", "di chúc hồ chí minh"))
            elif m.group("dh"):
                hits.append(NamedHit(m.start(), m.end(), "Nghị quyết", _key(m.group("dh"))[len("nghị quyết "):]))
    for m in p["type"].finditer(folded):
        start, end = m.start(), m.end()
        if not free(start, end) or p["generic"].search(folded, max(0, start - 20), start):
            continue
        doc_type = _canon(m.group("type"))
        # a type outside the guide's list keeps its word in the key: 'tuyên ngôn độc lập'
        own = _word(m.group("type")) + " " if doc_type == "Di chúc/other" else ""
        capital = folded[start].isupper()
        q = p["quoted"].match(folded, end)
        if q and not capital and p["events"].match(m.group("type")) and not ORG_AFTER_CUA.match(folded, q.end()):
            continue  # 'chương trình “Ánh sao người lính”': a campaign or a show
        if q:  # 'Kế hoạch “Công an xã vì bình yên thôn xóm” của Công an tỉnh': its issuer too
            hits.append(_with_issuer(folded, start, q.end(), doc_type, own + q.group("name")))
            continue
        r = p["proper"].match(folded, end) if capital and p["propers"].match(m.group("type")) else None
        if r and not p["not_first"].match(r.group("name")):  # 'Tuyên ngôn Độc lập năm 1776 của Mỹ'
            hits.append(_with_issuer(folded, start, r.end("name"), doc_type, own + r.group("name")))
            continue
        a = p["about"].match(folded, end)
        if not capital and not (a and a.group("body") and p["nouns"].match(m.group("type"))):
            continue  # a project in lower case, with its issuer and subject: 'đề án của Chính phủ về ...'
        if a and len(a.group("name").split()) >= 2:
            hits.append(NamedHit(start, a.end("name"), doc_type, _key(own + a.group("name")),
                                 a.group("body") and " ".join(a.group("body").split()), about=True))
            continue
        n = p["noun"].match(folded, end)
        if n and not (p["nouns"].match(m.group("type"))
                      or (p["periodic"].match(m.group("type")) and p["period"].search(n.group("name")))
                      or (p["actioned"].match(m.group("type")) and p["acts"].match(n.group("name")))):
            n = None
        if n and not n.group("name")[:1].isdigit():  # 'Chương trình tổng thể ... của Chính phủ'
            hits.append(_with_issuer(folded, start, n.end("name"), doc_type, own + n.group("name")))
    hits.sort(key=lambda h: h.start)
    return hits + _short_forms(folded, hits, taken)


def _with_issuer(folded: str, start: int, end: int, doc_type: str, name: str) -> NamedHit:
    """A document named at start..end, with the 'của <Body>' after it, if any, as its issuer; a
    document after 'của' is part of the name, not its issuer ('... một số điều của Hiến pháp')."""
    b = ORG_AFTER_CUA.match(folded, end)
    if b and _patterns()["document"].match(b.group("o")):
        b = None
    return NamedHit(start, b.end() if b else end, doc_type, _key(name), b and " ".join(b.group("o").split()))


def subject(folded: str, pos: int) -> str | None:
    """The subject a document's mention ending at `pos` goes on to name ('... khóa X về <subject>'),
    as the first words of a NamedHit key, so that 'Nghị quyết về <subject>' can be matched to it."""
    m = re.compile(rf"{SP}*,?{SP}*về{SP}+(?:việc{SP}+)?(?P<name>[^,.;:!?()\n]{{5,200}})", re.IGNORECASE).match(folded, pos)
    return subject_key(_key(m.group("name"))) if m else None


def subject_key(name: str, words: int = 5) -> str:
    """The first words of a subject: what two mentions of one document share."""
    return " ".join(name.split()[:words])


def subject_of(name: str, words: int = 5) -> str:
    """The subject key of a document's name or title ('về việc ...' and punctuation dropped), to
    meet the gazetteer's subjects: 'Nghị quyết về Một số vấn đề cấp bách ...' is NQTW4/XI."""
    return subject_key(re.sub(r"^(?:về\s+)?(?:việc\s+)?", "", _key(fold(name))), words)


def _short_forms(folded: str, named: list[NamedHit], taken: list[tuple[int, int]]) -> list[NamedHit]:
    """'Đề án', 'Nghị quyết này' after the only document of that type cited by name."""
    if not named:
        return []  # no document cited by name: no scan of the text for short forms
    p = _patterns()
    by_type: dict[str, list[NamedHit]] = {}
    for hit in named:
        by_type.setdefault(hit.type, []).append(hit)
    out = []
    for m in p["short"].finditer(folded):
        doc_type = _canon(m.group("type"))
        only = by_type.get(doc_type, [])
        this = p["this"].match(folded, m.end("type"))
        word = _word(m.group("type"))
        bare_ok = word == "di chúc" or p["nouns"].match(word)
        if doc_type == "Di chúc/other":  # 'Di chúc' is short for the testament, not for a charter
            only = [h for h in only if h.name.startswith(word)]
        if (len({h.name for h in only}) != 1 or m.start() < only[0].end
                or not ((folded[m.start()].isupper() and bare_ok) or this)
                or any(a < m.end() and m.start() < b for a, b in taken)
                or any(h.start <= m.start() < h.end for h in named)):
            continue
        out.append(NamedHit(m.start(), m.end(), doc_type, only[0].name, only[0].issuer))
    return out
