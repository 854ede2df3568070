"""The finder of one text: its tokens, the lexicon, and the rules of every kind of entity (each kind
is a base class in its own module)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.entities.lexicon import EntityError, _Entry, _lexicon
from pipeline.entities.levels import _Levels
from pipeline.entities.organizations import _Organizations
from pipeline.entities.persons import _Persons
from pipeline.entities.places import _Places
from pipeline.entities.quantities import _Quantities
from pipeline.entities.tokens import _Tokens
from pipeline.fold import fold


class _Finder(_Organizations, _Levels, _Places, _Persons, _Quantities):
    """One text's tokens and the rules that read them; each kind of entity is a base class."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        if len(self.folded) != len(text):
            raise EntityError("text changes length when folded; pass NFC text")
        self.t = _Tokens.of(self.folded)
        self.lex = _lexicon()
        # asked again and again for the same token as each rule scans a run of capitals: the answers
        # depend only on the tokens and the lexicon, so each is worked out once per text
        self.head, self.cue, self.stops_run = cache(self.head), cache(self.cue), cache(self.stops_run)

    def surface(self, i: int, j: int) -> str:
        """Original text of tokens i..j-1 with spaces collapsed."""
        return " ".join(self.text[self.t.starts[i] : self.t.ends[j - 1]].split())  # tokens hold no space at either end

    def in_number(self, i: int) -> bool:
        """The digits at token i go on ('7/2017', '4.164', '15-NQ'): not a plain number."""
        t = self.t
        if i + 1 >= t.n or not t.glued[i + 1]:
            return False
        sep = t.words[i + 1]
        return sep in "/-" or (sep in ".," and i + 2 < t.n and t.glued[i + 2] and t.words[i + 2][0].isdigit())

    def in_code(self, i: int, j: int) -> bool:
        t = self.t
        before = i > 0 and t.glued[i] and t.words[i - 1] in "/-"
        after = j < t.n and t.glued[j] and t.words[j] in "/-"
        return before or after

    def stops_run(self, i: int) -> bool:
        """A capitalised token that starts something else than a name: a body, unit or title."""
        found = self.head(i)
        if found and found[1].data["needs"] != "name":
            return True
        return bool(self.unit_word(i) or self.title(i) or self.cue(i, strong_only=True))

    def unit_word(self, i: int) -> tuple[int, _Entry] | None:
        """(end, entry) of the word for a kind of unit at token i ('xã', 'thành phố'), unless it
        opens a longer word ('xã hội', 'tỉnh táo')."""
        t = self.t
        found = self.lex.places.longest(t, i)
        if found and found[0] == i + 1 < t.n and t.spaced(i + 1) and t.words[i + 1].islower() \
                and f"{t.lower[i]} {t.lower[i + 1]}" in self.lex.not_units:  # not 'phường Hội An'
            return None
        return found

    def cue(self, i: int, strong_only: bool = False) -> tuple[int, bool] | None:
        found = self.lex.cues.longest(self.t, i)
        if found and (found[1].data["strong"] or not strong_only):
            return found[0], found[1].data["strong"]
        return None

    def key(self, i: int, j: int) -> str:
        """The gazetteer key of tokens i..j-1 (gazetteer.name_key: folded, lower case)."""
        return re.sub(r"\s*-\s*", " - ", " ".join(self.t.lower[i:j]).replace(" - ", "-"))

    def function_word(self, i: int) -> bool:
        return self.lex.function_words.longest(self.t, i) is not None

    def name_stop(self, i: int) -> bool:
        """A lower-case word a bridged name never runs over: a function word or what a body does."""
        return self.function_word(i) or self.body_verb(i)

    def body_verb(self, i: int) -> bool:
        """What a body does at token i ('yêu cầu', 'giao'), not part of a longer word ('giao thông',
        'chương trình' holds no 'trình')."""
        found = self.lex.body_verbs.longest(self.t, i)
        return found is not None and self.word_end(i) <= found[0] and not self.joins_previous(i)

    def joins_previous(self, i: int) -> bool:
        """Token i ends a two-syllable dictionary word opened by the token before ('tồn tại')."""
        t = self.t
        return i > 0 and t.spaced(i) and t.words[i - 1].isalpha() and f"{t.lower[i - 1]} {t.lower[i]}" in self.lex.words

    def word_end(self, i: int, most: int = 4) -> int:
        """End of the dictionary word starting at token i (its later syllables in lower case)."""
        t, best = self.t, i + 1
        phrase = t.lower[i]
        for k in range(i + 1, min(i + most, t.n)):
            if not t.spaced(k) or not t.words[k].islower():
                break
            phrase += " " + t.lower[k]
            if phrase in self.lex.words:
                best = k + 1
        return best

    def run(self, i: int, caps: bool = False) -> int:
        """End of the capitalised run at i ('Bình Thủy', 'Hai Bà Trưng'); `caps`: all-capital text.

        A single capital that begins a longer word ('Chương trình') is no name: returns i.
        """
        t, j = self.t, i
        while j < t.n and (j == i or t.spaced(j)) and (t.title_case(j) or (caps and t.upper(j))):
            if j > i and (self.stops_run(j) or (self.head(j) and self.org(j, nested=True))):
                break  # 'Báo Thái Nguyên Báo Lạng Sơn'; but 'Phòng' in 'Hải Phòng' names no body
            j += 1
        if j == i + 1 and self.word_end(i) > j:
            return i
        return j

    def split(self, i: int, j: int) -> int:
        """Where a person's name begins in a run of 4+ syllables ('Hai Bà Trưng Trần Quyết Thắng').

        The name starts at a family name and has 2-4 syllables, 3 preferred, then 4, then 2.
        """
        if j - i < 4:
            return j
        for p in range(j - 2, i, -1):  # the longest known place that leaves a name
            if self.known_place(i, p) and self.family(p) and j - p <= 4:
                return p
        options = [p for p in range(i + 1, j - 1) if self.family(p) and 2 <= j - p <= 4]
        for size in (3, 4, 2):
            for p in options:
                if j - p == size:
                    return p
        return j
