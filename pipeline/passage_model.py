"""The sentence classifier: what it sees of a sentence and the model that weighs it.

Keywords alone are fooled ('tiếp tục duy trì' in a results section is a result; 'đã khắc phục được
hạn chế' is an achievement), so a linear model learns how much each signal weighs: the section a
sentence sits in (the last heading above it), its own words, discourse and forward-looking cues
(pipeline/cues.py), the words around it, and the time the sentences around it speak of ('đã …'
runs or 'sẽ', 'cần' runs), which tells a report's bare-verb results from a plan's bare-verb tasks.
Features are hashed into buckets and the weights are plain arrays (data/passage-classifier.npz,
read by np.load without pickle): the model holds no text and needs no scikit-learn to predict.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from pipeline.cues import Cue, cue_hits, genre, matchable, section_label
from pipeline.hashing import BUCKETS, hashed_rows
from pipeline.settings import SETTINGS

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = DATA / "passage-classifier.npz"  # inside the package: an installed wheel can classify


class ClassifyError(ValueError):
    """The model or its training data cannot be used; the message is one line."""


@dataclass(frozen=True)
class Item:
    """One sentence as the model sees it: everything is computed before the estimator."""

    text: str
    words: tuple[str, ...]
    heading: bool = False
    section: str | None = None  # label of the section the sentence is in
    position: float | None = None  # 0 at the first sentence of the document, 1 at the last
    context: tuple[str, ...] = ()  # features of the sentences before it (see `_context`)
    around: tuple[str, ...] = ()  # features of the sentences on both sides (see `_around`)
    neighbours: str = ""  # the words of the sentences before and after, marked 'p:' and 'n:'
    genre: str = "other"  # the document's (cues.genre): report, news, qa, legal, speech or other


# A top-level heading ('II. ...', 'PHẦN THỨ HAI', upper case) without a cue closes the section;
# a numbered sub-heading without one ('1. Công tác xây dựng Đảng') stays inside it.
_TOP_LEVEL = re.compile(r"(?:[IVXLC]{1,6}\s*[.)/-]|PHẦN\b|Phần\s+(?:thứ|[IVX]))")
_LIST_MARKER = re.compile(
    r"^\s*(?:[-–•+*]\s*|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXLC]{1,6})[.)/]\s*"
    r"|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) là\s*[:,.]?\s*"
    r"|thứ (?:nhất|hai|ba|tư|năm|sáu)\s*[:,.]?\s*)",
    re.IGNORECASE,
)


def _is_top_level(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(_TOP_LEVEL.match(text)) or (bool(letters) and all(c.isupper() for c in letters))


def _looks_like_heading(text: str) -> bool:
    """A short line with a section cue and no final full stop: 'Hạn chế', 'Nhiệm vụ 6 tháng cuối năm'."""
    stripped = text.strip()
    return (
        len(stripped.split()) <= 8
        and stripped[-1:] not in ".;,"
        and " | " not in stripped
        and bool(cue_hits(stripped, ("heading", "heading_weak")))
    )


_LEAD_IN = re.compile(r"([^:.;?!]{1,40}?)\s*:")


def _lead_in(text: str) -> str | None:
    """The few words before a colon that open a sentence ('Nguyên nhân', 'Hỏi', 'Câu hỏi 2'), if any."""
    stripped = text.strip()
    match = _LEAD_IN.match(stripped[_opening(stripped):])
    if match and len(match.group(1).split()) <= 4:
        return match.group(1)
    return None


@lru_cache(maxsize=8192)
def _opening(text: str) -> int:
    """Where a stripped sentence's body starts, after any list marker ('- ', 'a) ', 'Thứ nhất, ').
    Cached: a sentence's opening is read for its own features and its neighbours'."""
    match = _LIST_MARKER.match(text)
    return match.end() if match else 0


def opens_section(text: str, heading: bool, current: str | None) -> tuple[bool, str | None]:
    """Whether a sentence opens a section, and the section's label: a heading (not a table row),
    a short line with a section cue, or a lead-in with one ('Nguyên nhân: ...', 'Đáp: ...')."""
    if " | " not in text and (heading or _looks_like_heading(text)):
        label = section_label(text, current)
        if label is None and _is_top_level(text):
            return True, None
        return label is not None, label
    lead = _lead_in(text)
    label = section_label(lead, current) if lead else None
    return label is not None, label


def items(sentences: Iterable[tuple[str, bool, Sequence[str] | None]],
          sections: Sequence[str | None] | None = None, positions: bool = True) -> list[Item]:
    """Items for the sentences of one document in order, each (text, heading flag, words or None).

    Tracks the section (the last heading above; or, for labelled rows, the label given in
    `sections`, which a lead-in such as 'Nguyên nhân: ...' still overrides), the position (unless
    `positions` is False: labelled rows have none), and the context of the sentences before.
    """
    rows = list(sentences)
    listed = [_LIST_MARKER.match(text) is not None for text, _, _ in rows]
    firsts: list[Item] = []  # without what needs the sentences after
    section: str | None = None
    lead: str | None = None
    last = max(len(rows) - 1, 1)
    for i, (text, heading, words) in enumerate(rows):
        heading = heading or _looks_like_heading(text)
        current = section if sections is None else sections[i]
        opens, label = opens_section(text, heading, current)
        section = label if opens else current
        previous = firsts[-1] if firsts else None
        lead = _lead(previous, lead, listed[i], any(listed[i + 1:i + 3]))
        words = tuple(words) if words is not None else segment_words(text)
        firsts.append(Item(text, words, heading, section, i / last if positions else None,
                           _context(previous, lead)))
    kind = genre([text for text, _, _ in rows])
    return [replace(item, around=_around(firsts, i), neighbours=neighbours, genre=kind)
            for i, (item, neighbours) in enumerate(zip(firsts, _neighbours(firsts)))]


def _neighbours(rows: Sequence[Item]) -> list[str]:
    """For each sentence, the words of the sentence before and the one after (a caption's
    neighbour, a list's lead); each sentence's words written once, for both of its neighbours."""
    written = [[_word(w) for w in row.words] for row in rows]
    before = ["", *(" ".join(f"p:{w}" for w in words) for words in written[:-1])]
    after = [*(" ".join(f"n:{w}" for w in words) for words in written[1:]), ""]
    return [" ".join(filter(None, pair)) for pair in zip(before, after)]


@lru_cache(maxsize=100_000)
def _word(word: str) -> str:
    """A word as the features write it (folded, lower case, '_' for spaces). Cached: each word is
    written for its own sentence and both neighbours', and words repeat."""
    return matchable(word).replace(" ", "_")


def _ending(text: str) -> str:
    return {":": "colon", "?": "question", ".": "stop", ";": "semicolon"}.get(text.strip()[-1:], "none")


def _lead(previous: Item | None, lead: str | None, list_item: bool, more_items: bool) -> str | None:
    """The sentence that announces a list ('... vẫn còn một số hạn chế:', '... yêu cầu:'), while
    the list goes on: items after a colon keep it as long as they are list items (`list_item`:
    this sentence is one), end in ';', or (`more_items`: a list item follows within two sentences)
    are the second sentence of an item."""
    if previous is None or previous.heading:
        return None
    if _ending(previous.text) == "colon":
        return previous.text
    listed = list_item or _ending(previous.text) == "semicolon" or more_items
    return lead if listed else None


def _context(previous: Item | None, lead: str | None) -> tuple[str, ...]:
    """Features of the sentence before and of the list lead-in, if any: how the previous sentence
    ends and which cue labels it opens with; which cue labels the lead-in holds."""
    if previous is None:
        return ("prev=start",)
    feats = [f"prev_end={_ending(previous.text)}"]
    if previous.heading:
        feats.append("prev=heading")
    first = _first_cue(previous.text)
    if first:
        feats.append(f"prev_first={first.label}")
    if lead is not None:
        feats += ["lead"] + sorted({f"lead={cue.label}" for _, cue in cue_hits(lead)})
    return tuple(feats)


@lru_cache(maxsize=8192)
def tense(text: str) -> str:
    """The time a sentence speaks of, from its tense and aspect cues ('đã', 'vừa qua' / 'sẽ',
    'thời gian tới', 'cần'): past, future, both or none. Cached: read for every sentence around."""
    found = {cue.label for _, cue in cue_hits(text, ("tense",))}
    return "both" if len(found) == 2 else found.pop() if found else "none"


_WINDOW = 3


def _around(rows: Sequence[Item], i: int) -> tuple[str, ...]:
    """What the sentences around say about time, and how the next one opens. A bare 'Triển khai
    …' is a result amid sentences about the past and a task amid sentences about the future;
    the window stops at a heading and at a change of section, where the discourse starts over."""
    item = rows[i]
    if item.heading:  # a heading is other whatever the time around it
        return ()
    counts: Counter = Counter()
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(rows) and abs(j - i) <= _WINDOW:
            if rows[j].heading or rows[j].section != item.section:
                break
            counts[tense(rows[j].text)] += 1
            j += step
    past, future = counts["past"] + counts["both"], counts["future"] + counts["both"]
    side = "past" if past > future else "future" if future > past else "even"
    own = tense(item.text)
    feats = [f"tense={own}", f"win_past={min(past, 2)}", f"win_future={min(future, 2)}",
             f"win={side}", f"tense={own}&win={side}"]
    if i + 1 < len(rows):
        following = rows[i + 1]
        feats.append(f"next_end={_ending(following.text)}")
        first = _first_cue(following.text)
        if first and not following.heading:
            feats.append(f"next_first={first.label}")
    else:
        feats.append("next=end")
    return tuple(feats)


@lru_cache(maxsize=8192)
def _first_cue(text: str) -> Cue | None:
    """The cue a sentence opens with ('Tuy nhiên', 'Thời gian tới'), after any list marker. Cached:
    read for the sentence before and the one after."""
    stripped = text.strip()
    offset = _opening(stripped)
    return next((cue for start, cue in cue_hits(stripped) if start <= offset + 1), None)


def segment_words(text: str) -> tuple[str, ...]:
    """The words of a text, from the segment stage."""
    from pipeline.segment import word_spans

    return tuple(text[a:b] for a, b in word_spans(text))


_DIGITS = re.compile(r"\d")


def _meta(item: Item) -> str:
    """Symbolic features: heading, section, cues (and where they stand), position, shape."""
    section, kind = item.section or "none", item.genre
    feats = [f"sec={section}", f"genre={kind}", f"genre={kind}&sec={section}"]
    if item.heading:
        feats += ["heading", f"heading&sec={section}"]
    text = item.text.strip()
    offset = _opening(text)
    if offset:
        feats.append("listitem")
    for start, cue in cue_hits(text):
        feats += [f"cue={cue.label}:{cue.key}", f"kind={cue.label}", f"sec={section}&kind={cue.label}",
                  f"genre={kind}&kind={cue.label}"]
        if start <= offset + 1:
            feats += [f"first={cue.key}", f"firstkind={cue.label}", f"sec={section}&first={cue.label}"]
    if item.position is not None:
        bucket = min(int(item.position * 5), 4)
        feats += [f"pos={bucket}", f"sec={section}&pos={bucket}"]
    feats += [f"end={_ending(text)}", f"genre={kind}&end={_ending(text)}"]
    if " | " in text:
        feats.append("tablerow")
    if _DIGITS.search(text):
        feats.append("number")
    if "%" in text:
        feats.append("percent")
    size = len(item.words)
    feats.append("len=" + ("short" if size <= 6 else "medium" if size <= 25 else "long"))
    feats += item.context
    feats += item.around
    return " ".join(feats)


def model_input(rows: Sequence[Item]):
    """The estimator's input: an (n, 4) array of strings (words, text, symbolic features, neighbours' words)."""
    import numpy as np

    table = [
        [
            _DIGITS.sub("0", " ".join(map(_word, item.words))),
            _DIGITS.sub("0", matchable(item.text)),
            _meta(item),
            _DIGITS.sub("0", item.neighbours),
        ]
        for item in rows
    ]
    return np.array(table, dtype=object).reshape(len(table), 4)


# ---------------------------------------------------------------- the model

_NEIGHBOURS = (-2, -1, 1, 2)  # the sentences whose scores the second step reads beside a sentence's own


def with_neighbours(scores: "np.ndarray", groups: Sequence[str] | None = None) -> "np.ndarray":
    """Each sentence's four scores, then those of the two sentences before and after it (its own past
    the document's ends, so that a sentence alone is read by its own: `groups` names each row's
    document). A label follows its neighbours': the causes after a shortcoming, a list of tasks."""
    import numpy as np

    n, rows = len(scores), np.arange(len(scores))
    names = None if groups is None else np.asarray(groups)
    columns = [scores]
    for step in _NEIGHBOURS:
        other = rows + step
        there = (other >= 0) & (other < n)
        if names is not None:
            there[there] = names[other[there]] == names[rows[there]]
        shifted = scores.copy()
        shifted[there] = scores[other[there]]
        columns.append(shifted)
    return np.hstack(columns)


@dataclass(frozen=True)
class LinearModel:
    """Hashed features scored one label against the rest, then a softmax over a sentence's scores and
    its neighbours' (`stack_coef`, fitted on out-of-fold scores: calibrated confidences). Plain
    arrays, loaded with numpy (no pickle, no scikit-learn)."""

    classes: tuple[str, ...]
    coef: "np.ndarray"  # (classes, BUCKETS)
    intercept: "np.ndarray"  # (classes,)
    stack_coef: "np.ndarray | None" = None  # (classes, 4 × 5): the second step, if trained
    stack_intercept: "np.ndarray | None" = None

    def scores(self, table: Sequence[Sequence[str]]) -> "np.ndarray":
        """The first step: each row's score for each label."""
        import numpy as np

        scores = np.empty((len(table), len(self.classes)))
        for i, (indices, values) in enumerate(hashed_rows(table)):
            scores[i] = self.coef[:, indices] @ values + self.intercept
        return scores

    def predict_proba(self, table: Sequence[Sequence[str]]) -> "np.ndarray":
        """Label probabilities of the rows of one document, in order."""
        import numpy as np

        scores = self.scores(table)
        if self.stack_coef is not None and len(scores):
            scores = with_neighbours(scores) @ self.stack_coef.T + self.stack_intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        import numpy as np

        np.savez_compressed(path, classes=np.array(self.classes), coef=self.coef.astype(np.float16),
                            intercept=self.intercept, buckets=np.array(BUCKETS),
                            **({} if self.stack_coef is None else {"stack_coef": self.stack_coef,
                                                                    "stack_intercept": self.stack_intercept}))


def predict(rows: Sequence[Item], model: LinearModel | None = None) -> list[tuple[str, float]]:
    """(label, confidence) for each item. A heading with a section cue is always other."""
    if not rows:
        return []
    model = load_model() if model is None else model
    probabilities = model.predict_proba(model_input(rows))
    out = []
    for item, row in zip(rows, probabilities):
        best = int(row.argmax())
        label, confidence = model.classes[best], float(row[best])
        if item.heading and section_label(item.text) is not None and label != "other":
            label, confidence = "other", SETTINGS.heading_confidence  # the gold convention
        out.append((label, round(confidence, 4)))
    return out


@cache
def load_model(path: Path = MODEL_PATH) -> LinearModel:
    """The shipped model, loaded once: numpy arrays only (allow_pickle=False)."""
    import numpy as np

    path = Path(path)
    if not path.exists():
        raise ClassifyError(f"no model at {path}; run `baocao train`")
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["buckets"]) != BUCKETS:
                raise ClassifyError(f"{path} was trained with other features; run `baocao train`")
            return LinearModel(tuple(str(c) for c in data["classes"]), data["coef"].astype(np.float32),
                               data["intercept"], *((data["stack_coef"], data["stack_intercept"])
                                                    if "stack_coef" in data.files else ()))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ClassifyError(f"cannot load {path}: {str(error).splitlines()[0] if str(error) else 'not a model'}") from None
