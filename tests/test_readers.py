"""Crawl exports read as CSV: any delimiter, unquoted delimiters in the text, bad files refused."""

from __future__ import annotations

import pytest

from pipeline.readers import BadInput, parse

REPORT = "Năm 2024, Đảng bộ phường kết nạp 12 đảng viên; 95% chi bộ hoàn thành tốt nhiệm vụ."


@pytest.mark.parametrize("delimiter", [",", "|", ";", "\t"])
def test_a_crawl_export_gives_one_document_per_row(delimiter):
    header = delimiter.join(["title", "publish_date", "url", "content"])
    row = delimiter.join(["Sơ kết 6 tháng", "2024-07-02", "https://example.vn/a", f'"{REPORT}"'])
    [doc] = parse(f"{header}\n{row}\n".encode(), "crawl.csv")
    assert (doc.title, doc.date, doc.url, doc.body) == ("Sơ kết 6 tháng", "2024-07-02", "https://example.vn/a", REPORT)


def test_an_unquoted_delimiter_in_the_last_field_stays_in_the_text():
    data = f"title|content\nSơ kết|{REPORT} | Ảnh: Minh Anh\n".encode()
    [doc] = parse(data, "crawl.csv")
    assert doc.body == f"{REPORT} | Ảnh: Minh Anh"


def test_more_fields_than_a_one_column_header():
    """'content' alone in the header, commas in the text: the row's pieces are one text (a crash once)."""
    [doc] = parse(f"content\n{REPORT}\n".encode(), "crawl.csv")
    assert doc.body == REPORT


@pytest.mark.parametrize("data", [b"title,content\n", b"", b"\x00\r\x00!"])
def test_a_csv_without_records_is_one_bad_input(data):
    with pytest.raises(BadInput):
        list(parse(data, "crawl.csv"))


def test_word_segmented_text_reads_back_as_plain_text_with_its_symbols_whole():
    from pipeline.readers import unsegment

    assert unsegment("Thực_hiện Chỉ_thị số 12-CT / TW của Bộ_Chính_trị ( khoá X ) , các chi_bộ đã học_tập .") == \
        "Thực hiện Chỉ thị số 12-CT/TW của Bộ Chính trị (khoá X), các chi bộ đã học tập."


@pytest.mark.parametrize("stamp, crawled, expected", [
    ("4 giờ trước", 1768728645.25, "2026-01-18"),  # 16:30 in Hà Nội, less four hours
    ("hôm qua", "2026-01-18T09:30:00Z", "2026-01-17"),
    ("2 ngày trước", "1768728645", "2026-01-16"),
    ("4 giờ trước", None, "4 giờ trước"),  # no crawl time: left as written, no date made up
])
def test_a_relative_stamp_is_counted_back_from_when_the_record_was_crawled(stamp, crawled, expected):
    import json

    record = {"title": "Sơ kết 6 tháng", "date": stamp, "content": REPORT}
    if crawled is not None:
        record["updated_at"] = crawled
    [doc] = parse(json.dumps([record], ensure_ascii=False).encode(), "crawl.json")
    assert doc.date == expected
