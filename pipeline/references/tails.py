"""What follows a mention and belongs to it: its date, issuer and the unit after a local issuer,
term, plenum, session, year ('Nghị quyết số 15-NQ/TU ngày 5/3/2021 của Thành ủy Cần Thơ khóa XIV').
Each tail is a pattern of lexicon.py ('t_date', 't_body', ...); which tails a kind of mention
takes, and which stay out of its span, are the tuples at the end."""

from __future__ import annotations

import re

from pipeline.dates import iso
from pipeline.entities.lexicon import expand
from pipeline.fold import fold
from pipeline.references.hit import _Hit
from pipeline.references.lexicon import Issuer, _lex, _term, _upper
from pipeline.references.names import ORG_AFTER_CUA


def _date(m: re.Match) -> str | None:
    if m.group("d"):
        return iso(m.group("y"), m.group("m"), m.group("d"))
    return iso(m.group("y2"), m.group("m2"), m.group("d2"))


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
    if not known:  # a bare level ('của Hội đồng nhân dân tỉnh | khoá VII'): the body's, naming no place
        return (at if m and not words else pos), None
    name = " ".join(words[:known[0]])
    if level is None:  # 'Quận ủy Bình Thạnh': the level is the committee's
        level = next((lv for lv, committee in lex.levels.items() if committee and committee in body.body.lower()), None)
    return ends[known[0] - 1], f"{level[:1].upper()}{level[1:]} {name}" if level else None


# 'của Đảng': the Party as a whole signs nothing; its Central Committee, Politburo or Secretariat does
_WHOLE_PARTY = re.compile(r"Đảng(?:\s+ta|\s+Cộng\s+sản\s+Việt\s+Nam)?", re.IGNORECASE)


def _tail(folded: str, pos: int, hit: _Hit, allowed: tuple[str, ...], quiet: tuple[str, ...] = ()) -> int:
    """Read what follows a mention and belongs to it (date, issuer, term...); return the mention's end.

    Tails named in `quiet` are read but stay out of the mention unless a tail that is part of it
    follows: a year ('Quy định số 47-QĐ/TW năm 2011' may as well be 'carried out in 2011'). A
    plenum phrase after a symbol ('Nghị quyết số 19-NQ/TW, Hội nghị lần thứ sáu Ban Chấp hành
    Trung ương (khóa XII)') is part of the mention, as annotators read it, with its term; nothing
    after it is: the meeting is often shared by several documents, so what follows is its, not theirs.
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
                hit.body = lex.body(m.group("b"))
                if m.group("b2"):
                    second = lex.body(m.group("b2"))
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
            if (not closed or name == "t_term") and name not in quiet:
                end = pos
            closed = closed or name == "t_plenum"
            break
        else:
            if "t_body" in allowed and "t_body" not in used and hit.body is None and not closed:
                named = ORG_AFTER_CUA.match(folded, pos)  # 'của Tổng cục Hải quan': a body no table lists
                if named and not _WHOLE_PARTY.fullmatch(" ".join(named.group("o").split())):
                    hit.body = Issuer("", expand(" ".join(named.group("o").split())), "central", "state")
                    return named.end()
            return end


CODE_TAIL = ("t_year", "t_date", "t_body", "t_term", "t_plenum")


CODE_QUIET = ("t_year",)


PLENUM_TAIL = ("t_alias", "t_session", "t_term", "t_date", "t_body")


LAW_TAIL = ("t_amended", "t_lawcode", "t_date", "t_year", "t_body", "t_term")
