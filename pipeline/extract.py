"""Extract stage: references and entities, as registered spaCy components.

The finders (references.py, entities.py) run regular expressions on the cleaned text,
because the word segmenter splits codes such as '15 -NQ/TU' apart; their results keep
exact character offsets. The components put them on the segmented spaCy Doc: span
groups `references` and `entities` (overlaps allowed), `doc.ents` for the non-overlapping
ones, and the exact objects in `doc.user_data` for `extract()` to read back.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span
from spacy.util import filter_spans

from pipeline.entities import find_entities
from pipeline.model import Document
from pipeline.references import find_references
from pipeline.segment import make_nlp, to_spacy

# Labels that may stand in doc.ents, longest span first where two overlap.
ENT_LABELS = ("ORG", "PER", "LOC", "COUNT", "PERCENT", "DATE", "DURATION")


def _span(doc: SpacyDoc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


@Language.component("baocao_references")
def references_component(doc: SpacyDoc) -> SpacyDoc:
    """Document references ('Nghị quyết số 15-NQ/TU'): span group `references`, label = canonical key."""
    found = find_references(doc.text, province=doc.user_data.get("province"),
                            place=doc.user_data.get("place"))
    doc.user_data["references"] = found
    spans = [_span(doc, m.start, m.end, "REF") for ref in found for m in ref.mentions]
    doc.spans["references"] = [s for s in spans if s is not None]
    return doc


@Language.component("baocao_entities")
def entities_component(doc: SpacyDoc) -> SpacyDoc:
    """Organizations, persons, places, counts, percentages, dates: span group `entities` and doc.ents."""
    mentions = [(m.start, m.end) for ref in doc.user_data.get("references", []) for m in ref.mentions]
    date = doc.user_data.get("date")
    found = find_entities(doc.text, exclude=mentions, year=int(date[:4]) if date else None)
    doc.user_data["entities"] = found
    spans = [s for e in found if (s := _span(doc, e.start, e.end, e.label)) is not None]
    doc.spans["entities"] = spans
    references = list(doc.spans.get("references", []))
    doc.ents = [s for s in filter_spans(spans + references) if s.label_ in ENT_LABELS]
    return doc


@cache
def nlp() -> Language:
    """The extraction pipeline: our tokenizer, then the two components."""
    pipeline = make_nlp()
    pipeline.add_pipe("baocao_references")
    pipeline.add_pipe("baocao_entities")
    return pipeline


def to_doc(document: Document) -> SpacyDoc:
    """The document as an analysed spaCy Doc (references and entities as spans)."""
    pipeline = nlp()
    doc = to_spacy(document, pipeline)
    doc.user_data["province"] = document.metadata.province
    doc.user_data["place"] = document.metadata.place
    doc.user_data["date"] = document.metadata.date  # the year of '13/10' and 'tháng 9'
    for _, component in pipeline.pipeline:
        doc = component(doc)
    return doc


def extract(document: Document) -> Document:
    """Fill `references` and `entities` of a segmented document."""
    doc = to_doc(document)
    document.references = doc.user_data["references"]
    document.entities = doc.user_data["entities"]
    return document


COLORS = {"REF": "#f6c667", "ORG": "#a3d2ca", "PER": "#f4a6a6", "LOC": "#c3b1e1",
          "COUNT": "#b5e48c", "PERCENT": "#99d98c", "DATE": "#d9d9d9", "DURATION": "#e9ecef"}


def render_html(documents: list[Document]) -> str:
    """A page a researcher checks at a glance: metadata, references, and the text with every span highlighted."""
    import html

    from spacy import displacy

    sections = []
    for document in documents:
        doc = to_doc(document)
        doc.spans["display"] = list(doc.spans["references"]) + list(doc.spans["entities"])
        body = displacy.render(doc, style="span", page=False,
                               options={"spans_key": "display", "colors": COLORS})
        m = document.metadata
        rows = "".join(f"<tr><th align=left>{k}</th><td>{html.escape(str(v))}</td></tr>" for k, v in
                       (("title", m.title), ("date", m.date), ("place", m.place),
                        ("province", m.province), ("source", document.source)))
        refs = "".join(f"<li><b>{html.escape(r.canonical or '')}</b>: {html.escape(r.type)}, "
                       f"{html.escape(r.issuer or '?')}, {len(r.mentions)} mention(s)</li>"
                       for r in document.references)
        sections.append(f"<section><h2>{html.escape(m.title or document.source)}</h2><table>{rows}</table>"
                        f"<h3>References</h3><ul>{refs}</ul><h3>Text</h3>{body}</section>")
    return ("<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>baocao</title></head>"
            "<body style='font-family:sans-serif;max-width:60em;margin:auto'>"
            + "<hr>".join(sections) + "</body></html>")


__all__ = ["extract", "nlp", "render_html", "to_doc", "references_component", "entities_component"]
