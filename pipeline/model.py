"""The data model every stage shares.

A `Document` is built by the clean stage and filled in by the later stages;
`Document.to_dict()` is exactly the JSON of ../shared/CONTRACT.md. Every span
(sentence, token, mention, entity) carries character offsets into
`Document.text`, the cleaned text, so `text[start:end] == span.text` always.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

LABELS = ("achievement", "shortcoming", "task", "other")


@dataclass
class Dropped:
    """A piece of page furniture left out of the text, and why."""

    text: str
    reason: str


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


@dataclass
class Paragraph:
    start: int
    end: int
    label: str = "other"
    shares: dict[str, float] = field(default_factory=dict)


@dataclass
class Mention:
    text: str
    start: int
    end: int


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
        data = asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        return data


@dataclass
class Entity:
    label: str  # ORG | PER | LOC | COUNT | PERCENT | DATE (| DURATION)
    text: str
    start: int
    end: int
    norm: dict[str, Any] = field(default_factory=dict)


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

    def to_dict(self) -> dict[str, Any]:
        """The contract JSON (../shared/CONTRACT.md), plus documented extra fields."""
        return {
            "id": self.id,
            "source": self.source,
            "metadata": asdict(self.metadata),
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "references": [r.to_dict() for r in self.references],
            "entities": [asdict(e) for e in self.entities],
        }


def document_id(raw: bytes, part: int | None = None) -> str:
    """A hash of the raw bytes: the same input always gets the same id.

    A file holding several crawl records gets one id per record (`part`).
    """
    digest = hashlib.sha1(raw).hexdigest()[:16]
    return digest if part is None else f"{digest}-{part}"
