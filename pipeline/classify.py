"""Classify stage: every sentence is an achievement, a shortcoming, a task or other; paragraphs get shares.

Party reports follow one plan (results, then limitations and their causes, then directions), so the
strongest signal is the section a sentence sits in: the last heading above it ('II. HẠN CHẾ, KHUYẾT
ĐIỂM'). Inside a section, and in news stories without headings, the sentence's own words decide:
discourse markers ('Tuy nhiên', 'vẫn còn'), forward-looking phrases ('thời gian tới', 'cần', 'đề
nghị') and the words around them. Keywords alone are fooled ('tiếp tục duy trì' in a results section
is a result; 'đã khắc phục được hạn chế' is an achievement), so a linear model learns how much each
signal weighs from the team's labelled sentences (corpora/gold, corpora/labelled). Reports without
headings list what was done as bare verbs ('Triển khai …', 'Tổ chức …'), exactly as plans list what is to
be done; only the time the sentences around speak of ('đã …' runs or 'sẽ', 'cần' runs) tells them apart,
so that is a feature too.

The cue phrases live in data/classify_cues.tsv. Segmentation stays OUTSIDE the estimator:
`model_input` turns each sentence into three plain strings (its words, its text, its symbolic
features), so the model file holds only scikit-learn, NumPy and SciPy objects and loads with
`skops.io.load(path, trusted=TRUSTED)` without trusting any code of ours.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from pipeline.fold import fold
from pipeline.model import LABELS, Document

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "models" / "passage-classifier.skops"
GOLD_DIR = ROOT / "corpora" / "gold"
LABELLED_DIR = ROOT / "corpora" / "labelled"

# Every type the model file holds that skops does not trust by default; all are scikit-learn's
# own (tests/test_classify.py checks `skops.io.get_untrusted_types` against this list).
TRUSTED = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]


class ClassifyError(ValueError):
    """The model or its training data cannot be used; the message is one line."""


# ---------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    kind: str  # heading | heading_weak | cue | tense
    label: str
    phrase: str
    pattern: re.Pattern

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
    for line in (DATA / "classify_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, label, phrase = line.split("\t")
        phrase = fold(phrase.strip()).lower()
        found.append(Cue(kind, label, phrase, _cue_pattern(phrase)))
    return tuple(found)


def _matchable(text: str) -> str:
    return fold(text).lower()


@lru_cache(maxsize=8192)
def cue_hits(text: str, kinds: tuple[str, ...] = ("cue",)) -> tuple[tuple[int, Cue], ...]:
    """(offset, cue) for every cue of the given kinds found in `text`, by offset. Cached: the
    features ask about the same sentence several times."""
    folded = _matchable(text)
    hits = []
    for cue in cues():
        if cue.kind in kinds:
            match = cue.pattern.search(folded)
            if match:
                hits.append((match.start(), cue))
    return tuple(sorted(hits, key=lambda hit: (hit[0], -len(hit[1].phrase))))


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


# ---------------------------------------------------------------- what the model sees


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
    body = _LIST_MARKER.sub("", text.strip(), count=1)
    match = _LEAD_IN.match(body)
    if match and len(match.group(1).split()) <= 4:
        return match.group(1)
    return None


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
    out: list[Item] = []
    section: str | None = None
    lead: str | None = None
    last = max(len(rows) - 1, 1)
    for i, (text, heading, words) in enumerate(rows):
        heading = heading or _looks_like_heading(text)
        current = section if sections is None else sections[i]
        opens, label = opens_section(text, heading, current)
        section = label if opens else current
        previous = out[-1] if out else None
        lead = _lead(previous, lead, text, any(_LIST_MARKER.match(row[0]) for row in rows[i + 1:i + 3]))
        words = tuple(words) if words is not None else segment_words(text)
        out.append(Item(text, words, heading, section, i / last if positions else None,
                        _context(previous, lead)))
    return [replace(item, around=_around(out, i)) for i, item in enumerate(out)]


def _ending(text: str) -> str:
    return {":": "colon", "?": "question", ".": "stop", ";": "semicolon"}.get(text.strip()[-1:], "none")


def _lead(previous: Item | None, lead: str | None, text: str, more_items: bool = False) -> str | None:
    """The sentence that announces a list ('... vẫn còn một số hạn chế:', '... yêu cầu:'), while
    the list goes on: items after a colon keep it as long as they are list items, end in ';', or
    (`more_items`: a list item follows within two sentences) are the second sentence of an item."""
    if previous is None or previous.heading:
        return None
    if _ending(previous.text) == "colon":
        return previous.text
    listed = _LIST_MARKER.match(text) is not None or _ending(previous.text) == "semicolon" or more_items
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


def tense(text: str) -> str:
    """The time a sentence speaks of, from its tense and aspect cues ('đã', 'vừa qua' / 'sẽ',
    'thời gian tới', 'cần'): past, future, both or none."""
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


def _first_cue(text: str) -> Cue | None:
    """The cue a sentence opens with ('Tuy nhiên', 'Thời gian tới'), after any list marker."""
    body = _LIST_MARKER.sub("", text.strip(), count=1)
    offset = len(text.strip()) - len(body)
    hits = cue_hits(text.strip())
    return next((cue for start, cue in hits if start <= offset + 1), None)


def segment_words(text: str) -> tuple[str, ...]:
    """The words of a text, from the segment stage."""
    from pipeline.segment import word_spans

    return tuple(text[a:b] for a, b in word_spans(text))


_DIGITS = re.compile(r"\d")


def _meta(item: Item) -> str:
    """Symbolic features: heading, section, cues (and where they stand), position, shape."""
    section = item.section or "none"
    feats = [f"sec={section}"]
    if item.heading:
        feats += ["heading", f"heading&sec={section}"]
    text = item.text.strip()
    body = _LIST_MARKER.sub("", text, count=1)
    offset = len(text) - len(body)
    if offset:
        feats.append("listitem")
    for start, cue in cue_hits(text):
        feats += [f"cue={cue.label}:{cue.key}", f"kind={cue.label}", f"sec={section}&kind={cue.label}"]
        if start <= offset + 1:
            feats += [f"first={cue.key}", f"firstkind={cue.label}", f"sec={section}&first={cue.label}"]
    if item.position is not None:
        bucket = min(int(item.position * 5), 4)
        feats += [f"pos={bucket}", f"sec={section}&pos={bucket}"]
    feats.append(f"end={_ending(text)}")
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
    """The estimator's input: an (n, 3) array of strings (words, text, symbolic features)."""
    import numpy as np

    table = [
        [
            _DIGITS.sub("0", " ".join(_matchable(w).replace(" ", "_") for w in item.words)),
            _DIGITS.sub("0", _matchable(item.text)),
            _meta(item),
        ]
        for item in rows
    ]
    return np.array(table, dtype=object).reshape(len(table), 3)


# ---------------------------------------------------------------- the model


def build_model():
    """TF-IDF over words (uni- and bigrams) and character n-grams, the symbolic features (weighted
    down: they are few and dense), and a logistic regression with calibrated probabilities."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    features = ColumnTransformer(
        [
            ("words", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                                      min_df=2, sublinear_tf=True), 0),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                      sublinear_tf=True, max_features=40000), 1),
            ("meta", CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True), 2),
        ],
        transformer_weights={"words": 1.0, "chars": 1.0, "meta": 0.25},
    )
    classifier = LogisticRegression(C=4.0, class_weight="balanced", max_iter=5000)
    # One classifier on all the data, its probabilities mapped by sigmoids fitted on 5-fold
    # out-of-fold scores (unshuffled folds: no random step anywhere, so training is reproducible).
    calibrated = CalibratedClassifierCV(classifier, method="sigmoid", cv=5, ensemble=False)
    return Pipeline([("features", features), ("classifier", calibrated)])


@cache
def _threadpools():
    """Finding the loaded BLAS libraries takes milliseconds: do it once, not per document."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_thread():
    return _threadpools().limit(limits=1)


def fit(rows: Sequence[Item], labels: Sequence[str]):
    """A new model trained on the items and their labels."""
    model = build_model()
    with _one_thread():  # small data: BLAS threads only fight each other
        model.fit(model_input(rows), list(labels))
    return model


def predict(rows: Sequence[Item], model=None) -> list[tuple[str, float]]:
    """(label, confidence) for each item. A heading with a section cue is always other."""
    if not rows:
        return []
    model = load_model() if model is None else model
    with _one_thread():
        probabilities = model.predict_proba(model_input(rows))
    classes = list(model.classes_)
    out = []
    for item, row in zip(rows, probabilities):
        best = int(row.argmax())
        label, confidence = str(classes[best]), float(row[best])
        if item.heading and section_label(item.text) is not None and label != "other":
            label, confidence = "other", 0.99  # gold convention: a section heading is other
        out.append((label, round(confidence, 4)))
    return out


@cache
def load_model(path: Path = MODEL_PATH):
    """The shipped model, loaded once, trusting only the scikit-learn types in TRUSTED."""
    import skops.io

    path = Path(path)
    if not path.exists():
        raise ClassifyError(f"no model at {path}; run `baocao train`")
    try:
        return skops.io.load(path, trusted=TRUSTED)
    except Exception as error:  # an untrusted type, or a file that is not a skops model
        raise ClassifyError(f"cannot load {path}: {str(error).splitlines()[0]}") from None


# ---------------------------------------------------------------- the stage


def classify(doc: Document) -> Document:
    """Fill every sentence's label and confidence, and every paragraph's label and label shares."""
    if doc.text.strip() and not doc.sentences:
        from pipeline.segment import segment

        segment(doc)
    rows = items((s.text, s.heading, s.tokens or None) for s in doc.sentences)
    for sentence, (label, confidence) in zip(doc.sentences, predict(rows)):
        sentence.label, sentence.confidence = label, confidence
    by_paragraph: dict[int, list] = {}
    for sentence in doc.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for index, paragraph in enumerate(doc.paragraphs):
        inside = by_paragraph.get(index, [])
        counts = Counter(s.label for s in inside)
        paragraph.shares = {label: round(counts[label] / len(inside), 4) if inside else 0.0 for label in LABELS}
        # The most frequent label; a tie goes to the label held with more confidence.
        weight: Counter = Counter()
        for s in inside:
            weight[s.label] += s.confidence or 0.0
        paragraph.label = max(LABELS, key=lambda label: (counts[label], weight[label])) if inside else "other"
    return doc


# ---------------------------------------------------------------- training data


@dataclass
class Labelled:
    rows: list[Item]
    labels: list[str]
    groups: list[str]  # the document a row comes from ('labelled:<file>' for corpora/labelled)


def gold_documents(gold_dir: Path = GOLD_DIR) -> dict[str, list[tuple[str, str]]]:
    """(sentence text, label) of every gold document, by file stem."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ClassifyError(f"no gold folder at {gold_dir}")
    docs = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            sentences = json.loads(path.read_text(encoding="utf-8")).get("sentences") or []
            docs[path.stem] = [(s["text"], s["label"]) for s in sentences]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ClassifyError(f"{path.name}: not a gold file ({error})") from None
        bad = {label for _, label in docs[path.stem]} - set(LABELS)
        if bad:
            raise ClassifyError(f"{path.name}: unknown label {sorted(bad)[0]!r}")
    return docs


def gold_data(gold_dir: Path = GOLD_DIR) -> Labelled:
    """Gold sentences as items: a sentence is a heading when the segment stage would call it one."""
    from pipeline.segment import is_heading

    data = Labelled([], [], [])
    for stem, sentences in gold_documents(gold_dir).items():
        data.rows += items((text, is_heading(text), None) for text, _ in sentences)
        data.labels += [label for _, label in sentences]
        data.groups += [stem] * len(sentences)
    return data


def labelled_data(labelled_dir: Path = LABELLED_DIR) -> Labelled:
    """corpora/labelled/*.tsv (label, section, sentence): sentences written for training, each
    under the heading named in `section` (empty: none). A file reads as a run of short stories, so
    each row's context is the row before it; positions are unknown."""
    from pipeline.segment import is_heading

    data = Labelled([], [], [])
    for path in sorted(Path(labelled_dir).glob("*.tsv")):
        rows: list[tuple[str, bool, None]] = []
        sections: list[str | None] = []
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if reader.fieldnames != ["label", "section", "sentence"]:
                raise ClassifyError(f"{path.name}: header must be label, section, sentence")
            for number, row in enumerate(reader, start=2):
                label, section, text = row["label"], (row["section"] or "").strip(), (row["sentence"] or "").strip()
                if label not in LABELS or not text:
                    raise ClassifyError(f"{path.name}:{number}: bad row (label {label!r})")
                rows.append((text, is_heading(text), None))
                sections.append(section_label(section) if section else None)
                data.labels.append(label)
                data.groups.append(f"labelled:{path.stem}")
        data.rows += items(rows, sections, positions=False)
    return data


def weak_data(corpus_dir: Path, limit: int = 400) -> Labelled:
    """Weak labels over an unlabelled corpus (opt-in, never shipped): a sentence inside a section
    whose keyword label agrees with the section's label gets that label; at most `limit` per label."""
    from pipeline.analyze import analyze_path
    from pipeline.model import Document as Doc
    from pipeline.readers import iter_files
    from pipeline.segment import segment

    data = Labelled([], [], [])
    taken: Counter = Counter()
    for path in sorted(iter_files([Path(corpus_dir)])):
        if all(taken[label] >= limit for label in LABELS[:3]):
            break
        for doc in analyze_path(path, [segment]):
            if not isinstance(doc, Doc):
                continue
            rows = items((s.text, s.heading, s.tokens or None) for s in doc.sentences)
            for item in rows:
                label = item.section
                if (label in LABELS[:3] and not item.heading and taken[label] < limit
                        and rule_label(item.text) == label):
                    data.rows.append(item)
                    data.labels.append(label)
                    data.groups.append(f"weak:{path.name}")
                    taken[label] += 1
    return data


def _join(*parts: Labelled) -> Labelled:
    return Labelled(
        [r for p in parts for r in p.rows], [l for p in parts for l in p.labels], [g for p in parts for g in p.groups]
    )


def train(out: Path = MODEL_PATH, *, gold_dir: Path = GOLD_DIR, labelled_dir: Path = LABELLED_DIR,
          weak_dir: Path | None = None) -> dict[str, int]:
    """Train on the repo's gold and labelled sentences (plus weak labels from `weak_dir` if given)
    and write the model to `out` (skops). Same data, same model: every random choice is seeded."""
    import skops.io

    data = _join(gold_data(gold_dir), labelled_data(labelled_dir))
    if weak_dir is not None:
        data = _join(data, weak_data(Path(weak_dir)))
    if len(set(data.labels)) < len(LABELS):
        raise ClassifyError("training data must hold every label")
    model = fit(data.rows, data.labels)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        skops.io.dump(model, temporary, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
    load_model.cache_clear()
    counts = Counter(data.labels)
    return {"sentences": len(data.labels), **{label: counts[label] for label in LABELS}}


# ---------------------------------------------------------------- evaluation


def scores(system: str, gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """One row of the evaluation table: accuracy, macro-F1 and per-label P/R/F1/support."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=list(LABELS), zero_division=0)
    return {
        "system": system,
        "sentences": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(f.mean()), 4),
        "per_label": {
            label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                    "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, label in enumerate(LABELS)
        },
    }


def evaluate(gold_dir: Path = GOLD_DIR, labelled_dir: Path = LABELLED_DIR, folds: int = 8) -> dict:
    """Sentence labels against corpora/gold: the keyword baseline; the model trained on
    corpora/labelled only (every gold document held out); and the model trained on labelled plus
    gold, cross-validated by document (GroupKFold: a document's sentences are never in its own
    training fold)."""
    from sklearn.model_selection import GroupKFold

    gold = gold_data(gold_dir)
    if not gold.labels:
        raise ClassifyError(f"no gold sentences in {gold_dir}")
    rows = [scores("keyword rules", gold.labels, [rule_label(r.text, r.heading) for r in gold.rows])]
    extra = labelled_data(labelled_dir)
    if len(set(extra.labels)) == len(LABELS):
        model = fit(extra.rows, extra.labels)
        rows.append(scores("model, labelled only (all gold held out)", gold.labels,
                           [label for label, _ in predict(gold.rows, model)]))
    documents = len(set(gold.groups))
    if documents >= 2:
        k = min(folds, documents)
        predicted = [""] * len(gold.labels)
        for train_index, test_index in GroupKFold(n_splits=k).split(gold.rows, groups=gold.groups):
            part = Labelled([gold.rows[i] for i in train_index], [gold.labels[i] for i in train_index], [])
            part = _join(part, extra)
            model = fit(part.rows, part.labels)
            for i, (label, _) in zip(test_index, predict([gold.rows[i] for i in test_index], model)):
                predicted[i] = label
        rows.append(scores(f"model, {k}-fold by document", gold.labels, predicted))
    return {"rows": rows}


# ---------------------------------------------------------------- real reports, labelled by offsets

SPAN_LABELS = ROOT / "corpora" / "seed-labels.tsv"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"


def read_span_labels(path: Path = SPAN_LABELS) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, label) by document prefix from a TSV `seed, start, end, label`: labels of real
    reports that may not be copied, so the file holds offsets into the cleaned text, never text."""
    path = Path(path)
    if not path.is_file():
        raise ClassifyError(f"no span labels at {path}")
    spans: dict[str, list[tuple[int, int, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != ["seed", "start", "end", "label"]:
            raise ClassifyError(f"{path.name}: header must be seed, start, end, label")
        for number, row in enumerate(reader, start=2):
            try:
                start, end = int(row["start"]), int(row["end"])
            except (TypeError, ValueError):
                raise ClassifyError(f"{path.name}:{number}: start and end must be integers") from None
            if row["label"] not in LABELS or not row["seed"] or not 0 <= start < end:
                raise ClassifyError(f"{path.name}:{number}: bad row")
            spans.setdefault(row["seed"], []).append((start, end, row["label"]))
    return spans


def _aligned(gold: list[tuple[int, int, str]], predicted: list[tuple[int, int, str]]) -> tuple[list[str], Counter]:
    """The predicted label for each gold span: the sentence with the same offsets, else the one
    covering most of it (at least half), else 'none' (a miss). Counts how each span was found."""
    exact = {(a, b): label for a, b, label in predicted}
    out, how = [], Counter()
    for start, end, _ in gold:
        if (start, end) in exact:
            out.append(exact[start, end])
            how["exact"] += 1
            continue
        overlap, label = max(((min(end, b) - max(start, a), label) for a, b, label in predicted), default=(0, ""))
        found = overlap * 2 >= end - start
        out.append(label if found else "none")
        how["overlap" if found else "missing"] += 1
    return out, how


def span_evaluation(labels_path: Path = SPAN_LABELS, docs_dir: Path = SEEDS_DIR, model=None) -> dict:
    """Sentence labels of real reports (`docs_dir`, labelled by offsets in `labels_path`) against the
    keyword rules and the model (the shipped one unless `model` is given), the whole classify stage
    as it runs on a document."""
    from pipeline.analyze import analyze_path
    from pipeline.segment import segment

    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        raise ClassifyError(f"no documents at {docs_dir}")
    gold: list[str] = []
    systems: dict[str, list[str]] = {"keyword rules": [], "model": []}
    how: Counter = Counter()
    for prefix, spans in sorted(read_span_labels(labels_path).items()):
        paths = sorted(docs_dir.glob(f"{prefix}_*")) or sorted(docs_dir.glob(f"{prefix}.*"))
        docs = [d for d in analyze_path(paths[0], [segment]) if isinstance(d, Document)] if paths else []
        if not docs:
            raise ClassifyError(f"no document {prefix!r} in {docs_dir}")
        sentences = docs[0].sentences
        rows = items((s.text, s.heading, s.tokens or None) for s in sentences)
        for system, labels in (("keyword rules", [rule_label(r.text, r.heading) for r in rows]),
                               ("model", [label for label, _ in predict(rows, model)])):
            found, counts = _aligned(spans, [(s.start, s.end, l) for s, l in zip(sentences, labels)])
            systems[system] += found
        how += counts
        gold += [label for _, _, label in spans]
    rows = []
    for system, found in systems.items():
        row = scores(system, gold, found)
        row["confusion"] = {g: {p: sum(1 for a, b in zip(gold, found) if (a, b) == (g, p))
                                for p in (*LABELS, "none")} for g in LABELS}
        rows.append(row)
    return {"rows": rows, "aligned": {key: how[key] for key in ("exact", "overlap", "missing")}}
