"""Counts and percentages read as standard indicators, with their period (team-written sentences)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.indicators import period
from pipeline.model import Document
from pipeline.segment import segment

CASES = [
    ("Năm 2024, Đảng bộ phường có 1.245 đảng viên sinh hoạt tại 32 chi bộ trực thuộc.",
     [("members_total", 1245, "2024"), ("party_cells", 32, "2024")]),
    ("Sáu tháng đầu năm 2025, toàn Đảng bộ kết nạp 59 đảng viên mới.", [("members_admitted", 59, "2025-H1")]),
    ("Kết quả xếp loại: 92,5% đảng viên hoàn thành tốt nhiệm vụ; 15,2% tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ.",
     [("members_rated_good", 92.5, "2024"), ("orgs_rated_excellent", 15.2, "2024")]),
    ("Ủy ban Kiểm tra đã kiểm tra 12 cuộc, giám sát 8 cuộc; thi hành kỷ luật 3 đảng viên.",
     [("inspections", 12, "2024"), ("supervisions", 8, "2024"), ("members_disciplined", 3, "2024")]),
    ("Trao Huy hiệu Đảng cho 45 đảng viên nhân dịp 3/2.", [("badges_awarded", 45, "2024")]),
    # the same unit, not an indicator: money, people in general, places
    ("Hỗ trợ 2,3 tỷ đồng cho 120 hộ nghèo tại 15 phường.", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_indicators_are_read_from_their_sentence(text, expected):
    doc = Document(id="t", source="t", text=text)
    doc.metadata.date = "2024-12-20"
    doc = extract(segment(doc))
    assert [(i.indicator, i.value, i.period) for i in doc.indicators] == expected
    for i in doc.indicators:
        assert doc.text[i.start:i.end] == i.text


@pytest.mark.parametrize("sentence, expected", [
    ("Quý I/2024, đã kiểm tra 5 cuộc.", "2024-Q1"),
    ("Nhiệm kỳ 2020 - 2025, Đảng bộ kết nạp 300 đảng viên.", "2020-2025"),
    ("Tính đến tháng 8 năm 2025, Đảng có 5,6 triệu đảng viên.", "2025-08"),
    ("Trong năm, kết nạp 20 đảng viên.", "2023"),
])
def test_the_period_is_what_the_sentence_says_else_the_report_year(sentence, expected):
    assert period(sentence, "2023") == expected
