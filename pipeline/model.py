"""The data model every stage shares.

A `Document` is built by the clean stage and filled in by the later stages;
`Document.to_dict()` is exactly the JSON of ../shared/CONTRACT.md. Every span
(sentence, token, mention, entity) carries character offsets into
`Document.text`, the cleaned text, so `text[start:end] == span.text` always.
"""

from __future__ import annotations

import bisect
import hashlib
import copy
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

LABELS = ("achievement", "shortcoming", "task", "other")


@dataclass
class Dropped:
    """A piece of page furniture left out of the text, and why."""

    text: str
    reason: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dropped:
        return cls(data["text"], data["reason"])


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    place: str | None = None
    province: str | None = None
    url: str | None = None
    format: str | None = None  # txt, md, html, json
    encoding: str | None = None  # as detected: utf-8, utf-16, cp1258, tcvn3, vni...
    dropped: list[Dropped] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        """Known fields only: metadata fields other producers add are not ours to keep."""
        known = {k: data[k] for k in _field_names(cls) if k in data and k != "dropped"}
        return cls(**known, dropped=[Dropped.from_dict(d) for d in data.get("dropped") or []])


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    tokens: list[str] = field(default_factory=list)
    # (start, end) of each token in Document.text; not part of the contract JSON.
    token_offsets: list[tuple[int, int]] = field(default_factory=list, repr=False)
    label: str = "other"
    confidence: float | None = None
    paragraph: int = 0
    heading: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "confidence": self.confidence,
            "tokens": self.tokens,
            "paragraph": self.paragraph,
            "heading": self.heading,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], doc_text: str | None = None) -> Sentence:
        """The inverse of `to_dict`. Token offsets are not in the JSON: they are found again
        by scanning for each token in turn (tokens are slices of the text, in order), in
        `doc_text` when given, else in the sentence text shifted by `start`."""
        sentence = cls(text=data["text"], start=data["start"], end=data["end"],
                       tokens=list(data.get("tokens") or []), label=data.get("label", "other"),
                       confidence=data.get("confidence"), paragraph=data.get("paragraph", 0),
                       heading=bool(data.get("heading", False)))
        sentence.token_offsets = token_offsets(sentence, doc_text)
        return sentence


@dataclass
class Paragraph:
    start: int
    end: int
    label: str = "other"
    shares: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls(data["start"], data["end"], data.get("label", "other"), dict(data.get("shares") or {}))


@dataclass
class Mention:
    text: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(data["text"], data["start"], data["end"])


@dataclass
class Reference:
    """One referenced document, with every mention of it in the report."""

    type: str
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    plenum: str | None = None
    term: str | None = None
    session: str | None = None
    date: str | None = None
    canonical: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. gazetteer link

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        extra = data.pop("extra")
        data.update(extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        """The inverse of `to_dict`: fields it does not know go back into `extra`."""
        names = _field_names(cls) - {"mentions", "extra"}
        return cls(**{k: v for k, v in data.items() if k in names},
                   mentions=[Mention.from_dict(m) for m in data.get("mentions") or []],
                   extra={k: v for k, v in data.items() if k not in names and k != "mentions"})


@dataclass
class Entity:
    label: str  # ORG | PER | LOC | COUNT | PERCENT | DATE (| DURATION)
    text: str
    start: int
    end: int
    norm: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(data["label"], data["text"], data["start"], data["end"], dict(data.get("norm") or {}))


@dataclass
class IndicatorValue:
    """A count or percentage read as one of the standard indicators (data/indicators.tsv), with the
    period it refers to and where it stands: offsets into `text`, the sentence's index."""

    indicator: str
    value: float
    unit: str
    period: str | None
    text: str
    start: int
    end: int
    sentence: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndicatorValue:
        return cls(**{k: data.get(k) for k in ("indicator", "value", "unit", "period", "text", "start", "end",
                                               "sentence")})


@dataclass
class Document:
    id: str
    source: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    # tables -> rows -> (start, end) of each cell in `text` (empty cells: start == end); each
    # non-empty cell is a paragraph of its own. Not in ../shared/CONTRACT.md: an added field.
    tables: list[list[list[tuple[int, int]]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The contract JSON (../shared/CONTRACT.md), plus documented extra fields."""
        return {
            "id": self.id,
            "source": self.source,
            "metadata": _plain(self.metadata),
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "paragraphs": [_plain(p) for p in self.paragraphs],
            "references": [r.to_dict() for r in self.references],
            "entities": [_plain(e) for e in self.entities],
            "indicators": [_plain(i) for i in self.indicators],
            "tables": [[[list(cell) for cell in row] for row in table] for table in self.tables],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The inverse of `to_dict`, so a stage can run on documents read back from JSONL.

        Raises ValueError (one line) for a dict that is not a contract document.
        """
        try:
            text = data["text"]
            return cls(
                id=data["id"],
                source=data["source"],
                text=text,
                metadata=Metadata.from_dict(data.get("metadata") or {}),
                sentences=[Sentence.from_dict(s, text) for s in data.get("sentences") or []],
                paragraphs=[Paragraph.from_dict(p) for p in data.get("paragraphs") or []],
                references=[Reference.from_dict(r) for r in data.get("references") or []],
                entities=[Entity.from_dict(e) for e in data.get("entities") or []],
                indicators=[IndicatorValue.from_dict(i) for i in data.get("indicators") or []],
                tables=[[[(int(a), int(b)) for a, b in row] for row in table] for table in data.get("tables") or []],
            )
        except (KeyError, TypeError, AttributeError) as error:
            name = data.get("id") if isinstance(data, dict) else None
            what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise ValueError(f"document {name}: not a contract document ({what})") from None


def token_offsets(sentence: Sentence, doc_text: str | None = None) -> list[tuple[int, int]]:
    """(start, end) in the document text of each token, found left to right; [] when a token
    is not there (tokens that are not slices of the text cannot have offsets)."""
    text, base = (doc_text, 0) if doc_text is not None else (sentence.text, sentence.start)
    offsets, pos = [], sentence.start - base
    for token in sentence.tokens:
        found = text.find(token, pos)
        if found < 0 or (doc_text is not None and found + len(token) > sentence.end):
            return []
        offsets.append((base + found, base + found + len(token)))
        pos = found + len(token)
    return offsets


def sentence_at(starts: list[int], offset: int) -> int | None:
    """Index of the sentence holding `offset` (the last one starting at or before it), given
    the sentences' start offsets in order; a bisection, as a document may have thousands."""
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None


def _field_names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """dataclasses.asdict(): the same dicts, lists and copies, without its deepcopy of every string
    and number (3x faster; to_dict runs on every document of a run)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list or kind is tuple:
        return kind(map(_plain, value))
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in _names(kind)}
    return copy.deepcopy(value)  # anything else: an equal copy, as asdict makes


@cache
def _names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names in order."""
    return tuple(f.name for f in fields(cls))


def document_id(raw: bytes, part: int | None = None) -> str:
    """A hash of the raw bytes: the same input always gets the same id.

    A file holding several crawl records gets one id per record (`part`).
    """
    digest = hashlib.sha1(raw).hexdigest()[:16]
    return digest if part is None else f"{digest}-{part}"
