"""LOC: a unit word with a name or number ('quận Bình Thủy', 'Quận 10'), or a province alone."""

from __future__ import annotations

from dataclasses import dataclass



@dataclass
class _Place:
    start: int
    end: int
    kind: str
    name: str | None  # None: the bare unit word ('quận' in 'UBND quận')


class _Places:
    """Places: a unit word with a name or number, or a province name alone (the gazetteer)."""

    def known_place(self, i: int, j: int) -> bool:
        return self.key(i, j) in self.lex.places_known

    def place_name(self, i: int, caps: bool) -> int:
        """End of a place name at i: a run of at most 4 syllables, cut before a person's name.

        A longer run keeps its longest prefix the gazetteer knows, or is no place name (returns i).
        """
        j = self.split(i, self.run(i, caps))
        if j - i <= 4:
            return j
        for end in range(i + 4, i, -1):
            if self.known_place(i, end):
                return end
        return i

    def place(self, i: int) -> _Place | None:
        t = self.t
        found = self.unit_word(i)
        if not found:
            return None
        end, entry = found
        head = self.head(i)
        if head and head[0] > end:
            return None  # 'Quận ủy', 'Quận đoàn' are bodies
        data = entry.data
        if "name" in data:  # 'TP.HCM'
            return _Place(i, end, data["kind"], data["name"])
        if end < t.n and t.glued[end] and t.words[end] == "." and any(entry.exact):
            end += 1  # 'TP. Hồ Chí Minh', 'TP.Hà Nội'
        nxt = end
        if nxt < t.n and not t.breaks[nxt] and (not t.glued[nxt] or t.words[nxt - 1] == "."):
            caps = t.upper(i)
            word = t.words[nxt]
            if word.isdigit() and len(word) <= 3 and data["numbered"] and not self.in_number(nxt):
                return _Place(i, nxt + 1, data["kind"], word)
            if (t.title_case(nxt) or (caps and t.upper(nxt))) and not self.stops_run(nxt):
                stop = self.place_name(nxt, caps)
                if stop > nxt and not self.person_like(nxt, stop):
                    return _Place(i, stop, data["kind"], self.surface(nxt, stop))
        if data["alone"]:
            return _Place(i, end, data["kind"], None)
        return None

    def places(self) -> list[_Place]:
        found, i, t = [], 0, self.t
        firsts, provinces = self.lex.places.by_first, self.lex.province_firsts
        while i < t.n:  # most tokens start neither: tested here before any call
            place = ((self.place(i) if t.lower[i] in firsts else None)
                     or (self.province(i) if t.lower[i] in provinces else None))
            if place and place.name:
                found.append(place)
                i = place.end
            else:
                i += 1
        return found

    def province(self, i: int) -> _Place | None:
        """A province-level name standing alone ('Hưng Yên phấn đấu...', 'về Hà Nội')."""
        t = self.t
        if t.lower[i] not in self.lex.province_firsts or not t.title_case(i):
            return None
        if i > 0 and t.spaced(i) and t.title_case(i - 1):
            return None
        j = self.run(i)
        for end in range(min(j, i + 4), i, -1):
            kind = self.lex.provinces.get(self.key(i, end))
            if kind and not (self.family(i) and end - i >= 3):  # 'Hồ Chí Minh' alone is the person
                return _Place(i, end, kind, self.surface(i, end))
        return None
