"""Classify stage: every sentence is an achievement, a shortcoming, a task or other; paragraphs get
shares and a label. Party reports follow one plan (results, then limitations and their causes,
then directions); the model that reads it is in pipeline/passage_model.py, its cues in cues.py.
"""

from __future__ import annotations

from collections import Counter

from pipeline.model import LABELS, Document
from pipeline.passage_model import items, predict


def classify(doc: Document) -> Document:
    """Fill every sentence's label and confidence, and every paragraph's label and label shares."""
    if doc.text.strip() and not doc.sentences:
        from pipeline.segment import segment

        segment(doc)
    rows = items((s.text, s.heading, s.tokens or None) for s in doc.sentences)
    for sentence, (label, confidence) in zip(doc.sentences, predict(rows)):
        sentence.label, sentence.confidence = label, confidence
    by_paragraph: dict[int, list] = {}
    for sentence in doc.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for index, paragraph in enumerate(doc.paragraphs):
        inside = by_paragraph.get(index, [])
        counts = Counter(s.label for s in inside)
        paragraph.shares = {label: round(counts[label] / len(inside), 4) if inside else 0.0 for label in LABELS}
        # The most frequent label; a tie goes to the label held with more confidence.
        weight: Counter = Counter()
        for s in inside:
            weight[s.label] += s.confidence or 0.0
        paragraph.label = max(LABELS, key=lambda label: (counts[label], weight[label])) if inside else "other"
    return doc
