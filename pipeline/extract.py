"""Extract stage: references and entities of a segmented document.

The finders (the references and entities packages) run regular expressions and a
token-level lexicon matcher on the cleaned text, because the word segmenter splits codes such
as '15 -NQ/TU' apart; their results keep exact character offsets into the text. Nothing is
converted back and forth: the same finders also run as registered spaCy components for users
of spaCy (pipeline/spacy_pipes.py), which give the same spans.
"""

from __future__ import annotations

from pipeline.entities import find_entities
from pipeline.indicators import indicators
from pipeline.model import Document
from pipeline.references import find_references


def extract(document: Document) -> Document:
    """Fill `references`, `entities` and `indicators` of a document (references first: their spans
    hold no counts; indicators read the counts and percentages)."""
    m = document.metadata
    refs = find_references(document.text, province=m.province, place=m.place)
    own = len(m.title) if m.title and document.text.startswith(m.title) else 0  # the title line a text opens with
    document.references = [r for r in refs if not (own and r.number is None and r.mentions[0].start == 0
                                                    and r.mentions[0].end <= own)]
    # 'Nghị quyết về việc điều chỉnh ...' heading a resolution is the document itself, as is its 'Nghị quyết này'
    mentions = [(x.start, x.end) for ref in document.references for x in ref.mentions]
    document.entities = find_entities(document.text, exclude=mentions, year=int(m.date[:4]) if m.date else None)
    return indicators(document)
