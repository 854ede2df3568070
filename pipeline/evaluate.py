"""Measure the pipeline against the hand annotations in corpora/gold (format: corpora/gold/README.md).

Gold carries no character offsets, so everything is matched by text, which keeps the figures
honest whatever the cleaner or splitter does: entities as (label, text) multisets per document,
references by (type, number), sentences by finding their text in the cleaned body and taking the
label that covers most of it. Strings are compared after `fold` and whitespace normalisation, so a
writer's tone style ('uỷ'/'ủy') is never counted as a mistake. Precision is undefined (NaN) with no
prediction and recall with no gold item; F1 = 2 tp / (gold + predicted) is defined whenever either
exists. `evaluate(gold_dir)` returns a `Report` of pandas DataFrames for notebooks;
`baocao eval` prints it (`print_report`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.baseline import NER_LABELS, ner_entities
from pipeline.fold import fold
from pipeline.model import LABELS, Document, Entity
from pipeline.realscore import prf

__all__ = ["ENTITY_LABELS", "Gold", "GoldError", "Report", "align_labels", "evaluate", "load_gold",
           "score"]

ENTITY_LABELS = ("ORG", "PER", "LOC", "COUNT", "PERCENT", "DATE", "DURATION")
NORM_KEYS = {"COUNT": ("value", "unit"), "PERCENT": ("value",), "DURATION": ("value", "unit"),
             "DATE": ("iso",), "PER": ("title",)}
REF_FIELDS = ("symbol", "issuer", "plenum", "term", "session", "date")
META_FIELDS = ("title", "date", "place", "province")
MISSING = "(none)"  # predicted label of a gold sentence found nowhere in the output
REQUIRED = {"entities": ("label", "text"), "references": ("type",), "sentences": ("text", "label")}


class GoldError(ValueError):
    """A gold folder or file that cannot be used (missing, not JSON, wrong shape, unknown source)."""


@dataclass
class Gold:
    """One annotated document (one file of corpora/gold)."""

    name: str
    source: Path
    record: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    references: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Report:
    """Every table of one evaluation; `errors` lists each missed, spurious or wrong item per document."""

    documents: int
    entities: pd.DataFrame
    references: pd.DataFrame
    fields: pd.DataFrame
    labels: pd.DataFrame
    confusion: pd.DataFrame
    metadata: pd.DataFrame
    errors: pd.DataFrame
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """All figures (not the error lists) as plain JSON, e.g. for DVC metrics."""
        entities: dict[str, dict] = defaultdict(dict)
        for row in _records(self.entities):
            entities[row.pop("system")][row.pop("label")] = row
        data = {"documents": self.documents, "summary": self.summary, "entities": dict(entities),
                "references": _keyed(self.references, "type"), "fields": _keyed(self.fields, "field"),
                "labels": _keyed(self.labels, "label"), "confusion": _records(self.confusion.T, index=True),
                "metadata": _keyed(self.metadata, "field")}
        return data


def _records(frame: pd.DataFrame, index: bool = False) -> Any:
    clean = lambda v: None if isinstance(v, float) and math.isnan(v) else (v.item() if hasattr(v, "item") else v)
    if index:
        return {str(k): {str(c): clean(v) for c, v in col.items()} for k, col in frame.to_dict().items()}
    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _keyed(frame: pd.DataFrame, key: str) -> dict[str, dict]:
    return {row.pop(key): row for row in _records(frame)}


# ---------------------------------------------------------------------------------------------
# Loading gold and running the pipeline


def load_gold(gold_dir: Path) -> list[Gold]:
    """Every gold file of a folder; sources are resolved against the repository the folder is in."""
    gold_dir = Path(gold_dir)
    files = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not files:
        raise GoldError(f"no gold files (*.json) in {gold_dir}")
    golds = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("source"), str):
                raise ValueError("no 'source' path")
            source = Path(data["source"])
            record = data.get("record")
            if not isinstance(data.get("metadata", {}), dict) or not (record is None or isinstance(record, int)):
                raise ValueError("'metadata' must be an object and 'record' an integer or null")
            for part, keys in REQUIRED.items():
                items = data.get(part) or []
                if not isinstance(items, list) or not all(
                        isinstance(item, dict) and all(isinstance(item.get(k), str) for k in keys) for item in items):
                    raise ValueError(f"every item of '{part}' needs a string {' and '.join(keys)}")
        except (OSError, ValueError) as error:
            raise GoldError(f"{path}: not a gold file ({error})") from None
        if not source.is_absolute() and not source.exists():
            source = gold_dir.resolve().parent.parent / source
        if not source.exists():
            raise GoldError(f"{path}: source {data['source']} not found")
        golds.append(Gold(path.stem, source, record, data.get("metadata") or {}, data.get("references") or [],
                          data.get("entities") or [], data.get("sentences") or []))
    return golds


def _predict(golds: list[Gold], steps: Iterable | None) -> list[tuple[Gold, Document, str | None]]:
    """(gold, the pipeline's document, why it is missing) for each gold file; each source is analysed once."""
    from pipeline.analyze import Skipped, analyze_path

    results: dict[Path, list] = {}
    pairs = []
    for gold in golds:
        if gold.source not in results:
            results[gold.source] = list(analyze_path(gold.source, steps))
        found = results[gold.source]
        if gold.record is not None:
            found = [r for r in found if r.source.endswith(f"#{gold.record}")]
        if found and isinstance(found[0], Document):
            pairs.append((gold, found[0], None))
        else:
            skipped = [r for r in found or results[gold.source] if isinstance(r, Skipped)]
            why = skipped[0].reason if skipped else f"no record {gold.record}"
            pairs.append((gold, Document(id="", source=str(gold.source), text=""), why))
    return pairs


def evaluate(gold_dir: Path, *, baseline: bool = True, steps: Iterable | None = None) -> Report:
    """Run the pipeline (`steps`: analyze's stages unless given) on every gold document and score it.

    `baseline` adds underthesea.ner's ORG/PER/LOC rows.
    """
    golds = load_gold(Path(gold_dir))
    report = score(_predict(golds, steps), baseline=ner_entities if baseline else None)
    from pipeline.training import GOLD_DIR

    # The shipped model learnt from corpora/gold: its labels there are no held-out figure.
    report.summary["labels_in_training_data"] = Path(gold_dir).resolve() == GOLD_DIR.resolve()
    return report


# ---------------------------------------------------------------------------------------------
# Scoring


def _norm(value: Any) -> Any:
    """The form two values are compared in: folded, single-spaced strings; numbers as floats."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return " ".join(fold(str(value)).split())


def _prf(tp: int, gold: int, predicted: int) -> dict[str, float]:
    return dict(zip(("precision", "recall", "f1"), prf(tp, predicted - tp, gold - tp, undefined=float("nan"))))


def _match(gold: list, predicted: list, key: Callable[[Any], Any]):
    """Pair gold and predicted items with equal keys, first with first; the rest are missed and spurious."""
    waiting: dict[Any, deque] = defaultdict(deque)
    for i, item in enumerate(predicted):
        waiting[key(item)].append(i)
    pairs, missed, used = [], [], set()
    for item in gold:
        queue = waiting.get(key(item))
        if queue:
            used.add(queue[0])
            pairs.append((item, predicted[queue.popleft()]))
        else:
            missed.append(item)
    return pairs, missed, [p for i, p in enumerate(predicted) if i not in used]


class _Tally:
    """Counts per group (entity label, reference type) -> rows of P/R/F1."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)

    def add(self, group: str, **counts: int) -> None:
        self.counts[group].update(counts)

    def rows(self, groups: Iterable[str], total: dict[str, Iterable[str]], extra: Callable[[Counter], dict]):
        rows = []
        for name, members in [(g, [g]) for g in groups] + list(total.items()):
            c = sum((self.counts[m] for m in members), Counter())
            rows.append({"label": name, "gold": c["gold"], "predicted": c["predicted"], "correct": c["tp"],
                         **_prf(c["tp"], c["gold"], c["predicted"]), **extra(c)})
        return rows


def _entity_key(item: dict) -> tuple:
    return item["label"], _norm(item["text"])


def _score_entities(pairs, predict: Callable[[Document], list[Entity]], system: str, errors: list[dict],
                    baseline: bool = False) -> list[dict]:
    """Rows per label, then micro totals. A baseline is scored on ORG/PER/LOC only, without norms
    (its mistakes are not listed in `errors`: they are not ours to fix)."""
    labels = NER_LABELS if baseline else ENTITY_LABELS
    tally = _Tally()
    for gold, doc, _ in pairs:
        gold_items = [e for e in gold.entities if not baseline or e.get("label") in labels]
        found = [{"label": e.label, "text": e.text, "norm": e.norm} for e in predict(doc)]
        matched, missed, spurious = _match(gold_items, found, _entity_key)
        for label, n in Counter(e["label"] for e in gold_items).items():
            tally.add(label, gold=n)
        for label, n in Counter(e["label"] for e in found).items():
            tally.add(label, predicted=n)
        for g, p in matched:
            keys = () if baseline else NORM_KEYS.get(g["label"], ())
            want = {k: (g.get("norm") or {}).get(k) for k in keys}
            got = {k: (p["norm"] or {}).get(k) for k in keys}
            same = all(_norm(want[k]) == _norm(got[k]) for k in keys)
            tally.add(g["label"], tp=1, norm_checked=bool(keys), norm_correct=bool(keys) and same)
            if not same:
                errors.append(_error(gold, "entity norm", "wrong", f"{g['label']} {g['text']}", want, got))
        errors += [_error(gold, "entity", "missed", e["label"], e["text"]) for e in missed]
        errors += [_error(gold, "entity", "spurious", e["label"], None, e["text"]) for e in spurious]
    others = sorted(set(tally.counts) - set(labels))
    totals = {"overall": list(labels) + others}
    if not baseline:
        totals["ORG+PER+LOC"] = list(NER_LABELS)
    norm = lambda c: {"norm_accuracy": c["norm_correct"] / c["norm_checked"] if c["norm_checked"] else float("nan")}
    return [{"system": system, **row} for row in tally.rows(list(labels) + others, totals, norm)]


def _ref_key(ref: dict) -> tuple:
    number = ref.get("number")
    if number:
        return _norm(ref.get("type")), str(number).lstrip("0") or "0"
    return _norm(ref.get("type")), None, _norm(ref.get("plenum")), _norm(ref.get("term"))


def _type(ref: dict) -> str:
    return _norm(ref.get("type")) or "?"


def _ref_name(ref: dict) -> str:
    return " ".join(str(v) for v in (ref.get("type"), ref.get("number") or (ref.get("plenum") and
                    f"TW{ref['plenum']}"), ref.get("symbol"), ref.get("term")) if v)


def _score_references(pairs, errors: list[dict]) -> tuple[list[dict], list[dict]]:
    tally, fields = _Tally(), Counter()
    for gold, doc, _ in pairs:
        found = [{**r.to_dict(), "mentions": [m.text for m in r.mentions]} for r in doc.references]
        matched, missed, spurious = _match(gold.references, found, _ref_key)
        for g in gold.references:
            tally.add(_type(g), gold=1)
        for p in found:
            tally.add(_type(p), predicted=1)
        for g, p in matched:
            name = _ref_name(g)
            for f in REF_FIELDS:
                same = _norm(g.get(f)) == _norm(p.get(f))
                fields.update({f"{f} correct": same, f"{f} matched": 1})
                if not same:
                    errors.append(_error(gold, "reference field", "wrong", f"{name}: {f}", g.get(f), p.get(f)))
            found_mentions, lost, extra = _match(g.get("mentions") or [], p["mentions"], _norm)
            tally.add(_type(g), tp=1, mentions=len(g.get("mentions") or []),
                      mentions_found=len(found_mentions))
            errors += [_error(gold, "mention", "missed", name, m) for m in lost]
            errors += [_error(gold, "mention", "spurious", name, None, m) for m in extra]
        errors += [_error(gold, "reference", "missed", _ref_name(r), " | ".join(r.get("mentions") or []))
                   for r in missed]
        errors += [_error(gold, "reference", "spurious", _ref_name(r), None, " | ".join(r["mentions"]))
                   for r in spurious]
    recall = lambda c: {"mention_recall": c["mentions_found"] / c["mentions"] if c["mentions"] else float("nan")}
    rows = tally.rows(sorted(tally.counts), {"overall": list(tally.counts)}, recall)
    field_rows = [{"field": f, "matched": fields[f"{f} matched"], "correct": fields[f"{f} correct"],
                   "accuracy": fields[f"{f} correct"] / fields[f"{f} matched"] if fields[f"{f} matched"]
                   else float("nan")} for f in REF_FIELDS]
    return [{"type": r.pop("label"), **r} for r in rows], field_rows


def _words(text: str) -> list[str]:
    return fold(text).split()


def _shared(a: str, b: str) -> int:
    """Characters of the words two sentences share (a multiset overlap)."""
    return sum(len(w) * n for w, n in (Counter(_words(a)) & Counter(_words(b))).items())


def align_labels(gold_sentences: list[str], doc: Document) -> list[tuple[str, str]]:
    """(predicted label, how) for each gold sentence text, in order.

    The gold text is found in the body (whitespace-insensitive, searching on from the previous
    one) and gets the label that covers most of its characters: the label of the predicted
    sentence when the boundaries agree ('exact'), a majority when the splitter cut or merged it
    differently ('split'). A text the cleaner changed falls back to the predicted sentence sharing
    the most word characters ('overlap'); with nothing shared it is (MISSING, 'missing').
    """
    folded, cursor, result = fold(doc.text), 0, []
    for text in gold_sentences:
        words = _words(text)
        pattern = re.compile(r"\s+".join(map(re.escape, words))) if words else None
        m = pattern and (pattern.search(folded, cursor) or pattern.search(folded))
        if m:
            cursor = m.end()
            cover: Counter = Counter()
            for s in doc.sentences:
                cover[s.label] += max(0, min(m.end(), s.end) - max(m.start(), s.start))
            label, chars = cover.most_common(1)[0] if cover else (MISSING, 0)
            if chars:
                exact = any(_words(s.text) == words for s in doc.sentences if s.start <= m.start() < s.end)
                result.append((label, "exact" if exact else "split"))
                continue
        best = max(doc.sentences, key=lambda s: _shared(text, s.text), default=None)
        found = best is not None and _shared(text, best.text) > 0
        result.append((best.label, "overlap") if found else (MISSING, "missing"))
    return result


def _score_labels(pairs, errors: list[dict]) -> tuple[list[dict], pd.DataFrame, dict[str, float]]:
    truth, guess, how = [], [], Counter()
    for gold, doc, _ in pairs:
        texts = [s.get("text", "") for s in gold.sentences]
        for sentence, (label, way) in zip(gold.sentences, align_labels(texts, doc)):
            truth.append(sentence.get("label"))
            guess.append(label)
            how[way] += 1
            if label != sentence.get("label"):
                errors.append(_error(gold, "sentence", "wrong", sentence.get("label"), sentence.get("text"), label))
    rows = []
    for label in LABELS:
        tp = sum(t == g == label for t, g in zip(truth, guess))
        rows.append({"label": label, "gold": truth.count(label), "predicted": guess.count(label),
                     "correct": tp, **_prf(tp, truth.count(label), guess.count(label))})
    macro = {k: sum(r[k] for r in rows if not math.isnan(r[k])) / len(rows) for k in ("precision", "recall", "f1")}
    correct = sum(t == g for t, g in zip(truth, guess))
    rows.append({"label": "macro", "gold": len(truth), "predicted": len(guess) - guess.count(MISSING),
                 "correct": correct, **macro})
    columns = list(LABELS) + [MISSING]
    confusion = pd.crosstab(pd.Categorical(truth, categories=list(LABELS), ordered=True),
                            pd.Categorical(guess, categories=columns, ordered=True),
                            rownames=["gold"], colnames=["predicted"], dropna=False)
    summary = {"accuracy": correct / len(truth) if truth else float("nan"), "macro_f1": macro["f1"],
               **{f"aligned_{way}": how[way] for way in ("exact", "split", "overlap", "missing")}}
    return rows, confusion, summary


def _score_metadata(pairs, errors: list[dict]) -> list[dict]:
    correct = Counter()
    for gold, doc, _ in pairs:
        for f in META_FIELDS:
            want, got = gold.metadata.get(f), getattr(doc.metadata, f, None)
            a, b = _norm(want), _norm(got)
            if f == "place":  # 'Quận Bình Thủy' at a sentence start and 'quận Bình Thủy' are one place
                a, b = (v.casefold() if isinstance(v, str) else v for v in (a, b))
            correct[f] += a == b
            if a != b:
                errors.append(_error(gold, "metadata", "wrong", f, want, got))
    n = len(pairs)
    return [{"field": f, "documents": n, "correct": correct[f], "accuracy": correct[f] / n if n else float("nan")}
            for f in META_FIELDS]


def _error(gold: Gold, part: str, kind: str, label: str, gold_text: Any = None, predicted: Any = None) -> dict:
    return {"document": gold.name, "part": part, "kind": kind, "label": label, "gold": gold_text,
            "predicted": predicted}


def score(pairs: list[tuple[Gold, Document, str | None]],
          baseline: Callable[[Document], list[Entity]] | None = None) -> Report:
    """Score documents against their gold: (gold, document, why the document is missing or None).

    `baseline` finds ORG/PER/LOC in a document (e.g. `ner_entities`), scored on those labels only.
    """
    errors = [_error(gold, "document", "missing", why) for gold, _, why in pairs if why]
    entities = _score_entities(pairs, lambda d: d.entities, "baocao", errors)
    if baseline is not None:
        entities += _score_entities(pairs, baseline, "underthesea", [], baseline=True)
    references, fields = _score_references(pairs, errors)
    labels, confusion, sentence_summary = _score_labels(pairs, errors)
    metadata = _score_metadata(pairs, errors)
    entity = {(r["system"], r["label"]): r for r in entities}
    matched = sum(r["correct"] for r in metadata)
    summary = {"entities_f1": entity["baocao", "overall"]["f1"],
               "references_f1": references[-1]["f1"], "mention_recall": references[-1]["mention_recall"],
               "labels_accuracy": sentence_summary.pop("accuracy"), "labels_macro_f1": sentence_summary.pop("macro_f1"),
               "metadata_accuracy": matched / (len(pairs) * len(META_FIELDS)) if pairs else float("nan"),
               **{f"sentences_{k}": v for k, v in sentence_summary.items()}}
    summary["ner_f1"] = entity["baocao", "ORG+PER+LOC"]["f1"]
    if baseline is not None:
        summary["baseline_ner_f1"] = entity["underthesea", "overall"]["f1"]
    return Report(len(pairs), pd.DataFrame(entities), pd.DataFrame(references), pd.DataFrame(fields),
                  pd.DataFrame(labels), confusion, pd.DataFrame(metadata),
                  pd.DataFrame(errors, columns=["document", "part", "kind", "label", "gold", "predicted"]),
                  {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in summary.items()})
