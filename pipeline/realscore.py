"""Measure the pipeline on real text: gold in ../shared/realgold's format (GUIDE.md there).

Gold comes from two places: ../shared/realgold itself (text-keyed gold files, `doc` naming an
input or a seed) and the project's own annotations in corpora/real/ (offsets into documents of
../shared, resolved by `pipeline.realtext`). The figures are those of ../shared/realgold/score.py,
computed the same way (same normalisation, same greedy matching), so the two always agree; on top
of them come per-document rows and the list of misses a developer needs to find failure kinds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.model import LABELS
from pipeline.realtext import from_offsets

SHARED = Path(__file__).resolve().parents[2] / "shared"
TONE = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
        "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
LAW_TYPES = {"luật", "bộ luật", "hiến pháp"}
# The headline figures the CI gate watches (corpora/real/floors.json).
HEADLINE = ("sent_macro_f1", "org_f1", "ref_f1", "ref_mention_recall", "count_f1",
            "clean_boilerplate_dropped", "meta_date")


@dataclass
class RealGold:
    name: str
    gold: dict
    source: Path
    record: int | None = None


@dataclass
class Tally:
    """Counts summed over documents; `misses` lists what went wrong, per document."""

    counts: Counter = field(default_factory=Counter)
    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, text, gold, predicted
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # doc, kind, what
    confidence: list[tuple[float, bool]] = field(default_factory=list)  # a found sentence's, and was it right


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold()
    for old, new in TONE.items():
        s = s.replace(old, new)
    s = s.replace("qui ", "quy ").replace("qui định", "quy định")
    return re.sub(r"\s+", " ", s).strip(" .,;:!?\"“”'()-–")


def squash(s: str | None) -> str:
    return re.sub(r"[\W_]+", "", norm(s))


def _num(s: Any) -> str | None:
    return None if s is None else (str(s).strip().lstrip("0") or "0")


def prf(tp: int, fp: int, fn: int, undefined: float | None = None) -> tuple[float, float, float]:
    """Precision, recall, F1: the one formula of every evaluation. A ratio with nothing to divide
    by is `undefined` when one is given (NaN in the team-gold tables: no such item), else as
    score.py has it (precision 1 when nothing was predicted and nothing missed, recall 1 when
    there was nothing to find)."""
    if undefined is not None:
        return (tp / (tp + fp) if tp + fp else undefined, tp / (tp + fn) if tp + fn else undefined,
                2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else undefined)
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def contains(a: str, b: str, ratio: float = 0.5) -> bool:
    """One contains the other and the shorter is at least `ratio` of the longer."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= ratio * len(long_)


def greedy(golds: list, preds: list, match: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and match(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _same_type(a: str | None, b: str | None) -> bool:
    a, b = norm(a), norm(b)
    return (a in LAW_TYPES and b in LAW_TYPES) or a == b or bool(a and b and (a.startswith(b) or b.startswith(a)))


def _same_issuer(a: str | None, b: str | None) -> bool:
    a, b = squash(a), squash(b)
    return not (a and b) or a in b or b in a


def _mentions(ref: dict) -> list[str]:
    return [m["text"] if isinstance(m, dict) else m for m in ref.get("mentions", [])]


def ref_match(g: dict, p: dict) -> bool:
    if not _same_type(g.get("type"), p.get("type")):
        return False
    gn, pn = _num(g.get("number")), _num(p.get("number"))
    if gn is not None or pn is not None:
        return gn == pn and _same_issuer(g.get("issuer"), p.get("issuer"))
    if g.get("plenum") is not None or p.get("plenum") is not None:
        gt, pt = g.get("term"), p.get("term")
        return str(g.get("plenum")) == str(p.get("plenum")) and not (gt and pt and norm(gt) != norm(pt))
    return any(contains(a, b, 0.3) for a in g.get("mentions", []) for b in _mentions(p))


def _ngrams(s: str, n: int = 4) -> set[str]:
    s = squash(s)
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def _ref_name(ref: dict) -> str:
    mentions = ref.get("mentions") or [""]
    return f"{ref.get('type')} {ref.get('number') or ref.get('canonical') or ''} «{_mentions({'mentions': mentions})[0]}»"


def score_document(name: str, gold: dict, pred: dict, tally: Tally) -> Counter:
    """Add one document's counts to `tally` (and return them, for the per-document rows)."""
    t: Counter = Counter()
    miss = tally.misses.append
    if gold.get("parts") == ["indicators"]:  # an annotation of indicator values only
        _score_indicators(name, gold["indicators"], pred.get("indicators") or [], t, miss)
        t["ind_only_documents"] = 1
        tally.counts.update(t)
        return t
    text = pred.get("text") or ""
    ntext = norm(text)
    clean = gold.get("clean", {})
    for bad in clean.get("forbidden", []):
        hits = text.casefold().count(bad.casefold())
        t["clean_forbidden_hits"] += hits
        if hits:
            miss((name, "forbidden left", bad))
    for phrase in clean.get("required", []):
        t["clean_required_total"] += 1
        t["clean_required_found"] += norm(phrase) in ntext
        if norm(phrase) not in ntext:
            miss((name, "required lost", phrase))
    for line in clean.get("boilerplate", []):
        if not norm(line):
            continue  # a bare tag ('<img src=...>'): no text that could be left
        t["clean_boiler_total"] += 1
        t["clean_boiler_dropped"] += norm(line) not in ntext
        if norm(line) in ntext:
            miss((name, "furniture left", line))
    gmeta, pmeta = gold.get("metadata", {}), pred.get("metadata") or {}
    for key in ("title", "date", "place", "province"):
        if gmeta.get(key):
            t[f"meta_{key}_total"] += 1
            got = pmeta.get(key)
            ok = gmeta[key] == got if key == "date" else contains(gmeta[key], got or "", 0.5)
            t[f"meta_{key}_ok"] += bool(ok)
            if not ok:
                miss((name, f"{key} wrong", f"{gmeta[key]!r} got {got!r}"))
    grefs, prefs = gold.get("references", []), pred.get("references") or []
    pairs = greedy(grefs, prefs, ref_match)
    t["ref_tp"] += len(pairs)
    t["ref_fp"] += len(prefs) - len(pairs)
    t["ref_fn"] += len(grefs) - len(pairs)
    for gi, pi in pairs:
        g, p = grefs[gi], prefs[pi]
        for key in ("issuer", "symbol", "term", "date"):
            if g.get(key):
                t[f"ref_{key}_total"] += 1
                a, b = squash(g[key]), squash(p.get(key) or "")
                ok = a == b or (key == "issuer" and bool(a) and bool(b) and (a in b or b in a))
                t[f"ref_{key}_ok"] += ok
                if not ok:
                    miss((name, f"reference {key} wrong", f"{_ref_name(g)}: {g[key]!r} got {p.get(key)!r}"))
    found = {g for g, _ in pairs}
    used = {p for _, p in pairs}
    for i, ref in enumerate(grefs):
        if i not in found:
            miss((name, "reference missed", _ref_name(ref)))
    for i, ref in enumerate(prefs):
        if i not in used:
            miss((name, "reference spurious", _ref_name(ref)))
    predicted_mentions = [m for p in prefs for m in _mentions(p)]
    for ref in grefs:
        for mention in ref.get("mentions", []):
            t["ref_mention_total"] += 1
            hit = any(contains(mention, x, 0.4) for x in predicted_mentions)
            t["ref_mention_found"] += hit
            if not hit:
                miss((name, "mention missed", mention))
    entities = pred.get("entities") or []
    gorg = list(dict.fromkeys(norm(o["mention"]) for o in gold.get("organizations", [])))
    porg = list(dict.fromkeys(norm(e["text"]) for e in entities if e.get("label") == "ORG"))
    org_pairs = greedy(gorg, porg, lambda a, b: contains(a, b, 0.5))
    t["org_strict_tp"] += len(set(gorg) & set(porg))
    t["org_lenient_tp"] += len(org_pairs)
    t["org_gold"] += len(gorg)
    t["org_pred"] += len(porg)
    _unpaired(name, "organization", gorg, porg, org_pairs, miss)
    gper = list(dict.fromkeys(norm(p["name"]) for p in gold.get("persons", [])))
    pper = list(dict.fromkeys(norm(e["text"]) for e in entities if e.get("label") == "PER"))
    per_pairs = greedy(gper, pper, lambda a, b: a in b or (b in a and len(b.split()) >= 2))
    t["per_tp"] += len(per_pairs)
    t["per_gold"] += len(gper)
    t["per_pred"] += len(pper)
    _unpaired(name, "person", gper, pper, per_pairs, miss)
    _score_counts(name, gold, entities, t, miss)
    if "indicators" in gold:
        _score_indicators(name, gold["indicators"], pred.get("indicators") or [], t, miss)
    predicted = [(_ngrams(s.get("text", "")), s.get("label"), s.get("confidence"))
                 for s in pred.get("sentences") or []]
    for sentence in gold.get("sentences", []):
        grams = _ngrams(sentence["text"])
        best, label, confidence = 0.0, "missing", None
        for p, plabel, pconfidence in predicted:
            overlap = len(grams & p) / len(grams) if grams else 0
            if overlap > best:
                best, label, confidence = overlap, plabel, pconfidence
        label = label if best >= 0.5 else "missing"
        tally.pairs.append((name, sentence["text"], sentence["label"], label))
        if label != "missing" and confidence is not None:
            tally.confidence.append((confidence, label == sentence["label"]))
    tally.counts.update(t)
    return t


def _unpaired(name: str, kind: str, gold: list, pred: list, pairs: list, miss: Callable) -> None:
    for i in sorted(set(range(len(gold))) - {g for g, _ in pairs}):
        miss((name, f"{kind} missed", gold[i]))
    for i in sorted(set(range(len(pred))) - {p for _, p in pairs}):
        miss((name, f"{kind} spurious", pred[i]))


def _count_key(value: Any, unit: str | None) -> tuple[float, str] | None:
    try:
        return round(float(value), 4), norm(unit)
    except (TypeError, ValueError):
        return None


def _score_counts(name: str, gold: dict, entities: list[dict], t: Counter, miss: Callable) -> None:
    kinds: dict[tuple, str] = {}
    for item in gold.get("counts", []):
        if key := _count_key(item.get("value"), item.get("unit")):
            kinds.setdefault(key, item.get("kind", "count"))
    predicted: set[tuple] = set()
    for e in entities:
        if e.get("label") in ("COUNT", "PERCENT"):
            n = e.get("norm") or {}
            if key := _count_key(n.get("value"), "%" if e["label"] == "PERCENT" else n.get("unit", "")):
                predicted.add(key)
    gl, pl = list(kinds), sorted(predicted, key=repr)

    def match(g: tuple, p: tuple) -> bool:
        return g[0] == p[0] and (g[1] == p[1] or bool(g[1] and p[1] and (g[1] in p[1] or p[1] in g[1])))

    pairs = greedy(gl, pl, match)
    durations = sum(1 for gi, _ in pairs if kinds[gl[gi]] == "duration")
    t["count_tp"] += len(pairs) - durations
    t["count_fp"] += len(pl) - len(pairs)
    t["count_fn"] += sum(1 for k in gl if kinds[k] != "duration") - (len(pairs) - durations)
    matched = {gi for gi, _ in pairs}
    for i, key in enumerate(gl):
        if i not in matched and kinds[key] != "duration":
            miss((name, "count missed", f"{key[0]:g} {key[1]}"))
    for i in sorted(set(range(len(pl))) - {p for _, p in pairs}):
        miss((name, "count spurious", f"{pl[i][0]:g} {pl[i][1]}"))


def _score_indicators(name: str, gold: list[dict], pred: list[dict], t: Counter, miss: Callable) -> None:
    """(indicator, value, period) triples, each value once per document; and (indicator, value)."""
    def triples(items: list[dict], period: bool) -> list[tuple]:
        return list(dict.fromkeys((i.get("indicator"), round(float(i.get("value") or 0), 4),
                                   (i.get("period") or None) if period else None) for i in items))

    for suffix, with_period in (("", True), ("_noperiod", False)):
        g, p = triples(gold, with_period), triples(pred, with_period)
        tp = len(set(g) & set(p))
        t[f"ind{suffix}_tp"] += tp
        t[f"ind{suffix}_fp"] += len(p) - tp
        t[f"ind{suffix}_fn"] += len(g) - tp
        if with_period:
            for item in sorted(set(g) - set(p), key=repr):
                miss((name, "indicator missed", " ".join(map(str, item))))
            for item in sorted(set(p) - set(g), key=repr):
                miss((name, "indicator spurious", " ".join(map(str, item))))
    t["ind_documents"] += 1


def figures(tally: Tally) -> dict[str, Any]:
    """The figures of ../shared/realgold/score.py, plus per-label precision and recall."""
    t = tally.counts
    out: dict[str, Any] = {"documents": t["documents"], "clean_forbidden_hits": t["clean_forbidden_hits"],
                           "clean_required": t["clean_required_found"] / max(1, t["clean_required_total"]),
                           "clean_boilerplate_dropped": t["clean_boiler_dropped"] / max(1, t["clean_boiler_total"])}
    for key in ("title", "date", "place", "province"):
        if t[f"meta_{key}_total"]:
            out[f"meta_{key}"] = t[f"meta_{key}_ok"] / t[f"meta_{key}_total"]
    out["ref_p"], out["ref_r"], out["ref_f1"] = prf(t["ref_tp"], t["ref_fp"], t["ref_fn"])
    for key in ("issuer", "symbol", "term", "date"):
        if t[f"ref_{key}_total"]:
            out[f"ref_{key}_acc"] = t[f"ref_{key}_ok"] / t[f"ref_{key}_total"]
    out["ref_mention_recall"] = t["ref_mention_found"] / max(1, t["ref_mention_total"])
    strict = t["org_strict_tp"]
    out["org_strict_f1"] = prf(strict, t["org_pred"] - strict, t["org_gold"] - strict)[2]
    lenient = t["org_lenient_tp"]
    out["org_p"], out["org_r"], out["org_f1"] = prf(lenient, t["org_pred"] - lenient, t["org_gold"] - lenient)
    out["per_p"], out["per_r"], out["per_f1"] = prf(t["per_tp"], t["per_pred"] - t["per_tp"], t["per_gold"] - t["per_tp"])
    out["count_p"], out["count_r"], out["count_f1"] = prf(t["count_tp"], t["count_fp"], t["count_fn"])
    if t["ind_documents"]:
        out["indicator_documents"] = t["ind_documents"]
        out["indicator_p"], out["indicator_r"], out["indicator_f1"] = prf(t["ind_tp"], t["ind_fp"], t["ind_fn"])
        out["indicator_f1_without_period"] = prf(t["ind_noperiod_tp"], t["ind_noperiod_fp"], t["ind_noperiod_fn"])[2]
    out["indicators_only"] = t["ind_only_documents"] == t["documents"] > 0  # nothing else to report
    pairs = [(g, p) for _, _, g, p in tally.pairs]
    out["sent_n"] = len(pairs)
    out["sent_missing"] = sum(p == "missing" for _, p in pairs)
    out["sent_acc"] = sum(g == p for g, p in pairs) / max(1, len(pairs))
    f1s = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        p, r, f = prf(tp, fp, fn)
        out[f"sent_p_{label}"], out[f"sent_r_{label}"], out[f"sent_f1_{label}"] = p, r, f
        f1s.append(f)
    out["sent_macro_f1"] = sum(f1s) / len(f1s)
    if tally.confidence:  # calibration: mean confidence against accuracy, overall and in ten bins
        out["sent_confidence"] = sum(c for c, _ in tally.confidence) / len(tally.confidence)
        bins = [[(c, ok) for c, ok in tally.confidence if b / 10 < c <= (b + 1) / 10] for b in range(10)]
        out["sent_ece"] = sum(abs(sum(c for c, _ in part) - sum(ok for _, ok in part)) for part in bins
                              if part) / len(tally.confidence)
    return out


def confusion(tally: Tally) -> dict[str, Counter]:
    matrix: dict[str, Counter] = {label: Counter() for label in LABELS}
    for _, _, g, p in tally.pairs:
        matrix.setdefault(g, Counter())[p] += 1
    return matrix


def load(folders: Iterable[Path], shared: Path = SHARED) -> list[RealGold]:
    """Gold documents of realgold-format folders and of corpora/real annotation folders.
    Raises FileNotFoundError when ../shared (or a folder) is absent."""
    golds = []
    for folder in folders:
        if not folder.is_dir():
            raise FileNotFoundError(f"no gold folder {folder}")
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if "fingerprint" in data:
                if not (shared / data["source"]).exists():
                    raise FileNotFoundError(f"{shared / data['source']} (needs ../shared beside the project)")
                golds.append(RealGold(f"{folder.name}/{path.stem}", from_offsets(data, shared),
                                      shared / data["source"], data.get("record")))
            else:
                source = folder.parent / "inputs" / data["doc"]
                if not source.exists():
                    source = folder.parent.parent / "seeds" / data["doc"]
                golds.append(RealGold(f"{folder.parent.name}/{path.stem}", data, source))
    return golds


def evaluate(golds: list[RealGold], analyse: Callable[[Path, int], dict],
             on_document: Callable[[str], None] | None = None) -> tuple[Tally, list[dict]]:
    """Analyse each gold document (`analyse(file, record)` gives its contract dict, {} when the
    pipeline skips it) and score it."""
    tally, rows = Tally(), []
    for gold in golds:
        pred = analyse(gold.source, gold.record or 0)
        before = len(tally.pairs)
        t = score_document(gold.name, gold.gold, pred, tally)
        t["documents"] = 1
        tally.counts["documents"] += 1
        labels = tally.pairs[before:]
        rows.append({"document": gold.name, "sentences": len(labels),
                     "label_acc": sum(g == p for *_, g, p in labels) / max(1, len(labels)),
                     "refs": f"{t['ref_tp']}/{t['ref_tp'] + t['ref_fn']}+{t['ref_fp']}",
                     "org_f1": prf(t["org_lenient_tp"], t["org_pred"] - t["org_lenient_tp"],
                                   t["org_gold"] - t["org_lenient_tp"])[2],
                     "count_f1": prf(t["count_tp"], t["count_fp"], t["count_fn"])[2],
                     "furniture": f"{t['clean_boiler_dropped']}/{t['clean_boiler_total']}",
                     "date": "ok" if t["meta_date_ok"] == t["meta_date_total"] else "wrong"})
        if on_document:
            on_document(gold.name)
    return tally, rows


def below(values: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """The headline figures under their floor, as readable lines (the CI gate)."""
    return [f"{key} {values.get(key, 0):.3f} < floor {floor:.3f}" for key, floor in floors.items()
            if values.get(key, 0) < floor]
