"""PER: a name after a cue ('đồng chí', 'ông') or a title, or 3-4 capitals from a family name; the
fullest title given to a name anywhere in the text goes to its norm."""

from __future__ import annotations

import re
from functools import cache

from pipeline import resources
from pipeline.entities.lexicon import _PLURAL
from pipeline.entities.organizations import _Org
from pipeline.entities.places import _Place
from pipeline.entities.tokens import _Taken
from pipeline.fold import VIETNAMESE, fold
from pipeline.model import Entity

# A foreign name written with initials ('C.Mác', 'V.I.Lênin', 'Ph.Ăngghen'): one or two initials,
# each a capital (or a digraph: 'Ph', 'Th', ...; 'An.' ends a word) and a full stop, then a capitalised name.
_INITIALS = re.compile(r"(?<![\w.])(?:(?:Ph|Th|Ch|Tr|Kh|Gi|[A-ZĐ])\.[ ]?){1,2}(?-i:[A-ZĐĂÂÊÔƠƯ][a-zà-ỹ]{2,})(?![\w.])")
_LIST_MARKER = re.compile(r"[A-ZĐ]\. ")  # one capital, a full stop and a space
# A Vietnamese syllable: onset, one to three vowels, coda. A capitalised word that is none ('Carl',
# 'Joe', 'Vladimir') is a foreign name's, which no family name opens: a cue or a title names it.
_VOWELS = "aeiouy" + VIETNAMESE.replace("đ", "")
_SYLLABLE = re.compile(rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?")


@cache
def _known_persons() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The people named by one name alone (data/known_persons.txt), as whole words; and the same
    names at the end of a text, to see a pair ('Mác - Lênin', 'Mác Lênin': a doctrine, no person)."""
    names = "|".join(map(re.escape, sorted(resources.lines("known_persons.txt"), key=len, reverse=True)))
    return re.compile(rf"(?<![\w.-])(?:{names})(?![\w-])"), re.compile(rf"(?<![\w.-])(?:{names})$")


def _same_titles(persons: list[Entity]) -> list[Entity]:
    """Each person gets the fullest title the document gives them anywhere ('ông Trần Văn A' later)."""
    best: dict[str, str] = {}
    for p in persons:
        title = p.norm["title"]
        if title and len(title) > len(best.get(p.norm["name"], "")):
            best[p.norm["name"]] = title
    for p in persons:
        p.norm["title"] = best.get(p.norm["name"])
    return persons


class _Persons:
    """Persons: a name after a cue or a title, or a family name with a title after it."""

    def title(self, i: int, orgs: dict[int, _Org] | None = None) -> int | None:
        """End of the longest title at i that does not swallow the start of an ORG running past it
        ('Thường trực Ban Bí thư' holds all of 'Ban Bí thư')."""
        for end, _ in self.lex.titles.matches(self.t, i):
            if orgs is None or not any(k in orgs and orgs[k].end > end for k in range(i + 1, end)):
                return end
        return None

    def person_like(self, i: int, j: int) -> bool:
        """3-4 capitals from a family name, or with a middle name only people bear, and no known
        place: 'Chính phủ Phạm Minh Chính', 'Chủ tịch UBND tỉnh Trần Quốc Văn', 'Bí thư Đảng ủy xã
        Quàng Văn Thắm' name a person."""
        return 3 <= j - i <= 4 and self.named_by_family(i, j) and not self.known_place(i, j)

    def family(self, i: int) -> bool:
        return self.t.words[i] in self.lex.families

    def foreign(self, i: int, j: int) -> int | None:
        """Where a foreign name starts in the run i..j-1, after the country that may open it ('Mỹ |
        Joe Biden', 'Nga | Putin'): a run with a word that is no Vietnamese syllable ('Carl Thayer');
        else None. Initials are not read here ('J.Chirac': _INITIALS)."""
        t = self.t
        start = next((end for end, _ in self.lex.countries.matches(t, i) if end < j), i)
        words = range(start, j)
        if (j - start < 2 and start == i) or any(len(t.words[k]) < 2 for k in words):
            return None
        return start if any(not _SYLLABLE.fullmatch(t.lower[k]) for k in words) else None

    def named_by_family(self, i: int, j: int) -> bool:
        """The run i..j-1 opens with a family name, or, when a rare family name opens it, has a
        middle name only people bear as its second of 3+ syllables ('Quàng Văn Thắm')."""
        return self.family(i) or (j - i >= 3 and self.t.words[i + 1] in self.lex.middle_names)

    def title_phrase(self, i: int, orgs: dict[int, _Org], free: bool) -> int | None:
        """End of a title with the bodies it names ('Trưởng Ban Tổ chức Quận ủy', 'UVTV, Trưởng Ban...').

        `free`: a title after the name may also run over other capitalised words ('Phó Đoàn').
        """
        t = self.t
        end = self.title(i, orgs)
        if end is None:
            return None
        while end < t.n:
            j = end
            if t.words[j] in ",-–" and not t.breaks[j] and t.spaced(j + 1):
                more = self.title(j + 1, orgs)  # 'UVTV, Trưởng Ban...', '... - Chủ nhiệm ...'
                if more and (free or t.words[j] == ","):
                    end = more
                    continue
                break
            if not t.spaced(j):
                break
            if j in orgs:
                end = orgs[j].end
                continue
            place = self.place(j)
            if place and place.name:
                end = place.end
                continue
            more = self.title(j, orgs)
            if more:
                end = more
                continue
            if t.lower[j] == "kiêm" and t.spaced(j + 1) and self.title(j + 1, orgs):
                end = self.title(j + 1, orgs)
                continue
            if (t.title_case(j) or t.upper(j)) and not self.cue(j):
                if free and self.person_like(j, self.run(j)):
                    break  # 'ông A, Chủ tịch nước | Võ Văn Thưởng': another person's name
                word = self.word_end(j)
                if free or word > j + 1:  # 'Bộ trưởng Ngoại giao Bùi Thanh Sơn': a word, not a name
                    end = word
                    continue
            break
        return end

    def name(self, i: int, need_family: bool) -> int | None:
        """End of a person's name at i: 2-4 capitalised syllables."""
        t = self.t
        if i >= t.n or not t.title_case(i) or self.stops_run(i):
            return None
        j = i + 1
        while j < t.n and t.spaced(j) and t.title_case(j) and not self.stops_run(j):
            if j + 1 < t.n and t.spaced(j + 1) and t.words[j + 1].isdigit():
                break  # 'Nguyễn Hữu Nghĩa Thứ 2, 01/12/2025': a weekday
            j += 1
        if j - i < 2:
            return None
        if need_family and not self.named_by_family(i, j) and self.foreign(i, min(j, i + 4)) is None:
            return None
        return min(j, i + 4)

    def post_title(self, j: int, orgs: dict[int, _Org]) -> tuple[int, int] | None:
        """(start, end) of a title after a name: 'Lê Hoàng Nam, Bí thư Quận ủy Bình Thủy'."""
        t = self.t
        if j < t.n and t.words[j] in ",-–(" and not t.breaks[j] and t.spaced(j + 1):
            found = self.title_phrase(j + 1, orgs, free=True)
            if found and not (found < t.n and t.spaced(found) and self.person_like(found, self.run(found))):
                return j + 1, found  # not 'A, Chủ tịch nước | Võ Văn Thưởng': that title is the next name's
        return None

    def persons(self, orgs: list[_Org], places: list[_Place]) -> tuple[list[Entity], list[tuple[int, int]]]:
        """Persons, and the token ranges of every title, with or without a name after it.

        A body inside a title ('Bí thư Quận ủy' in 'đồng chí Bí thư Quận ủy') is part of the title.
        """
        t = self.t
        by_start = {o.start: o for o in orgs}
        inside = set()
        for o in orgs:
            inside.update(range(o.start + 1, o.end))
        for p in places:
            inside.update(range(p.start, p.end))
        found: list[Entity] = []
        ranges: list[tuple[int, int]] = []
        firsts = self.lex.cues.by_first.keys() | self.lex.titles.by_first.keys()
        i = 0
        while i < t.n:
            if i in inside or not (t.words[i][0].isupper() or t.lower[i] in firsts):
                i += 1
                continue
            person = self.person(i, by_start)
            if person:
                entity, titles, i = person
                if not entity.norm["title"] and self.named_after(entity.start):
                    continue  # 'tư tưởng Hồ Chí Minh': an idea, not a person
                found.append(entity)
                ranges += titles
                continue
            bare = self.bare_title(i, by_start)
            if bare:
                ranges.append(bare)
                listed, i = self.colon_list(*bare, by_start)
                found += listed
                continue
            i += 1
        taken = _Taken(len(self.text), [(e.start, e.end) for e in found]
                       + [(t.starts[o.start], t.ends[o.end - 1]) for o in orgs])

        def add(m: re.Match[str]) -> None:  # a person named by one written form, no title
            if not taken.hits(m.start(), m.end()):
                found.append(Entity("PER", m.group(), m.start(), m.end(), {"title": None, "name": m.group()}))
                taken.add(m.start(), m.end())

        for m in _INITIALS.finditer(self.text):  # 'C.Mác', 'V.I.Lênin', 'Ph. Ăngghen'
            if _LIST_MARKER.match(m.group()) and not self.text[max(0, m.start() - 80):m.start()].split("\n")[-1].strip():
                continue  # 'V. Xem xét ...', 'B. Nhiệm vụ ...' opening a line: a list marker
            add(m)
        known, ending = _known_persons()
        for m in known.finditer(self.text):  # 'Lênin cho rằng', 'theo Ăngghen'; not 'Mác - Lênin'
            after = self.text[m.end():m.end() + 12]
            gap = len(after) - len(after.lstrip(" -–"))  # spaces and dashes only: no comma, no 'và'
            before = self.text[max(0, m.start() - 12):m.start()].rstrip(" -–")
            paired = (gap and known.match(after, gap)) or ending.search(before)
            if not paired and not self.named_after(m.start()):
                add(m)
        found.sort(key=lambda e: e.start)
        return _same_titles(found), ranges

    def colon_list(self, start: int, end: int, orgs: dict[int, _Org]) -> tuple[list[Entity], int]:
        """The people a title and a colon list ('Phó trưởng ban: Hoàng Tùng, Đào Duy Tùng, Trần Độ'),
        each 2-4 capitalised syllables, no body nor place, comma after comma to the line's end; and
        where the list ends."""
        t, found = self.t, []
        title = self.surface(start, end)
        k = end + 1
        if end >= t.n or t.words[end] != ":" or t.breaks[end]:
            return found, end
        while k < t.n and not t.breaks[k] and k not in orgs and not self.place(k) \
                and (stop := self.name(k, need_family=False)) and not self.known_place(k, stop) \
                and (stop == t.n or t.breaks[stop] or t.words[stop] in ",;."):
            s, e = t.starts[k], t.ends[stop - 1]
            found.append(Entity("PER", self.text[s:e], s, e, {"title": title, "name": self.surface(k, stop)}))
            k = stop + 1
            if stop == t.n or t.breaks[stop] or t.words[stop] != ",":
                break
        return found, k if found else end

    def named_after(self, start: int) -> bool:
        """Is the name at character `start` preceded by a word like 'tư tưởng' (data/not_person_before.txt)?"""
        before = fold(self.text[max(0, start - 30):start]).lower().rstrip()
        return any(before.endswith(word) and (len(before) == len(word) or not before[-len(word) - 1].isalnum())
                   for word in self.lex.not_person_before)

    def bare_title(self, i: int, orgs: dict[int, _Org]) -> tuple[int, int] | None:
        """The title of a person left unnamed: '(đồng chí) Bí thư Quận ủy phát biểu', 'chủ tịch Hội
        đồng nhân dân phường'. Not a membership ('Ủy viên Bộ Chính trị', 'các đồng chí ủy viên Ban
        Thường vụ'), whose body stays an ORG."""
        t = self.t
        cue = self.cue(i)
        start = cue[0] if cue and t.spaced(cue[0]) else i
        if i > 0 and t.lower[i - 1] in _PLURAL:
            return None
        end = self.title_phrase(start, orgs, free=False)
        if not end or t.lower[start] in ("ủy", "uvtv", "uvbtv", "uvbch"):
            return None
        return start, end

    def person(self, i: int, orgs: dict[int, _Org]) -> tuple[Entity, list[tuple[int, int]], int] | None:
        """A person at token i: after a cue ('đồng chí'), a title, or a family name with a title after."""
        cue = self.cue(i)
        if cue and self.t.spaced(cue[0]):
            found = self.person_from(cue[0], strong=cue[1], cued=True, orgs=orgs)
            if found:
                return found
        return self.person_from(i, strong=False, cued=False, orgs=orgs)

    def person_from(self, start: int, strong: bool, cued: bool, orgs: dict[int, _Org]
                    ) -> tuple[Entity, list[tuple[int, int]], int] | None:
        t = self.t
        titles = []
        title = self.title_phrase(start, orgs, free=False) if cued or t.words[start][0].isupper() else None
        if title:
            name_start = title
            end = self.name(name_start, need_family=not strong) if t.spaced(name_start) else None
            if end is None:
                return None
            titles.append((start, name_start))
        else:
            name_start = start
            end = self.name(start, need_family=not strong)
            if end is None:
                return None
        if not self.named_by_family(name_start, end) and (lead := self.foreign(name_start, end) or name_start) > name_start:
            titles[-1:] = [(start, lead)] if title else []  # 'Tổng thống Mỹ | Joe Biden': the country is the title's
            name_start = lead
        after = self.post_title(end, orgs)
        if after:
            titles.append(after)
        if not cued and not title and not (self.family(name_start) and (after or self.alone(name_start, end))):
            return None
        title_text = ", ".join(self.surface(a, b) for a, b in titles) or None
        s, e = t.starts[name_start], t.ends[end - 1]
        norm = {"title": title_text, "name": self.surface(name_start, end)}
        return Entity("PER", self.text[s:e], s, e, norm), titles, (after[1] if after else end)

    def alone(self, i: int, j: int) -> bool:
        """A full name with no cue: 3-4 capitals from a family name, not inside a longer run
        ('phong cách Hồ Chí Minh'); two syllables ('Lâm Đồng') are too often a place."""
        t = self.t
        if not 3 <= j - i <= 4 or (j < t.n and t.spaced(j) and t.title_case(j)):
            return False  # a longer run
        # not after another capital, nor a house number ('Số 7 Nguyễn Tri Phương': a street)
        return not (i > 0 and t.spaced(i) and (t.title_case(i - 1) or t.upper(i - 1) or t.words[i - 1].isdigit()))
