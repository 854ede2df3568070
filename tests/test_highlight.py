"""Search snippets marked in Python (pipeline/highlight.py), as FTS5's snippet() marked them."""

from __future__ import annotations

import pytest

from pipeline.highlight import WINDOW, snippet, terms

SENTENCE = "Ban Thường vụ Quận ủy đã quán triệt Nghị quyết số 15-NQ/TU của Thành uỷ về công tác cán bộ."


@pytest.mark.parametrize("query, exact, marked", [
    ("nghi quyet", False, "«Nghị» «quyết»"),  # loose: no diacritics, each word its own hit
    ('"Nghị quyết"', True, "«Nghị quyết»"),  # a phrase is one span
    ("15-NQ/TU", False, "«15-NQ/TU»"),  # syllables of a code, side by side
    ("quan*", False, "«Quận» ủy đã «quán» triệt"),  # a prefix marks every syllable it begins
    ('"Thành ủy"', True, "của «Thành uỷ» về"),  # tone style is folded
    ("cán bộ NOT quận", False, "công tác «cán» «bộ»."),  # what NOT excludes is no hit
])
def test_hits_are_marked_in_the_original_text(query, exact, marked):
    out = snippet(SENTENCE, terms(query, exact), exact)
    assert marked in out
    assert out.replace("«", "").replace("»", "") == SENTENCE


def test_a_long_sentence_is_cut_around_its_hits():
    words = [f"từ{i}" for i in range(60)]
    words[40] = "kiểm tra"
    out = snippet(" ".join(words) + ".", terms("kiểm tra"))
    assert out.startswith("…") and out.endswith("…") and "«kiểm» «tra»" in out
    assert len(out.replace("…", "").split()) == WINDOW and not out.endswith("«tra»…")  # the hits near the middle
