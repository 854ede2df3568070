"""Small contract documents for the store/query tests, written for the tests (not copied).

`make_doc` lays sentences out into a text and finds each mention and entity in it, so
every span keeps the contract rule text[start:end] == span text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.indicators import taxonomy
from pipeline.store import Corpus


def make_doc(doc_id: str, place: str | None, province: str | None, date: str | None,
             sentences: list[tuple[str, str]], refs: list[dict[str, Any]] = (),
             entities: list[tuple[str, str, dict[str, Any]]] = (),
             title: str | None = None,
             indicators: list[tuple] = ()) -> dict[str, Any]:
    text, spans = "", []
    for i, (sentence, label) in enumerate(sentences):
        start = len(text)
        text += sentence + ("\n\n" if sentence.isupper() else " ")
        spans.append({"text": sentence, "start": start, "end": start + len(sentence), "label": label,
                      "confidence": 0.9, "tokens": sentence.rstrip(".").split(), "paragraph": i,
                      "heading": sentence.isupper()})

    def find(needle: str, after: int = 0) -> tuple[int, int]:
        start = text.index(needle, after)
        return start, start + len(needle)

    references = []
    for ref in refs:
        ref = dict(ref)
        mentions, after = [], 0
        for mention in ref.pop("mentions"):
            start, end = find(mention, after)
            mentions.append({"text": mention, "start": start, "end": end})
            after = end
        references.append({"type": None, "number": None, "symbol": None, "issuer": None,
                           "plenum": None, "term": None, "session": None, "date": None,
                           **ref, "mentions": mentions})
    found = []
    for label, needle, norm in entities:
        start, end = find(needle)
        found.append({"label": label, "text": needle, "start": start, "end": end, "norm": norm})
    values, units = [], {i.id: i.unit for i in taxonomy()}
    for indicator, needle, value, period, *unit in indicators:  # the indicator's own unit unless given
        start, end = find(needle)
        sentence = next(i for i, span in enumerate(spans) if span["start"] <= start < span["end"])
        values.append({"indicator": indicator, "value": value, "unit": unit[0] if unit else units[indicator],
                       "period": period,
                       "text": needle, "start": start, "end": end, "sentence": sentence})
    return {"id": doc_id, "source": f"corpora/test/{doc_id}.txt",
            "metadata": {"title": title or f"Báo cáo {place}", "date": date, "place": place,
                         "province": province, "url": None, "format": "txt", "encoding": "utf-8",
                         "dropped": []},
            "text": text, "sentences": spans, "paragraphs": [], "references": references,
            "entities": found, "indicators": values}


CT05 = {"type": "Chỉ thị", "number": "5", "symbol": "CT/TW", "issuer": "Bộ Chính trị",
        "canonical": "5-CT/TW",
        "gazetteer": {"subject": "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}}
QD101 = {"type": "Quy định", "number": "101", "symbol": "QĐ/TW", "issuer": "Ban Bí thư",
         "canonical": "101-QĐ/TW"}

DOCS = [
    make_doc("q10-2023", "Quận 10", "Thành phố Hồ Chí Minh", "2023-12-20", [
        ("Năm 2023, Ban Thường vụ Quận ủy lãnh đạo thực hiện Nghị quyết số 15-NQ/TU của Thành uỷ "
         "về công tác phát triển đảng viên.", "achievement"),
        ("Toàn Đảng bộ quận kết nạp được 245 đảng viên mới, đạt 102% chỉ tiêu được giao.", "achievement"),
        ("Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo Chỉ thị 05-CT/TW "
         "của Bộ Chính trị được thực hiện nghiêm túc.", "achievement"),
        ("Tuy nhiên, công tác kiểm tra, giám sát ở một số chi bộ còn hình thức, chưa phát hiện "
         "kịp thời vi phạm.", "shortcoming"),
        ("Thời gian tới, Quận ủy tiếp tục đẩy mạnh thực hiện Chỉ thị 05 gắn với Quy định 101-QĐ/TW "
         "về trách nhiệm nêu gương.", "task"),
        ("Hiện nay, Đảng bộ quận có 4.164 đảng viên sinh hoạt tại 101 TCCSĐ.", "other"),
    ], refs=[
        {"type": "Nghị quyết", "number": "15", "symbol": "NQ/TU", "issuer": "Thành ủy",
         "canonical": "15-NQ/TU@Thành phố Hồ Chí Minh", "mentions": ["Nghị quyết số 15-NQ/TU của Thành uỷ"]},
        {**CT05, "mentions": ["Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị 05"]},
        {**QD101, "mentions": ["Quy định 101-QĐ/TW"]},
    ], entities=[
        ("COUNT", "245 đảng viên", {"value": 245, "unit": "đảng viên"}),
        ("PERCENT", "102%", {"value": 102, "unit": None}),
        ("COUNT", "4.164 đảng viên", {"value": 4164, "unit": "đảng viên"}),
        ("COUNT", "101 TCCSĐ", {"value": 101, "unit": "TCCSĐ"}),
        ("ORG", "Ban Thường vụ Quận ủy", {"name": "Ban Thường vụ Quận ủy", "kind": "party"}),
    ], indicators=[
        ("members_admitted", "245 đảng viên", 245, None),
        ("members_total", "4.164 đảng viên", 4164, None),
        ("grassroots_orgs", "101 TCCSĐ", 101, None),
    ]),
    make_doc("binhthuy-2022", "quận Bình Thủy", "Cần Thơ", "2022-07-15", [
        ("Đảng ủy các phường đã quán triệt Nghị quyết Trung ương 4 khóa XII đến 100% cán bộ, "
         "đảng viên.", "achievement"),
        ("Tình trạng lấn chiếm vỉa hè đang có chiều hướng gia tăng ở một số tuyến đường.", "shortcoming"),
        ("Quận ủy Bình Thuỷ thực hiện nghiêm Chỉ thị số 05-CT/TW, gắn với xây dựng, chỉnh đốn Đảng.",
         "achievement"),
        ("Phấn đấu trong năm 2023 kết nạp 120 đảng viên mới.", "task"),
        ("Các cấp ủy tiếp tục thực hiện Nghị quyết số 15-NQ/TU của Thành ủy Cần Thơ về cải cách "
         "hành chính.", "task"),
    ], refs=[
        {"type": "Nghị quyết", "plenum": "4", "term": "XII", "issuer": "Ban Chấp hành Trung ương",
         "canonical": "NQTW4/XII", "mentions": ["Nghị quyết Trung ương 4 khóa XII"]},
        {**CT05, "mentions": ["Chỉ thị số 05-CT/TW"]},
        {"type": "Nghị quyết", "number": "15", "symbol": "NQ/TU", "issuer": "Thành ủy",
         "canonical": "15-NQ/TU@Cần Thơ", "mentions": ["Nghị quyết số 15-NQ/TU của Thành ủy Cần Thơ"]},
    ], entities=[
        ("PERCENT", "100%", {"value": 100, "unit": None}),
        ("COUNT", "120 đảng viên", {"value": 120, "unit": "đảng viên"}),
    ]),
    make_doc("hoankiem-2023", "Quận Hoàn Kiếm", "Hà Nội", "2023-03-02", [
        ("II. HẠN CHẾ, KHUYẾT ĐIỂM", "other"),
        ("Việc triển khai Nghị quyết 15-NQ/TU của Thành ủy Hà Nội ở một số cơ sở còn chậm.", "shortcoming"),
        ("Công tác phát triển đảng viên trong doanh nghiệp ngoài nhà nước còn gặp nhiều khó khăn.",
         "shortcoming"),
        ("Toàn quận có 96,5% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.", "achievement"),
        ("Quận ủy yêu cầu các chi bộ tiếp tục học tập và làm theo Chỉ thị 05.", "task"),
    ], refs=[
        {"type": "Nghị quyết", "number": "15", "symbol": "NQ/TU", "issuer": "Thành ủy",
         "canonical": "15-NQ/TU@Hà Nội", "mentions": ["Nghị quyết 15-NQ/TU của Thành ủy Hà Nội"]},
        {**CT05, "mentions": ["Chỉ thị 05"]},
    ], entities=[
        ("PERCENT", "96,5%", {"value": 96.5, "unit": "tổ chức cơ sở đảng"}),
    ], indicators=[("orgs_rated_good", "96,5%", 96.5, None)]),
    make_doc("q10-2024", "quận 10", "TP. Hồ Chí Minh", "2024-06-10", [
        ("Sáu tháng đầu năm 2024, Đảng bộ Quận 10 kết nạp 130 đảng viên.", "achievement"),
        ("Qui định số 101-QĐ/TW được các chi bộ quán triệt đầy đủ.", "achievement"),
        ("Bên cạnh đó, một số tổ chức cơ sở đảng chưa thực hiện nghiêm chế độ sinh hoạt.", "shortcoming"),
        ("Đề nghị Thành uỷ quan tâm bổ sung biên chế cho các cơ quan tham mưu.", "task"),
    ], refs=[
        {**QD101, "mentions": ["Qui định số 101-QĐ/TW"]},
    ], entities=[
        ("COUNT", "130 đảng viên", {"value": 130, "unit": "đảng viên"}),
    ], indicators=[("members_admitted", "130 đảng viên", 130, "2024-H1")]),
]


def build(path: Path, docs: list[dict[str, Any]] = DOCS) -> Path:
    with Corpus(path) as corpus, corpus.transaction():
        for doc in docs:
            corpus.add(doc, f"hash-{doc['id']}")
    return path
