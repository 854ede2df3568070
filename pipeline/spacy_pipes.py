"""baocao for spaCy users: the tokenizer and the extraction as registered spaCy components.

    from pipeline.spacy_pipes import nlp
    doc = nlp()("Ban Thường vụ Quận ủy quán triệt Chỉ thị 05-CT/TW ...")
    doc.spans["references"], doc.spans["entities"], doc.ents

The stages themselves do not go through spaCy (pipeline/extract.py calls the finders directly);
these components call the same finders, so a spaCy pipeline gives the same spans.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span
from spacy.util import DummyTokenizer, filter_spans
from spacy.vocab import Vocab

from pipeline.entities import find_entities
from pipeline.model import Document
from pipeline.references import find_references
from pipeline.segment import segment, split_sentences, word_spans

def _spacy_doc(vocab: Vocab, text: str, sentences: list[list[tuple[int, int]]]) -> SpacyDoc:
    """A spaCy Doc of the given words; whitespace other than one space becomes its own token,
    so `doc.text == text`."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    pos = 0

    def gap(until: int) -> None:
        space = text[pos:until]
        if space and words and space[0] == " ":
            spaces[-1] = True
            space = space[1:]
        if space:
            words.append(space)
            spaces.append(False)
            starts.append(False)

    for sentence in sentences:
        for k, (a, b) in enumerate(sentence):
            gap(a)
            words.append(text[a:b])
            spaces.append(False)
            starts.append(k == 0)
            pos = b
    gap(len(text))
    if len(words) > 1 and words[0].isspace():
        starts[1] = False  # leading whitespace opens the first sentence
    if starts:
        starts[0] = True
    return SpacyDoc(vocab, words=words, spaces=spaces, sent_starts=starts or None)


class VietnameseTokenizer(DummyTokenizer):
    """spaCy tokenizer: our sentences and words (no pyvi)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> SpacyDoc:
        return _spacy_doc(self.vocab, text, [word_spans(text, s, e) for s, e in split_sentences(text)])


@spacy.registry.tokenizers("baocao.vi_tokenizer")
def create_tokenizer():
    def tokenizer_factory(nlp):
        return VietnameseTokenizer(nlp.vocab)

    return tokenizer_factory


def make_nlp() -> spacy.language.Language:
    """A blank Vietnamese spaCy pipeline with our tokenizer."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "baocao.vi_tokenizer"}}})


@cache
def _default_nlp() -> spacy.language.Language:
    return make_nlp()


def to_spacy(doc: Document, nlp: spacy.language.Language | None = None) -> SpacyDoc:
    """The document as a spaCy Doc: our words as tokens, our sentence starts, `text` unchanged."""
    if doc.text.strip() and not doc.sentences:
        segment(doc)
    vocab = (nlp or _default_nlp()).vocab
    return _spacy_doc(vocab, doc.text, [s.token_offsets for s in doc.sentences])


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
