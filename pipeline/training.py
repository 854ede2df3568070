"""Training and measuring the sentence classifier (the stage itself is pipeline/classify.py).

Data: the team's own writing (corpora/gold, corpora/labelled) and real documents labelled by hand
(../shared/realgold and corpora/real/dev and corpora/real/train, offsets resolved against ../shared).
corpora/real/test is never read here: it is only for reporting. The model holds weights of hashed
features, never words, so training on real text puts no text of it into the model file.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cues import rule_label, section_label
from pipeline.model import LABELS
from pipeline.passage_model import (
    BUCKETS,
    MODEL_PATH,
    ROOT,
    ClassifyError,
    Item,
    LinearModel,
    hashed_rows,
    items,
    load_model,
    model_input,
    predict,
    with_neighbours,
)
from pipeline.settings import SETTINGS

GOLD_DIR = ROOT / "corpora" / "gold"
LABELLED_DIR = ROOT / "corpora" / "labelled"
REAL_DIRS = (ROOT.parent / "shared" / "realgold" / "gold", ROOT / "corpora" / "real" / "dev",
             ROOT / "corpora" / "real" / "train")


@dataclass
class Labelled:
    rows: list[Item] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # the document a row comes from

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(self.rows + other.rows, self.labels + other.labels, self.groups + other.groups)

    def take(self, indices: Iterable[int]) -> Labelled:
        indices = list(indices)
        return Labelled([self.rows[i] for i in indices], [self.labels[i] for i in indices],
                        [self.groups[i] for i in indices])


def _document(data: Labelled, group: str, sentences: list[tuple[str, str]]) -> None:
    from pipeline.segment import is_heading

    bad = {label for _, label in sentences} - set(LABELS)
    if bad:
        raise ClassifyError(f"{group}: unknown label {sorted(bad)[0]!r}")
    data.rows += items((text, is_heading(text), None) for text, _ in sentences)
    data.labels += [label for _, label in sentences]
    data.groups += [group] * len(sentences)


def gold_data(gold_dir: Path = GOLD_DIR) -> Labelled:
    """The team's gold documents (corpora/gold): sentences in document order."""
    data = Labelled()
    for path in sorted(Path(gold_dir).glob("*.json")):
        sentences = json.loads(path.read_text(encoding="utf-8")).get("sentences") or []
        _document(data, f"team:{path.stem}", [(s["text"], s["label"]) for s in sentences])
    return data


def labelled_data(labelled_dir: Path = LABELLED_DIR) -> Labelled:
    """corpora/labelled/*.tsv (label, section, sentence): sentences the team wrote for training,
    each under the heading named in `section`; a file reads as a run of short stories."""
    from pipeline.segment import is_heading

    data = Labelled()
    for path in sorted(Path(labelled_dir).glob("*.tsv")):
        rows, sections = [], []
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


def real_data(folders: Sequence[Path] = REAL_DIRS) -> Labelled:
    """Labelled sentences of real documents (empty, with no error, when ../shared is absent)."""
    from pipeline import realscore

    data = Labelled()
    present = [f for f in folders if f.is_dir() and any(f.glob("*.json"))]
    try:
        golds = realscore.load(present)
    except FileNotFoundError:
        return data
    for gold in golds:
        sentences = [(s["text"], s["label"]) for s in gold.gold.get("sentences", [])]
        if sentences:
            _document(data, f"real:{gold.name}", sentences)
    return data


def training_data() -> tuple[Labelled, Labelled]:
    """(team-written, real) training data."""
    return gold_data() + labelled_data(), real_data()


def _matrix(rows: Sequence[Item]):
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for i, v in hashed_rows(model_input(rows)):
        indices += i.tolist()
        values += v.tolist()
        indptr.append(len(indices))
    return csr_matrix((np.asarray(values), np.asarray(indices), np.asarray(indptr)),
                      shape=(len(rows), BUCKETS))


def fit(data: Labelled, c: float | None = None, stack: bool = True, team_weight: float | None = None) -> LinearModel:
    """A linear support vector machine on the hashed features (one against the rest, class-balanced),
    then (`stack`) a softmax regression over each sentence's scores and its neighbours', fitted on
    out-of-fold scores (grouped by document): calibrated confidences, and grouped 8-fold macro-F1
    0.782 against 0.774 for the scores alone (`baocao train --cv`, models/README.md)."""
    import numpy as np
    from sklearn.svm import LinearSVC

    if len(set(data.labels)) < len(LABELS):
        raise ClassifyError("training data must hold every label")
    x = _matrix(data.rows)
    c = SETTINGS.classifier_c if c is None else c
    team_weight = SETTINGS.team_weight if team_weight is None else team_weight
    estimator = LinearSVC(C=c, class_weight="balanced", max_iter=5000, random_state=0)
    weights = [1.0 if group.startswith("real:") else team_weight for group in data.groups]
    estimator.fit(x, data.labels, sample_weight=weights)
    model = LinearModel(tuple(str(c) for c in estimator.classes_), estimator.coef_.astype(np.float32),
                        estimator.intercept_.astype(np.float64))
    if not stack:
        return model
    scores = out_of_fold(data, lambda part: fit(part, c, stack=False, team_weight=team_weight))
    second = _second_step(with_neighbours(scores, data.groups), data.labels)
    if tuple(str(c) for c in second.classes_) != model.classes:  # both sort the labels: rows line up
        raise ClassifyError("the two steps disagree on the labels' order")
    return LinearModel(model.classes, model.coef, model.intercept, second.coef_, second.intercept_)


def out_of_fold(data: Labelled, fit_part, folds: int = 5):
    """First-step scores of every row, in the rows' order, by a model that did not see its document
    (grouped folds; `fit_part` trains one on the other documents)."""
    import numpy as np

    scores = np.zeros((len(data.labels), len(LABELS)))
    for train, test in _folds(data, folds):
        scores[test] = fit_part(data.take(train)).scores(model_input(data.take(test).rows))
    return scores


def _second_step(features, labels: Sequence[str]):
    """The softmax regression over a sentence's scores and its neighbours' (with_neighbours)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=SETTINGS.stack_c, max_iter=2000).fit(features, labels)


def _folds(data: Labelled, k: int):
    from sklearn.model_selection import GroupKFold

    k = min(k, len(set(data.groups)))
    yield from GroupKFold(n_splits=k).split(data.rows, groups=data.groups)


def train(out: Path = MODEL_PATH) -> dict[str, int]:
    """Train on every labelled sentence (team-written and real) and write the model (.npz).
    Same data, same model: no step is random."""
    team, real = training_data()
    data = team + real
    model = fit(data)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=".npz")
    os.close(handle)
    try:
        model.save(Path(temporary))
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
    load_model.cache_clear()
    counts = Counter(data.labels)
    return {"sentences": len(data.labels), "real": len(real.labels), **{label: counts[label] for label in LABELS}}


def scores(system: str, gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Accuracy, macro-F1 and per-label P/R/F1/support."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=list(LABELS), zero_division=0)
    return {"system": system, "sentences": len(gold),
            "accuracy": round(float(accuracy_score(gold, predicted)), 4),
            "macro_f1": round(float(f.mean()), 4),
            "per_label": {label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                                  "f1": round(float(f[i]), 4), "support": int(s[i])}
                          for i, label in enumerate(LABELS)}}


def cross_validate(folds: int = 8, fractions: Sequence[float] = (0.25, 0.5, 1.0)) -> list[dict]:
    """On the real labelled sentences, grouped by document: the keyword rules; the model trained on
    the team's writing only; and the model trained on the team's writing plus 25/50/100% of the
    other real documents (a learning curve: does more real data still help?)."""
    team, real = training_data()
    if not real.labels:
        raise ClassifyError("no real labelled sentences (needs ../shared beside the project)")
    rows = [scores("keyword rules", real.labels, [rule_label(r.text, r.heading) for r in real.rows])]
    team_model = fit(team, stack=False)
    rows.append(scores("team-written data only", real.labels, [l for l, _ in predict(real.rows, team_model)]))
    for fraction in fractions:
        predicted = [""] * len(real.labels)
        for train_index, test_index in _folds(real, folds):
            documents = sorted({real.groups[i] for i in train_index})
            kept = set(documents[:: max(1, round(1 / fraction))] if fraction < 1 else documents)
            part = team + real.take(i for i in train_index if real.groups[i] in kept)
            model = fit(part, stack=False)
            for i, (label, _) in zip(test_index, predict(real.take(test_index).rows, model)):
                predicted[i] = label
        rows.append(scores(f"team + {fraction:.0%} of real, {folds}-fold by document", real.labels, predicted))
    # the second step, on the same folds: fitted on the first step's out-of-fold scores of the other documents
    first = with_neighbours(out_of_fold(real, lambda part: fit(team + part, stack=False), folds), real.groups)
    predicted = [""] * len(real.labels)
    for train_index, test_index in _folds(real, folds):
        second = _second_step(first[train_index], [real.labels[i] for i in train_index])
        for i, label in zip(test_index, second.predict(first[test_index])):
            predicted[i] = str(label)
    rows.append(scores(f"+ neighbours' scores (second step), {folds}-fold by document", real.labels, predicted))
    return rows
