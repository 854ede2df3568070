"""Gold annotations of real text, kept as offsets (corpora/real/).

Real documents may not be copied into the project, so an annotation names its source under
../shared and holds character offsets into the document's *annotation text*; resolving the
offsets against ../shared gives back a gold object in the format of ../shared/realgold
(GUIDE.md), which `pipeline.realscore` scores.

The annotation text is the file's text (.txt, .md, .ws, .html) or, for one record of a
.json/.jsonl/.csv file, its fields written as 'key: value' blocks in stored order, so that a
title or a date field can be pointed at like the body. A span whose text holds markup
(HTML inside a crawl record) resolves to its text without tags; a span of word-segmented
text resolves to plain text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from pipeline.readers import _csv_rows, _record_list, unsegment

SPAN_FIELDS = {"organizations": ("span", "mention"), "counts": ("span", "mention"),
               "persons": ("span", "name"), "sentences": ("span", "text"), "indicators": ("span", "mention")}
TAG = re.compile(r"<[^>]*>")


def source_text(path: Path, record: int | None = None) -> str:
    """The text an annotation's offsets point into."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")  # as the pipeline reads a broken tail
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".csv"):
        return _flatten(_records(text, suffix)[record or 0])
    return text


def _records(text: str, suffix: str) -> list[Any]:
    if suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if suffix == ".csv":  # read as the pipeline reads it: one parse, one text
        return _csv_rows(text)
    return _record_list(json.loads(text))


def _flatten(record: Any) -> str:
    blocks = []
    for key, value in record.items():
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = _flatten(value)
        blocks.append(f"{key}: {value}")
    return "\n\n".join(blocks)


def resolve(text: str, span: list[int] | None, segmented: bool = False) -> str | None:
    """The text of a span: markup stripped, word segmentation undone."""
    if not span:
        return None
    piece = text[span[0]:span[1]]
    if "<" in piece or "&" in piece:
        piece = re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", piece))).strip()
    return unsegment(piece) if segmented else piece


def locate(text: str, needle: str, start: int = 0) -> list[int] | None:
    """Offsets of `needle` in `text` at or after `start` (else anywhere): exactly, or with
    markup, entities and any whitespace between its words."""
    needle = needle.strip()
    if not needle:
        return None
    for begin in (start, 0):
        at = text.find(needle, begin)
        if at >= 0:
            return [at, at + len(needle)]
    gap = r"(?:\s|<[^>]*>|&\w+;|_)+"
    words = [re.escape(w) for w in re.split(r"[\s_]+", needle) if w]
    pattern = re.compile(gap.join(words))
    for begin in (start, 0):
        match = pattern.search(text, begin)
        if match:
            return [match.start(), match.end()]
    return None


def fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def to_offsets(gold: dict, text: str) -> tuple[dict, list[str]]:
    """A gold object written with strings (realgold format) -> offsets; and what was not found."""
    misses: list[str] = []

    def span(needle: str | None, start: int = 0) -> list[int] | None:
        if not needle:
            return None
        found = locate(text, needle, start)
        if found is None:
            misses.append(needle)
        return found

    meta = dict(gold.get("metadata") or {})
    for key in ("title", "place"):
        if meta.get(key):
            meta[key] = span(meta[key])
    clean = gold.get("clean") or {}
    out = {"metadata": meta,
           # a string that must not survive is kept as offsets when the source holds it; an artifact
           # that is no text of the document ('nbsp', '**') stays as it is
           "clean": {"forbidden": [locate(text, f) or f for f in clean.get("forbidden", [])],
                     "required": [s for r in clean.get("required", []) if (s := span(r))],
                     "boilerplate": [s for b in clean.get("boilerplate", []) if (s := span(b))]},
           "references": []}
    for ref in gold.get("references", []):
        ref = dict(ref)
        ref["mentions"] = [s for m in ref.get("mentions", []) if (s := span(m))]
        if ref.get("session"):  # a law's or a named document's name: offsets when the text holds it
            ref["session"] = locate(text, ref["session"]) or ref["session"]
        out["references"].append(ref)
    for part, (key, field) in SPAN_FIELDS.items():
        items, cursor = [], 0
        for item in gold.get(part, []):
            item = dict(item)
            found = span(item.pop(field, None), cursor)
            if found is None:
                continue
            if part == "sentences":
                cursor = found[1]
            if part == "persons" and item.get("title"):
                item["title"] = span(item["title"]) or None
            items.append({key: found, **item})
        out[part] = items
    return out, misses


def from_offsets(annotation: dict, shared: Path) -> dict:
    """The realgold-format gold object of one annotation file."""
    path = shared / annotation["source"]
    text = source_text(path, annotation.get("record"))
    if fingerprint(text) != annotation.get("fingerprint"):
        raise ValueError(f"{annotation['source']}: its text changed since it was annotated")
    ws = path.suffix == ".ws"

    def get(span: Any) -> Any:
        return resolve(text, span, ws) if isinstance(span, list) else span

    meta = {k: get(v) for k, v in annotation.get("metadata", {}).items()}
    clean = annotation.get("clean", {})
    gold = {"doc": annotation["source"], "metadata": meta, "parts": annotation.get("parts"),
            # artifacts as the source has them (a '<a' tag, an '_' of segmented text), not resolved
            "clean": {"forbidden": [text[f[0]:f[1]] if isinstance(f, list) else f for f in clean.get("forbidden", [])],
                      "required": [get(s) for s in clean.get("required", [])],
                      "boilerplate": [get(s) for s in clean.get("boilerplate", [])]},
            "references": [{**ref, "session": get(ref.get("session")),
                            "mentions": [get(s) for s in ref.get("mentions", [])]}
                           for ref in annotation.get("references", [])]}
    for part, (key, field) in SPAN_FIELDS.items():
        if part == "indicators" and part not in annotation:
            continue  # not annotated (dev-extract): not scored, rather than scored as none
        gold[part] = [{field: get(item[key]), **{k: get(v) for k, v in item.items() if k != key}}
                      for item in annotation.get(part, [])]
    return gold
