"""The baseline the entity figures are measured against: underthesea's bundled NER, its BIO tags
turned into ORG/PER/LOC spans of the original text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from pipeline.fold import fold
from pipeline.model import Document, Entity

NER_LABELS = ("ORG", "PER", "LOC")  # what underthesea.ner finds (its MISC is left out)


@cache
def _ner() -> Callable:
    from underthesea import ner

    return ner


def tag_spans(text: str, tagged: Iterable[tuple], start: int = 0, end: int | None = None) -> list[Entity]:
    """ORG/PER/LOC entities from BIO-tagged tokens of text[start:end] (tag last in each tuple).

    Tokens are found in order in fold(text), so an entity's span and text come from the
    original; a token that cannot be found (the tagger rewrote it) is passed over.
    """
    folded, cursor, spans, inside = fold(text), start, [], None
    end = len(text) if end is None else end
    for token, *_, tag in tagged:
        pattern = r"\s+".join(map(re.escape, str(token).split()))
        m = re.compile(pattern).search(folded, cursor, end) if pattern else None
        if not m:
            continue
        cursor = m.end()
        prefix, _, label = str(tag).partition("-")
        if label not in NER_LABELS:
            inside = None
        elif prefix == "I" and inside == label:
            spans[-1][2] = m.end()
        else:
            spans.append([label, m.start(), m.end()])
            inside = label
    return [Entity(label, text[a:b], a, b) for label, a, b in spans]


def ner_entities(doc: Document, ner: Callable | None = None) -> list[Entity]:
    """underthesea.ner (bundled model) sentence by sentence on fold(text), the style it was trained on."""
    ner = ner or _ner()
    folded, found = fold(doc.text), []
    for s in doc.sentences:
        found += tag_spans(doc.text, ner(folded[s.start:s.end]), s.start, s.end)
    return found
