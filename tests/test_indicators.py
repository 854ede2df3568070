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
    # a count of members by rating is that rating's indicator too; 'trong sạch, vững mạnh' is a rating, not a total
    ("Đảng bộ xã có 18 TCCSĐ đạt trong sạch, vững mạnh; 1.020 đảng viên hoàn thành tốt nhiệm vụ (đạt 91,4%).",
     [("members_rated_good", 1020, "2024"), ("members_rated_good", 91.4, "2024")]),
    # a breakdown in the next sentence, and a list after a colon, are read with what opens them
    ("Năm 2023, toàn huyện kết nạp được 75 đảng viên. Trong đó Đảng bộ xã An Bình 20 đảng viên, "
     "Đảng bộ thị trấn 15 đảng viên.",
     [("members_admitted", 75, "2023"), ("members_admitted", 20, "2023"), ("members_admitted", 15, "2023")]),
    ("Nhiều quần chúng được kết nạp như xã Tân Hưng: 12 người; xã Tân Lập: 9 người.",
     [("members_admitted", 12, "2024"), ("members_admitted", 9, "2024")]),
    # a capitalised unit at the end of a line; a total after 'với'; the month of a dated inspection
    ("Năm 1960: Có 500.000 Đảng viên\n\nNăm 1966: Có 760.000 Đảng viên",
     [("members_total", 500000, "1960"), ("members_total", 760000, "1966")]),
    ("Toàn tỉnh có 410 tổ chức cơ sở đảng với 52.300 đảng viên.",
     [("grassroots_orgs", 410, "2024"), ("members_total", 52300, "2024")]),
    ("Từ ngày 04/9/2024 đến ngày 12/9/2024, Đoàn đã kiểm tra 05 đảng ủy cơ sở.", [("inspections", 5, "2024-09")]),
    # a stock is compared by year, whatever day it was counted on; a flow in a month keeps its month
    ("Tại thời điểm Đại hội (tháng 10/2020), Đảng bộ có 3.480 đảng viên. Tháng 10/2020, kết nạp 12 đảng viên.",
     [("members_total", 3480, "2020"), ("members_admitted", 12, "2020-10")]),
    # a quota, a plan or a forecast is no value; a cue in the part 'trong đó' opens is not the number's
    ("Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ.", []),
    ("Năm 2024, xã có kế hoạch kết nạp mới 8 đảng viên và dự kiến sẽ kết nạp thêm 3 đồng chí.", []),
    ("Chỉ đạo kiểm điểm 04 tổ chức đảng có biểu hiện mất đoàn kết, trong đó có 01 đ/c bị xử lý kỷ luật.",
     [("members_disciplined", 1, "2024")]),
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
    ("Từ năm 2015 đến năm 2020, toàn tỉnh kết nạp 4.120 đảng viên.", "2015-2020"),
    ("Từ năm 2018 đến nay, toàn tỉnh kết nạp 3.150 đảng viên.", "2018-2023"),
    ("Trong 5 năm, từ khi có Chỉ thị đến 30-6-2019, đã kết nạp 312 đảng viên.", "2014-2019"),
    ("Tính đến ngày 31/12/2022, Đảng bộ có 2.950 đảng viên.", "2022"),
    ("Ngày 12/5/2024, Đảng ủy trao Huy hiệu Đảng cho 16 đảng viên.", "2024-05"),
])
def test_the_period_is_what_the_sentence_says_else_the_report_year(sentence, expected):
    assert period(sentence, "2023") == expected


def test_a_span_up_to_now_is_unknown_in_an_undated_report():
    assert period("Từ năm 2018 đến nay, toàn tỉnh kết nạp 3.150 đảng viên.", None) is None


TABLES = """Kết quả công tác xây dựng Đảng qua các năm được tổng hợp trong bảng sau đây.

| Đại hội | Năm | Số đảng viên | Số tổ chức cơ sở đảng |
|---|---|---|---|
| Lần thứ nhất | 1977 | 12.400 | 310 |
| Lần thứ hai | 1982 | ~15.100 | 342 |
| Lần thứ ba | 20/10/1986 | 18.250 | 355 |

Hai năm gần đây, các chỉ tiêu chính như sau.

| Chỉ tiêu | Năm 2022 | Năm 2023 |
|---|---|---|
| Kết nạp đảng viên mới | 85 | 92 |
| Đảng viên hoàn thành tốt nhiệm vụ | 91,2% | 92,5% |
| Số hộ nghèo | 310 | 280 |
"""


def test_table_cells_are_read_with_their_header_and_row(tmp_path):
    from pipeline.analyze import analyze_record

    path = tmp_path / "bang.md"
    path.write_text(TABLES, encoding="utf-8")
    doc = analyze_record(path)
    assert not [d for d in doc.metadata.dropped if "\ue001" in d.text] and len(doc.tables) == 2  # rows are no bylines
    assert [(i.indicator, i.value, i.period, doc.text[i.start:i.end]) for i in doc.indicators] == [
        ("members_total", 12400, "1977", "12.400"), ("grassroots_orgs", 310, "1977", "310"),
        ("members_total", 15100, "1982", "~15.100"), ("grassroots_orgs", 342, "1982", "342"),
        ("members_total", 18250, "1986", "18.250"), ("grassroots_orgs", 355, "1986", "355"),
        ("members_admitted", 85, "2022", "85"), ("members_admitted", 92, "2023", "92"),
        ("members_rated_good", 91.2, "2022", "91,2%"), ("members_rated_good", 92.5, "2023", "92,5%"),
    ]


def test_a_count_under_a_share_indicator_keeps_its_noun_in_a_table_as_in_prose(tmp_path):
    """'Đảng viên hoàn thành tốt nhiệm vụ | 1.020' is a count of members rated good, not 1,020 %:
    a compare column of the share must never take it."""
    from pipeline.analyze import analyze_record

    path = tmp_path / "xep_loai.md"
    path.write_text("Kết quả xếp loại đảng viên của Đảng bộ xã qua hai năm như sau.\n\n"
                    "| Chỉ tiêu | Năm 2022 | Năm 2023 |\n|---|---|---|\n"
                    "| Đảng viên hoàn thành tốt nhiệm vụ | 1.020 | 94,5% |\n", encoding="utf-8")
    values = [(i.indicator, i.value, i.unit, i.period) for i in analyze_record(path).indicators]
    assert values == [("members_rated_good", 1020, "đảng viên hoàn thành tốt nhiệm vụ", "2022"),
                      ("members_rated_good", 94.5, "%", "2023")]
    doc = Document(id="t", source="t", text="Năm 2023 có 1.064 đảng viên hoàn thành tốt nhiệm vụ.")
    assert [i.unit for i in extract(segment(doc)).indicators] == ["đảng viên"]
