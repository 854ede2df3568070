"""Cue phrases of the four labels (data/classify_cues.tsv): what a heading, a discourse marker or a
forward-looking phrase says about a sentence; the keyword baseline, and features of the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import resources
from pipeline.fold import fold


@dataclass(frozen=True)
class Cue:
    kind: str  # heading | heading_weak | cue | tense
    label: str
    phrase: str
    pattern: re.Pattern
    words: tuple[str, ...] = ()  # each must be in a text for the pattern to match it

    @property
    def key(self) -> str:
        return self.phrase.replace(" … ", "…").replace(" ", "_")


def _cue_pattern(phrase: str) -> re.Pattern:
    """Whole words of `phrase`, any spacing; '…' stands for up to five words."""
    parts = [r"\s+".join(map(re.escape, part.split())) for part in phrase.split("…")]
    body = r"\s+(?:\S+\s+){0,5}?".join(parts)
    left = r"(?<!\w)" if phrase[0].isalnum() else ""
    right = r"(?!\w)" if phrase[-1].isalnum() or phrase[-1] == "%" else ""
    return re.compile(left + body + right)


@cache
def cues() -> tuple[Cue, ...]:
    """The rows of data/classify_cues.tsv, in file order."""
    found = []
    for kind, label, phrase in resources.rows("classify_cues.tsv"):
        phrase = fold(phrase.strip()).lower()
        found.append(Cue(kind, label, phrase, _cue_pattern(phrase), tuple(phrase.replace("…", " ").split())))
    return tuple(found)


@lru_cache(maxsize=4096)
def matchable(text: str) -> str:
    """fold(text).lower(), as cues are matched. Cached: a sentence is matched for its cues, its
    tense and as a heading, and written into the model's input, each once folded."""
    return fold(text).lower()


@lru_cache(maxsize=8192)
def cue_hits(text: str, kinds: tuple[str, ...] = ("cue",)) -> tuple[tuple[int, Cue], ...]:
    """(offset, cue) for every cue of the given kinds found in `text`, by offset. Cached: the
    features ask about the same sentence several times."""
    return tuple(hit for hit in _hits(text) if hit[1].kind in kinds)


@lru_cache(maxsize=8192)
def _hits(text: str) -> tuple[tuple[int, Cue], ...]:
    """The cues of every kind found in `text`: one pass, whichever kinds are asked for."""
    folded = matchable(text)
    by_first, loose = _index()
    words = set(_WORD.findall(folded))
    hits = []  # a quick test first: a cue of whole words needs each of them among the text's words
    for word in words & by_first.keys():
        at = folded.find(word)  # where a cue opening with the word can first match
        hits += [(match.start(), -len(cue.phrase), n, cue) for n, cue in by_first[word]
                 if words.issuperset(cue.words) and (match := cue.pattern.search(folded, at))]
    hits += [(match.start(), -len(cue.phrase), n, cue) for n, cue in loose
             if all(word in folded for word in cue.words) and (match := cue.pattern.search(folded))]
    return tuple((start, cue) for start, _, _, cue in sorted(hits))  # by offset, the longer first, then file order


_WORD = re.compile(r"\w+")


_Numbered = tuple[tuple[int, Cue], ...]  # cues with their line number in the file


@cache
def _index() -> tuple[dict[str, _Numbered], _Numbered]:
    """The cues to try on a text: a cue of whole words ('tuy nhiên') matches only a text holding
    each of its words as a whole word, so it is looked up by its first word; the others ('?',
    '100%') are always tried."""
    by_first: dict[str, list[tuple[int, Cue]]] = {}
    loose = []
    for n, cue in enumerate(cues()):
        if cue.phrase[0].isalnum() and cue.phrase[-1].isalnum() and all(map(_WORD.fullmatch, cue.words)):
            by_first.setdefault(cue.words[0], []).append((n, cue))
        else:
            loose.append((n, cue))
    return {word: tuple(found) for word, found in by_first.items()}, tuple(loose)


def section_label(heading: str, current: str | None = None) -> str | None:
    """The label of the section a heading opens: its earliest heading cue; a weak cue alone
    ('Nguyên nhân') keeps the `current` section; None when the heading has no cue."""
    strong = cue_hits(heading, ("heading",))
    if strong:
        return strong[0][1].label
    weak = cue_hits(heading, ("heading_weak",))
    if weak:
        return current or weak[0][1].label
    return None


_BASELINE_ORDER = ("other", "task", "shortcoming", "achievement")


def rule_label(text: str, heading: bool = False) -> str:
    """The keyword baseline: headings are other; else the first label with a cue in the sentence,
    in the order other, task, shortcoming, achievement; else other."""
    if heading:
        return "other"
    found = {cue.label for _, cue in cue_hits(text)}
    return next((label for label in _BASELINE_ORDER if label in found), "other")


@cache
def _genres() -> tuple[float, tuple[tuple[str, tuple[re.Pattern, ...]], ...]]:
    data = resources.data("genres.json")
    return data["min_share"], tuple((name, _any_of(patterns)) for name, patterns in data["genres"].items())


def _any_of(patterns: list[str]) -> tuple[re.Pattern, ...]:
    """Patterns of which one matches a text when one of `patterns` does, in fewer scans of it: the
    ones opening with '\\b' (tried at every position of a text) joined in one alternation, which a
    scan tries at each position at once; the others (anchored by '^', or opening with a letter the
    scan can look for) and any with a group alone."""
    joined = [p for p in patterns if p.startswith("\\b") and not re.compile(p).groups]
    alone = [p for p in patterns if p not in joined]
    if joined:
        alone.append("|".join(f"(?:{p})" for p in joined))
    return tuple(re.compile(p, re.IGNORECASE) for p in alone)


def genre(texts: list[str]) -> str:
    """A document's genre from its sentences (data/genres.json): the genre whose shapes the largest
    share of them has (report, news, qa, legal, speech), or 'other' below the file's min_share."""
    folded = [matchable(t).strip() for t in texts if t.strip()]  # cached: the features fold them too
    if not folded:
        return "other"
    least, genres = _genres()
    shares = {name: sum(any(p.search(t) for p in patterns) for t in folded) / len(folded) for name, patterns in genres}
    best = max(shares, key=shares.get)
    return best if shares[best] >= least else "other"
