"""The literal test before a furniture pattern (pipeline/needs.py): it may let a line through that
the pattern then rejects, never hold back one the pattern matches."""

from __future__ import annotations

import re

import pytest

from pipeline.furniture_rules import inline_rules, line_rules
from pipeline.needs import lowered, may_match, needs


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"tin bài đã lưu\s*", ("tin bài đã lưu",)),
    (r"(?:\s*nguồn\s*:\s*\[\s*link nguồn\s*\])+\s*$", ("link nguồn",)),  # the longest run of a repeat
    (r"(?:lưu bài viết thành công\s*)?tin bài", ("tin bài",)),  # an optional part is no need
    (r"(?:ảnh|ảnh minh họa|nguồn ảnh)\s*:", ("ảnh",)),  # a branch holding another is implied by it
    (r"(?-i:Tải về|Xem và tải)\s+", ("tải về", "xem và tải")),  # lower case, also for a case-sensitive part
    (r"\*{2,}|^\*\s*(?=\S)|(?<=\S)\*$", ("*",)),
    (r"\d{1,6}(?:\s+\d{1,6})?", None),
    (r"(?:tin|\d+) mới", (" mới",)),
    (r"(?:tin|\d+)", None),  # a branch without a literal: nothing every match holds
    (r"Ωmega", ("mega",)),  # a letter neither ASCII nor Vietnamese ends a run
])
def test_needs(pattern, expected):
    assert needs(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"[(\[]?\s*\b(?:Ảnh|ẢNH|Nguồn ảnh)\s*:", ("Nguồn ảnh", "ẢNH", "Ảnh")),  # as written: looked for in the text
    (r"Mục lục(?i:\s*bài viết)", ("Mục lục",)),
    (r"(?i:mục lục)", None),  # a part that ignores case requires nothing of a case-sensitive pattern
])
def test_needs_case_sensitive(pattern, expected):
    assert needs(re.compile(pattern)) == expected


def test_lowered():
    assert lowered("TẢI VỀ Văn Bản") == "tải về văn bản"
    for odd in ("lıên kết", "ſhare", "\u212aẾT LUẬN", "Ωmega"):  # letters case-insensitive matching treats apart
        assert lowered(odd) is None


LINES = [
    "TẢI VỀ Quyết định số 12", "Tải về Kế hoạch", "Thứ năm, 16/05/2024 17:33 (GMT+7)", "Nguồn: [Link nguồn]",
    "Lưu bài viết thành công", "Ảnh minh họa.", "**Kết luận**", "## Mục lục", "[1] Văn kiện", "Xem thêm: https://x.vn",
    "CÙNG CHUYÊN MỤC", "Ảnh: Internet", "Lượt xem: 1.234", "Chia sẻ", "Trong ẢNH: đồng chí Nguyễn Văn A",
    "Đảng bộ xã Tân Lập tổ chức hội nghị.", "lıên kết websıte", "Ngày 3/2/2024 ſhare",
]


@pytest.mark.parametrize("rule", [*inline_rules(), *line_rules()], ids=lambda rule: rule.reason)
def test_no_match_held_back(rule):
    for line in LINES:
        if rule.pattern.search(line):
            assert may_match(rule.needs, lowered(line)), (rule.pattern.pattern, line)
