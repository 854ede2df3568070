"""The five real scraped reports in ../shared/seeds (skipped when absent): cleaning results.

The expected titles are given as line numbers of the raw files, so no text of theirs is
copied into the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.analyze import analyze

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")

# seed prefix -> (raw line holding the title, date, place, province)
EXPECTED = {
    "000": (1, None, "Quận 1", "Thành phố Hồ Chí Minh"),
    "001": (3, "2024-02-28", "Quận 10", "Thành phố Hồ Chí Minh"),
    "002": (3, "2018-03-19", "quận Bình Thủy", "Cần Thơ"),
    "003": (3, "2017-08-15", "quận Long Biên", "Hà Nội"),
    "004": (3, "2020-10-13", "Quận Hai Bà Trưng", "Hà Nội"),
}


@pytest.fixture(scope="module")
def seeds():
    return {path.name[:3]: (path, analyze(path)[0]) for path in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_metadata(seeds, seed):
    path, document = seeds[seed]
    line, date, place, province = EXPECTED[seed]
    raw_lines = path.read_text("utf-8").split("\n")
    assert document.metadata.title == raw_lines[line - 1].strip()
    assert (document.metadata.date, document.metadata.place, document.metadata.province) == (date, place, province)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_no_broken_entities(seeds, seed):
    _, document = seeds[seed]
    assert not re.search(r"nbsp|quot;|amp;|#\d+;", document.text)
    assert "\u00a0" not in document.text


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_no_paragraph_twice_and_no_caption(seeds, seed):
    _, document = seeds[seed]
    paragraphs = document.text.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert not any(re.search(r"Ảnh:\s*\S+$", p) for p in paragraphs)


def test_furniture_is_listed(seeds):
    reasons = {seed: {d.reason for d in document.metadata.dropped} for seed, (_, document) in seeds.items()}
    assert {"caption", "duplicate", "dateline"} <= reasons["002"]
    assert {"dateline", "category"} <= reasons["003"]
    assert {"ticker", "byline", "dateline", "caption", "source prefix"} <= reasons["004"]
    assert {"counter", "widget"} <= reasons["000"]


def test_offsets_exact(seeds):
    for _, document in seeds.values():
        for sentence in document.sentences:
            assert document.text[sentence.start:sentence.end] == sentence.text
        for entity in document.entities:
            assert document.text[entity.start:entity.end] == entity.text
        for reference in document.references:
            for mention in reference.mentions:
                assert document.text[mention.start:mention.end] == mention.text
