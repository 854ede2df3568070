"""Tests for pipeline/references.py, eyecite style: (text, expected references) tables.

The texts are written for these tests in the style of district committee reports; none is taken
from a real report. `ref()` builds an expected reference: its key, the text of every mention in
order, and whatever other fields the case is about.
"""

from __future__ import annotations

import csv
import re
import time
import unicodedata
from pathlib import Path

import pytest

from pipeline.references import ReferenceInputError, find_references

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared beside the checkout
DATA = Path(__file__).resolve().parents[1] / "pipeline" / "data"


def ref(canonical: str, *mentions: str, **fields) -> dict:
    return {"canonical": canonical, "mentions": list(mentions), **fields}


def found(text: str, province: str | None = None, place: str | None = None) -> list[dict]:
    refs = find_references(text, province, place)
    for r in refs:
        for m in r.mentions:
            assert text[m.start:m.end] == m.text
    return [{**r.to_dict(), "mentions": [m.text for m in r.mentions]} for r in refs]


def check(text: str, expected: list[dict], province: str | None = None, place: str | None = None) -> None:
    got = found(text, province, place)
    assert [g["canonical"] for g in got] == [e["canonical"] for e in expected], got
    for g, e in zip(got, expected):
        assert {k: g.get(k) for k in e} == e, g


FORMS = [
    # a symbol typed without its slash; a qualifier and no 'số' before a whole symbol; a symbol of
    # another type after a qualifier names that document, not the one before it
    ("Căn cứ Quyết định số 842QĐ-UBND ngày 03/4/2023 của UBND tỉnh, huyện đã kiện toàn ban chỉ đạo.",
     "Nghệ An", None, [ref("842/QĐ-UBND@Nghệ An", "Quyết định số 842QĐ-UBND ngày 03/4/2023 của UBND tỉnh",
                           date="2023-04-03", symbol="QĐ-UBND")]),
    ("Sở Y tế ban hành Hướng dẫn tạm thời 215/SYT-NVY năm 2024 về khám sức khỏe.", "Nghệ An", None,
     [ref("215/SYT-NVY", "Hướng dẫn tạm thời 215/SYT-NVY", type="Hướng dẫn")]),
    ("Huyện ủy ban hành Kế hoạch thực hiện 05-NQ/TU của Tỉnh ủy.", "Nghệ An", None,
     [ref("05-NQ/TU@Nghệ An", "05-NQ/TU của Tỉnh ủy", type="Nghị quyết")]),
    # the day a sentence opens with dates the document its subject issues, unless one follows it
    ("Ngày 12/3/2024, Huyện ủy ban hành Kế hoạch số 45-KH/HU về chuyển đổi số.", "Nghệ An", None,
     [ref("45-KH/HU@Nghệ An", "Kế hoạch số 45-KH/HU", date="2024-03-12")]),
    ("Sáng 12/3/2024, Huyện ủy ban hành Kế hoạch số 45-KH/HU ngày 10/3/2024 về chuyển đổi số.", "Nghệ An", None,
     [ref("45-KH/HU@Nghệ An", "Kế hoạch số 45-KH/HU ngày 10/3/2024", date="2024-03-10")]),
    ("Ngày 12/3/2024, huyện tổ chức hội nghị quán triệt Kế hoạch số 45-KH/HU về chuyển đổi số.", "Nghệ An", None,
     [ref("45-KH/HU@Nghệ An", "Kế hoạch số 45-KH/HU", date=None)]),
    # a National Assembly symbol numbers the legislature that passed it; a term after the body counts
    ("Quốc hội thông qua Nghị quyết số 198/2025/QH15 về cơ chế đặc biệt.", None, None,
     [ref("198/2025/QH15", "Nghị quyết số 198/2025/QH15", term="XV")]),
    ("Theo Luật Lưu trữ số 33/2024/QH15 của Quốc hội khóa XV, hồ sơ đảng viên được lưu giữ.", None, None,
     [ref("Luật lưu trữ/2024", "Luật Lưu trữ số 33/2024/QH15 của Quốc hội khóa XV", term="XV")]),
    # Full form, then short forms of it: one document, every mention listed.
    ("Ban Thường vụ Quận ủy tập trung lãnh đạo thực hiện Nghị quyết số 12 -NQ/TU của Thành uỷ về "
     "nâng cao chất lượng tổ chức cơ sở đảng. Qua ba năm thực hiện Nghị quyết 12 của Thành uỷ, các "
     "chi bộ chuyển biến rõ; việc sơ kết Nghị quyết số 12 được tiến hành nghiêm túc, bám sát Nghị quyết 12.",
     "Hà Nội", None,
     [ref("12-NQ/TU@Hà Nội", "Nghị quyết số 12 -NQ/TU của Thành uỷ", "Nghị quyết 12 của Thành uỷ",
          "Nghị quyết số 12", "Nghị quyết 12", type="Nghị quyết", number="12", symbol="NQ/TU",
          issuer="Thành ủy")]),
    ("Tiếp tục thực hiện Nghị quyết 07-NQ/QU ngày 05/03/2019 của Ban Thường vụ Quận ủy về chỉnh trang đô thị.",
     "Thành phố Hồ Chí Minh", "quận 5",
     [ref("07-NQ/QU@Hồ Chí Minh/Quận 5", "Nghị quyết 07-NQ/QU ngày 05/03/2019 của Ban Thường vụ Quận ủy",
          number="7", date="2019-03-05", issuer="Ban Thường vụ Quận ủy")]),
    ("Các chi bộ thực hiện quy chế dân chủ theo Chỉ thị 30-CT/TW của Bộ Chính trị và Chỉ thị 10-CT/BBT "
     "ngày 28/03/2002 của Ban Bí thư.", None, None,
     [ref("30-CT/TW", "Chỉ thị 30-CT/TW của Bộ Chính trị", issuer="Bộ Chính trị", symbol="CT/TW"),
      ref("10-CT/TW/2002", "Chỉ thị 10-CT/BBT ngày 28/03/2002 của Ban Bí thư", date="2002-03-28",
          issuer="Ban Bí thư", symbol="CT/BBT")]),
    ("Đảng ủy phường quán triệt Quy định 512 của Thành ủy và các qui định 48 về công tác cán bộ.",
     "Thành phố Hồ Chí Minh", None,
     [ref("512-QĐ/TU@Hồ Chí Minh", "Quy định 512 của Thành ủy", symbol="QĐ/TU", issuer="Thành ủy",
          inferred=["symbol"]),
      ref("48-QĐ/?", "qui định 48", symbol=None, issuer=None)]),
    ("Đoàn kiểm tra theo Quyết định số 185-QĐ/QU làm việc với 5 đảng bộ về Chương trình 03-CTr/QU.",
     None, None,
     [ref("185-QĐ/QU", "Quyết định số 185-QĐ/QU", type="Quyết định", issuer="Quận ủy"),
      ref("03-CTr/QU", "Chương trình 03-CTr/QU", type="Chương trình", symbol="CTr/QU")]),
    ("Quận ủy quán triệt kế hoạch 02 của Bộ chính trị, kế hoạch 17 và Hướng dẫn 43-HD/BTCTW.", None, None,
     [ref("02-KH/TW", "kế hoạch 02 của Bộ chính trị", issuer="Bộ Chính trị", symbol="KH/TW"),
      ref("17-KH/?", "kế hoạch 17", issuer=None),
      ref("43-HD/BTCTW", "Hướng dẫn 43-HD/BTCTW", issuer="Ban Tổ chức Trung ương")]),
    ("Cán bộ được đánh giá theo Quy định 366-QĐ/TW; có cơ sở viện dẫn Quy định số 366- QĐ/TW.", None, None,
     [ref("366-QĐ/TW", "Quy định 366-QĐ/TW", "Quy định số 366- QĐ/TW", type="Quy định", issuer="Bộ Chính trị")]),
    # the body the sentence says issues it outranks the gazetteer's
    ("Tháng 8, Ban Chấp hành Trung ương đã ban hành Quy định 366-QĐ/TW về kiểm điểm; UBND tỉnh vừa ban hành "
     "Kế hoạch số 192/KH-UBND.", None, None,
     [ref("366-QĐ/TW", "Quy định 366-QĐ/TW", issuer="Ban Chấp hành Trung ương"),
      ref("192/KH-UBND", "Kế hoạch số 192/KH-UBND", issuer="Ủy ban nhân dân")]),
    # a plenum written with a comma before the committee, 'T.Ư' for Trung ương
    ("Đoàn giám sát việc thực hiện Nghị quyết hội nghị lần thứ 6, Ban Chấp hành T.Ư khóa XII tại tỉnh.", None, None,
     [ref("NQTW6/XII", "Nghị quyết hội nghị lần thứ 6, Ban Chấp hành T.Ư khóa XII", plenum="6", term="XII")]),
    # Lower case, spaces round '-' and '/', 'T.Ư' and 'TƯ' for TW, 'NQ số', a bare symbol.
    ("thực hiện nghị quyết số 16 - nq / t.ư, tiếp đó Nghị quyết 16-NQ/TƯ được sơ kết.", None, None,
     [ref("16-NQ/TW", "nghị quyết số 16 - nq / t.ư", "Nghị quyết 16-NQ/TƯ", symbol="NQ/TW")]),
    ("Thường trực Quận ủy đề nghị bổ sung NQ số 21-NQ/TU; các đơn vị báo cáo việc thực hiện 21-NQ/TU.",
     "Đà Nẵng", None,
     [ref("21-NQ/TU@Đà Nẵng", "NQ số 21-NQ/TU", "21-NQ/TU", type="Nghị quyết", issuer="Thành ủy")]),
    ("Việc thực hiện 33-NQ/TU được kiểm tra hằng quý.", "Nghệ An", None,
     [ref("33-NQ/TU@Nghệ An", "33-NQ/TU", type="Nghị quyết", issuer="Tỉnh ủy", inferred=["issuer", "type"])]),
    ("Nghị quyết 15/NQ-TU được triển khai đến chi bộ.", None, None,
     [ref("15-NQ/TU", "Nghị quyết 15/NQ-TU", symbol="NQ/TU")]),
    ("Đoàn kiểm tra theo Quyết định số 94 – QĐ/TU ngày 24/11/2025 của Ban Thường vụ Tỉnh ủy.", "Hưng Yên", None,
     [ref("94-QĐ/TU@Hưng Yên", "Quyết định số 94 – QĐ/TU ngày 24/11/2025 của Ban Thường vụ Tỉnh ủy",
          date="2025-11-24", issuer="Ban Thường vụ Tỉnh ủy")]),
    # Lists: each item its own document, the later items their own mentions.
    ("Thực hiện quy chế dân chủ ở cơ sở (chỉ thị 30, nghị định 29, 71 và 07), chống tiêu cực.", None, None,
     [ref("30-CT/?", "chỉ thị 30"),
      ref("29/NĐ-CP", "nghị định 29", issuer="Chính phủ", symbol="NĐ-CP"),
      ref("71/NĐ-CP", "71", number="71"),
      ref("07/NĐ-CP", "07", number="7")]),
    # A 'của <body>' after a list of short forms is every item's; a symbol or body of its own stays.
    ("Đã kiểm tra việc thực hiện Chỉ thị 04, Chỉ thị 06 và Quy định 428 của Thành ủy.", "Hà Nội", None,
     [ref("04-CT/TU@Hà Nội", "Chỉ thị 04", issuer="Thành ủy", symbol="CT/TU", inferred=["symbol"]),
      ref("06-CT/TU@Hà Nội", "Chỉ thị 06", issuer="Thành ủy"),
      ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy", issuer="Thành ủy")]),
    ("Học tập Chỉ thị 04, 06 và Quy định 428 của Thành ủy.", "Hà Nội", None,
     [ref("04-CT/TU@Hà Nội", "Chỉ thị 04", issuer="Thành ủy"), ref("06-CT/TU@Hà Nội", "06", issuer="Thành ủy"),
      ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy")]),
    ("Các chi bộ xây dựng Kế hoạch 12, kế hoạch 14 hoặc Chương trình 05 của Quận ủy về chuyển đổi số.",
     "Thành phố Hồ Chí Minh", "quận 3",
     [ref("12-KH/QU@Hồ Chí Minh/Quận 3", "Kế hoạch 12", issuer="Quận ủy"),
      ref("14-KH/QU@Hồ Chí Minh/Quận 3", "kế hoạch 14", issuer="Quận ủy"),
      ref("05-CTr/QU@Hồ Chí Minh/Quận 3", "Chương trình 05 của Quận ủy", issuer="Quận ủy")]),
    ("Quán triệt Chỉ thị 04 và Quy định 428 của Ủy ban Kiểm tra Quận ủy Bình Thạnh.",
     "Thành phố Hồ Chí Minh", "phường 25",
     [ref("04-CT/UBKTQU@Hồ Chí Minh/Quận Bình Thạnh", "Chỉ thị 04"),
      ref("428-QĐ/UBKTQU@Hồ Chí Minh/Quận Bình Thạnh",
          "Quy định 428 của Ủy ban Kiểm tra Quận ủy Bình Thạnh")]),
    ("Tiếp tục quán triệt Nghị quyết 15 và 16 của Quận ủy Bình Thạnh.", "Thành phố Hồ Chí Minh", "phường 25",
     [ref("15-NQ/QU@Hồ Chí Minh/Quận Bình Thạnh", "Nghị quyết 15", issuer="Quận ủy"),
      ref("16-NQ/QU@Hồ Chí Minh/Quận Bình Thạnh", "16 của Quận ủy Bình Thạnh", issuer="Quận ủy")]),
    ("Thực hiện Chỉ thị 04, Nghị quyết 09-NQ/QU và Quy định 428 của Thành ủy.", "Hà Nội", None,
     [ref("04-CT/TU@Hà Nội", "Chỉ thị 04", issuer="Thành ủy"),
      ref("09-NQ/QU@Hà Nội", "Nghị quyết 09-NQ/QU", symbol="NQ/QU", issuer="Quận ủy"),
      ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy")]),
    ("Thực hiện Chỉ thị 04 của Ban Thường vụ Quận ủy, Chỉ thị 06 và Quy định 428 của Thành ủy.", "Hà Nội", None,
     [ref("04-CT/QU@Hà Nội", "Chỉ thị 04 của Ban Thường vụ Quận ủy", issuer="Ban Thường vụ Quận ủy"),
      ref("06-CT/TU@Hà Nội", "Chỉ thị 06", issuer="Thành ủy"),
      ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy")]),
    ("Tiếp tục thực hiện Nghị quyết 15 và Chỉ thị 05-CT/TW của Bộ Chính trị.", None, None,
     [ref("15-NQ/?", "Nghị quyết 15", issuer=None), ref("05-CT/TW", "Chỉ thị 05-CT/TW của Bộ Chính trị")]),
    ("Chỉ thị 04 được sơ kết; Quy định 428 của Thành ủy được quán triệt.", "Hà Nội", None,
     [ref("04-CT/?", "Chỉ thị 04", issuer=None), ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy")]),
    ("Tuân thủ nghị định 29 và Quy định 428 của Thành ủy.", "Hà Nội", None,
     [ref("29/NĐ-CP", "nghị định 29", issuer="Chính phủ"), ref("428-QĐ/TU@Hà Nội", "Quy định 428 của Thành ủy")]),
    ("Tiếp tục quán triệt Nghị quyết 15 và 16 của Thành ủy.", "Cần Thơ", None,
     [ref("15-NQ/TU@Cần Thơ", "Nghị quyết 15", issuer="Thành ủy"),
      ref("16-NQ/TU@Cần Thơ", "16 của Thành ủy", issuer="Thành ủy")]),
    # State documents.
    ("Áp dụng Nghị định 60/2003/NĐ-CP, nghị quyết số 42/2006/nq-hđnd, Thông tư 01/2016/TT-BNV và "
     "Quyết định 1234/QĐ-UBND ngày 3/4/2016.", "Cần Thơ", None,
     [ref("60/2003/NĐ-CP", "Nghị định 60/2003/NĐ-CP", symbol="2003/NĐ-CP", issuer="Chính phủ", number="60"),
      ref("42/2006/NQ-HĐND@Cần Thơ", "nghị quyết số 42/2006/nq-hđnd", symbol="2006/NQ-HĐND",
          issuer="Hội đồng nhân dân"),
      ref("01/2016/TT-BNV", "Thông tư 01/2016/TT-BNV", type="Thông tư", number="1", issuer="Bộ Nội vụ"),
      ref("1234/QĐ-UBND@Cần Thơ", "Quyết định 1234/QĐ-UBND ngày 3/4/2016", date="2016-04-03",
          issuer="Ủy ban nhân dân")]),
    ("Chỉ thị số 16 của Thủ tướng Chính phủ và Quyết định 1562/QĐ-TTg.", None, None,
     [ref("16/CT-TTg", "Chỉ thị số 16 của Thủ tướng Chính phủ", symbol="CT-TTg"),
      ref("1562/QĐ-TTg", "Quyết định 1562/QĐ-TTg", issuer="Thủ tướng Chính phủ")]),
    # Laws.
    ("Thực hiện Luật Ngân sách Nhà nước ngày 16 tháng 12 năm 2002 và Luật Phòng, chống tham nhũng năm "
     "2018; Luật Ngân sách Nhà nước là căn cứ lập dự toán.", None, None,
     [ref("Luật ngân sách nhà nước/2002", "Luật Ngân sách Nhà nước ngày 16 tháng 12 năm 2002",
          "Luật Ngân sách Nhà nước", type="Luật", date="2002-12-16", issuer="Quốc hội"),
      ref("Luật phòng, chống tham nhũng/2018", "Luật Phòng, chống tham nhũng năm 2018", year="2018")]),
    ("Theo Luật BHYT 2014 và Luật Bảo hiểm y tế năm 2014, Hiến pháp năm 2013, Luật số 55/2005/QH11.", None, None,
     [ref("Luật bảo hiểm y tế/2014", "Luật BHYT 2014", "Luật Bảo hiểm y tế năm 2014"),
      ref("Hiến pháp/2013", "Hiến pháp năm 2013", type="Hiến pháp"),
      ref("55/2005/QH11", "Luật số 55/2005/QH11", type="Luật", number="55", symbol="2005/QH11")]),
    ("Đề án theo Luật Giáo dục quốc phòng và an ninh; bảo đảm tính pháp luật đất đai năm 2013.", None, None,
     [ref("Luật giáo dục quốc phòng và an ninh", "Luật Giáo dục quốc phòng và an ninh")]),
]

PLENUMS = [
    ("Tự phê bình và phê bình theo tinh thần NQTW5 (khóa VIII) và NQTW6 (lần 2); kết quả thực hiện NQTW5 "
     "được sơ kết, NQTW 4 về phát huy nội lực tiếp tục được quán triệt.", None, None,
     [ref("NQTW5/VIII", "NQTW5 (khóa VIII)", "NQTW5", plenum="5", term="VIII", issuer="Ban Chấp hành Trung ương"),
      ref("NQTW6(2)/VIII", "NQTW6 (lần 2)", plenum="6", session="lần 2", term="VIII", inferred=["term"]),
      ref("NQTW4/VIII", "NQTW 4", plenum="4", term="VIII", inferred=["term"])]),
    ("Các chi bộ quán triệt Nghị quyết Trung ương 4 (NQTW4) khóa XII cùng với Chỉ thị 05 của Bộ Chính trị; "
     "rà soát hồ sơ về NQTW4, Chỉ thị 05 và Nghị quyết số 04-NQ/TW.", None, None,
     [ref("NQTW4/XII", "Nghị quyết Trung ương 4 (NQTW4) khóa XII", "NQTW4", "Nghị quyết số 04-NQ/TW",
          plenum="4", term="XII", number="4", symbol="NQ/TW"),
      ref("05-CT/TW", "Chỉ thị 05 của Bộ Chính trị", "Chỉ thị 05", symbol="CT/TW", number="5")]),
    ("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XI được tổng kết.", None, None,
     [ref("NQTW4/XI", "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XI", term="XI")]),
    ("Kết luận Hội nghị Trung ương 4 khóa XIII được quán triệt.", None, None,
     [ref("KLTW4/XIII", "Kết luận Hội nghị Trung ương 4 khóa XIII", type="Kết luận")]),
    ("Sơ kết Nghị quyết Trung ương 6 ( lần 2) tại các chi bộ.", None, None,
     [ref("NQTW6(2)/VIII", "Nghị quyết Trung ương 6 ( lần 2)", session="lần 2")]),
    ("Quán triệt Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII.", None, None,
     [ref("18-NQ/TW/2017", "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII",
          issuer="Ban Chấp hành Trung ương", term="XII", plenum=None)]),
    # TW alone does not say which central organ issued it.
    ("Tiếp tục thực hiện Nghị quyết 18-NQ/TW.", None, None,
     [ref("18-NQ/TW", "Nghị quyết 18-NQ/TW", issuer=None,
          gazetteer_candidates=["18-NQ/TW/2017", "18-NQ/TW/2022"])]),
    ("Thực hiện Nghị quyết Trung ương 5 khóa XIII và Nghị quyết 18-NQ/TW về đất đai.", None, None,
     [ref("NQTW5/XIII", "Nghị quyết Trung ương 5 khóa XIII"),
      ref("18-NQ/TW/2022", "Nghị quyết 18-NQ/TW", issuer="Ban Chấp hành Trung ương")]),
    # Congress resolutions.
    ("Hoàn thành các chỉ tiêu Nghị quyết Đại hội đại biểu Đảng bộ Quân sự tỉnh lần thứ XV, nhiệm kỳ "
     "2020 – 2025 và Nghị quyết Đại hội XIII của Đảng.", "Quảng Nam", None,
     [ref("NQĐH/XV/đảng bộ quân sự tỉnh@Quảng Nam",
          "Nghị quyết Đại hội đại biểu Đảng bộ Quân sự tỉnh lần thứ XV, nhiệm kỳ 2020 – 2025",
          session="Đại hội đại biểu Đảng bộ Quân sự tỉnh lần thứ XV", term=None, period="2020-2025",
          issuer="Đại hội đại biểu Đảng bộ Quân sự tỉnh"),  # the issuer as written (realgold's reading)
      ref("NQĐH/XIII", "Nghị quyết Đại hội XIII của Đảng", term=None, session="Đại hội XIII",
          issuer="Đại hội đại biểu toàn quốc")]),
    # A heading in capitals: the report's own Đảng bộ's congress, written as running text writes it.
    ("II. ĐÁNH GIÁ VIỆC THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI LẦN THỨ XXI\nNhiệm kỳ qua, Đảng bộ đã lãnh đạo toàn diện.",
     "Đà Nẵng", "quận Sơn Trà",
     [ref("NQĐH/XXI/đảng bộ@Đà Nẵng/Quận Sơn Trà", "NGHỊ QUYẾT ĐẠI HỘI LẦN THỨ XXI", issuer="Đại hội Đảng bộ quận",
          session="Đại hội lần thứ XXI", term=None, plenum=None)]),
    # In a ward's or district's own report a congress not called national ('của Đảng', 'toàn quốc') is its own.
    ("Đảng bộ hoàn thành 15/17 chỉ tiêu Nghị quyết Đại hội lần thứ XII đề ra, quán triệt Nghị quyết Đại hội "
     "XIII của Đảng.", "Hà Nội", "phường Tương Mai",
     [ref("NQĐH/XII/đảng bộ@Hà Nội/Phường Tương Mai", "Nghị quyết Đại hội lần thứ XII",
          issuer="Đại hội Đảng bộ phường", session="Đại hội lần thứ XII"),
      ref("NQĐH/XIII", "Nghị quyết Đại hội XIII của Đảng", issuer="Đại hội đại biểu toàn quốc")]),
    ("Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ 13 của Đảng.", None, None,
     [ref("NQĐH/XIII", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ 13 của Đảng")]),
]

RESOLUTION = [
    # Two full forms of the same type and number: a short form takes the nearest preceding one.
    ("Thực hiện Nghị quyết 15-NQ/TU của Thành ủy và Nghị quyết 15-NQ/QU của Quận ủy; "
     "kết quả thực hiện Nghị quyết 15 được đánh giá cao.", "Hà Nội", "Quận Hoàn Kiếm",
     [ref("15-NQ/TU@Hà Nội", "Nghị quyết 15-NQ/TU của Thành ủy"),
      ref("15-NQ/QU@Hà Nội/Quận Hoàn Kiếm", "Nghị quyết 15-NQ/QU của Quận ủy", "Nghị quyết 15")]),
    # No full form before it: the short form joins the following one.
    ("Nghị quyết số 15 đã đi vào cuộc sống. Nghị quyết 15-NQ/TU của Thành ủy ban hành năm 2012.", "Hà Nội", None,
     [ref("15-NQ/TU@Hà Nội", "Nghị quyết số 15", "Nghị quyết 15-NQ/TU của Thành ủy")]),
    # The issuer must agree: the Quận ủy's Nghị quyết 15 is not the Thành ủy's.
    ("Nghị quyết 15-NQ/TU của Thành ủy và Nghị quyết 15 của Quận ủy.", "Hà Nội", None,
     [ref("15-NQ/TU@Hà Nội", "Nghị quyết 15-NQ/TU của Thành ủy"),
      ref("15-NQ/QU@Hà Nội", "Nghị quyết 15 của Quận ủy", symbol="NQ/QU")]),
    # The type must agree, 'QĐ' serving both Quy định and Quyết định.
    ("Thực hiện Chỉ thị 05-CT/TW; Chỉ thị 05 và Quy định 05 được học tập.", None, None,
     [ref("05-CT/TW", "Chỉ thị 05-CT/TW", "Chỉ thị 05"), ref("05-QĐ/?", "Quy định 05")]),
    ("Theo Quyết định số 271-QĐ/QU, đoàn kiểm tra làm việc; Quyết định 271 nêu rõ thành phần.", None, None,
     [ref("271-QĐ/QU", "Quyết định số 271-QĐ/QU", "Quyết định 271", type="Quyết định")]),
]

FIELDS = [
    # issuer: the body the text names, else a sure gazetteer row, else what the symbol's code says;
    # TW and 'của Trung ương' say no organ, so the issuer stays null.
    ("Chi bộ học tập Quy định 55-QĐ/TW, Kết luận 12 của Trung ương và Nghị định 45/2020/NĐ-CP.", None, None,
     [ref("55-QĐ/TW", "Quy định 55-QĐ/TW", issuer=None),
      ref("12-KL/TW", "Kết luận 12 của Trung ương", issuer=None, symbol="KL/TW"),
      ref("45/2020/NĐ-CP", "Nghị định 45/2020/NĐ-CP", issuer="Chính phủ")]),
    ("Quán triệt Quy định 102-QĐ/TW và Hướng dẫn 43-HD/BTCTW.", None, None,  # sure row; an unsure one
     [ref("102-QĐ/TW", "Quy định 102-QĐ/TW", issuer="Bộ Chính trị", inferred=["issuer"]),
      ref("43-HD/BTCTW", "Hướng dẫn 43-HD/BTCTW", issuer="Ban Tổ chức Trung ương")]),
    ("Thực hiện Nghị quyết 20-NQ/TW ngày 25/10/2017.", None, None,  # the row is unsure
     [ref("20-NQ/TW/2017", "Nghị quyết 20-NQ/TW ngày 25/10/2017", issuer=None, plenum=None, term=None)]),
    # The gazetteer's plenum and term stay in extra['gazetteer']; plenum and term say what the text says.
    ("Các chi bộ học tập Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIII.", None, None,
     [ref("KLTW4/XIII", "Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIII",
          plenum=None, term="XIII", issuer="Ban Chấp hành Trung ương")]),
    # A plenum phrase after symbols names the meeting: part of the mention it follows, as annotators
    # read it, and shared by the list.
    ("Quận ủy sơ kết Nghị quyết số 19-NQ/TW và Nghị quyết số 20-NQ/TW Hội nghị lần thứ sáu Ban Chấp hành "
     "Trung ương Đảng khóa XII tại 36 chi bộ.", None, None,
     [ref("19-NQ/TW/2017", "Nghị quyết số 19-NQ/TW", plenum="6", term="XII", issuer="Ban Chấp hành Trung ương"),
      ref("20-NQ/TW/2017", "Nghị quyết số 20-NQ/TW Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
          plenum="6", term="XII", issuer="Ban Chấp hành Trung ương")]),
    # A bare year after a symbol may be the year of the work: read, but out of the mention, and a row
    # that disagrees with it is still linked.
    ("Quy định mới thay thế Quy định số 47-QĐ/TW năm 2011; kết quả thực hiện Chỉ thị 05-CT/TW năm 2023 tốt.",
     None, None,
     [ref("47-QĐ/TW", "Quy định số 47-QĐ/TW", issuer="Ban Chấp hành Trung ương", year="2011"),
      ref("05-CT/TW", "Chỉ thị 05-CT/TW", issuer="Bộ Chính trị")]),
    ("Theo Quy định số 47-QĐ/TW năm 2011 của Ban Chấp hành Trung ương, đảng viên không được làm 19 điều.",
     None, None,
     [ref("47-QĐ/TW", "Quy định số 47-QĐ/TW năm 2011 của Ban Chấp hành Trung ương")]),
    # A unit named after a local body is part of the mention and keys the document.
    ("Thực hiện Quyết định số 215-QĐ/UBKTQU ngày 12/3/2019 của Ủy ban Kiểm tra Quận ủy Gò Vấp, đoàn làm việc "
     "với Đảng ủy Phường 7.", "Thành phố Hồ Chí Minh", "Phường 7",
     [ref("215-QĐ/UBKTQU@Hồ Chí Minh/Quận Gò Vấp",
          "Quyết định số 215-QĐ/UBKTQU ngày 12/3/2019 của Ủy ban Kiểm tra Quận ủy Gò Vấp",
          issuer="Ủy ban Kiểm tra Quận ủy")]),
    ("Sở Nội vụ thực hiện Kế hoạch số 61/KH-UBND ngày 02/4/2020 của UBND tỉnh Sóc Trăng và Công văn 1076-CV/ĐU "
     "của Đảng ủy Ủy ban nhân dân Thành phố.", "Cần Thơ", None,
     [ref("61/KH-UBND@Sóc Trăng", "Kế hoạch số 61/KH-UBND ngày 02/4/2020 của UBND tỉnh Sóc Trăng"),
      ref("1076-CV/ĐU@Cần Thơ", "Công văn 1076-CV/ĐU của Đảng ủy")]),
    # Documents cited by name.
    ("Đảng viên phải chấp hành nghiêm Cương lĩnh chính trị, Điều lệ Đảng; Điều 9 Điều lệ Đảng quy định rõ.",
     None, None,
     [ref("Cương lĩnh chính trị", "Cương lĩnh chính trị", type="Di chúc/other", number=None, issuer=None),
      ref("Điều lệ Đảng", "Điều lệ Đảng", "Điều lệ Đảng", type="Điều lệ", number=None, symbol=None)]),
    ("Chi bộ góp ý Dự thảo Báo cáo chính trị trình Đại hội; Báo cáo chính trị nêu rõ năm đột phá.", None, None,
     [ref("Báo cáo chính trị", "Dự thảo Báo cáo chính trị", "Báo cáo chính trị", type="Di chúc/other")]),
]

NOT_REFERENCES = [
    "Các chi bộ học tập nghị quyết của Đảng, các quy định của Trung ương và chỉ thị của cấp trên.",
    "Tiến tới Đại hội lần thứ XVII của Đảng bộ quận, đại hội chi bộ được tổ chức sớm.",
    "Tại Hội nghị Trung ương 4 khóa XII, đồng chí được bầu bổ sung.",
    "Căn cứ Điều 5 và khoản 2 Điều 12, đảng viên có quyền khiếu nại.",
    "Xây dựng kế hoạch 5 năm, quy định 3 nhóm giải pháp; Báo cáo 6 tháng đầu năm được thông qua.",
    "Ban Thường vụ quyết định 3 vấn đề trọng tâm và chỉ thị 2 đơn vị rà soát.",
    "Kế hoạch 2025 được triển khai, bảo đảm đúng pháp luật đất đai và kỷ luật đảng.",
    "Văn hóa chịu sự chi phối của quy luật giá trị và quy luật cung cầu.",
    "Ông từng công tác tại Ban Cương lĩnh; đại hội đã đề ra cương lĩnh và điều lệ đảng của nước bạn.",
    "Điều lệ Đảng bộ khối chưa có; điều lệ hội được sửa đổi.",
]


@pytest.mark.parametrize("text,province,place,expected", FORMS + PLENUMS + RESOLUTION + FIELDS)
def test_references(text, province, place, expected):
    check(text, expected, province, place)


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_not_references(text):
    assert found(text) == []


@pytest.mark.parametrize("text, date, issuer", [
    # a date in brackets right after the mention, with or without 'ngày'
    ("Thực hiện Quyết định 25/TTg (19-1-1993) của Thủ tướng Chính phủ về chính sách văn hóa.", "1993-01-19",
     "Thủ tướng Chính phủ"),
    # the day a clause gives after the mention: who issued it, passed it or signed it, and when
    ("Ban Chỉ đạo được thành lập theo Quyết định số 39-QĐ/TW do Bộ Chính trị ban hành ngày 19 tháng 9 năm 2011.",
     "2011-09-19", "Bộ Chính trị"),
    ("Toàn dân thực hiện Luật Phòng, chống ma túy số 73/2021/QH14 được Quốc hội khóa XIV thông qua ngày 30/3/2021.",
     "2021-03-30", "Quốc hội"),
    # '<body> (đã) có <document>' names its issuer as '<body> ban hành' does; the day the sentence opens with
    ("Ngày 07/4/2025, Chính phủ có Nghị quyết số 74/NQ-CP ban hành kế hoạch sắp xếp đơn vị hành chính.",
     "2025-04-07", "Chính phủ"),
    # the Party's name and the term between the body and its verb
    ("Ngày 27-3-2003, Ban Bí thư Trung ương Đảng khóa IX đã ban hành Chỉ thị số 23-CT/TW về việc học tập.",
     "2003-03-27", "Ban Bí thư"),
    ("Ngày 6 tháng 4 năm 2007, Chính phủ Việt Nam ban hành Nghị định số 58/2007/NĐ-CP về địa giới hành chính.",
     "2007-04-06", "Chính phủ"),
])
def test_a_date_or_issuer_given_around_the_mention(text, date, issuer):
    (got,) = found(text)
    assert (got["date"], got["issuer"]) == (date, issuer), got


def test_a_local_body_s_bare_level_is_part_of_the_mention_and_its_term_follows():
    (got,) = found("Thực hiện Nghị quyết số 42/2006/NQ-HĐND ngày 05 tháng 10 năm 2006 của Hội đồng nhân dân tỉnh "
                   "khoá VII, kỳ họp thứ 8 về phát triển nguồn nhân lực.")
    assert got["mentions"] == ["Nghị quyết số 42/2006/NQ-HĐND ngày 05 tháng 10 năm 2006 của Hội đồng nhân dân tỉnh "
                               "khoá VII"]
    assert (got["issuer"], got["term"], got["date"]) == ("Hội đồng nhân dân", "VII", "2006-10-05")


def test_a_date_after_two_documents_is_the_nearer_one_s():
    first, second = found("Nghị quyết số 01-NQ/TU và Quyết định số 02-QĐ/TU ban hành ngày 5/3/2021 đã được triển khai.")
    assert (first["date"], second["date"]) == (None, "2021-03-05")


@pytest.mark.parametrize("text, mention, canonical", [
    # the country before or after the constitution's year is part of the mention
    ("Nhà nước được tổ chức theo Hiến pháp 2013 của Cộng hòa xã hội chủ nghĩa Việt Nam. Quốc hội giám sát.",
     "Hiến pháp 2013 của Cộng hòa xã hội chủ nghĩa Việt Nam", "Hiến pháp/2013"),
    ("Điều 4 của Hiến pháp Việt Nam năm 2013 khẳng định vai trò lãnh đạo của Đảng.",
     "Hiến pháp Việt Nam năm 2013", "Hiến pháp/2013"),
    ("Quốc hội thông qua Hiến pháp năm 1946 của nước Việt Nam Dân chủ Cộng hòa ngày 9/11/1946.",
     "Hiến pháp năm 1946 của nước Việt Nam Dân chủ Cộng hòa", "Hiến pháp/1946"),
])
def test_a_constitution_named_with_its_country(text, mention, canonical):
    (got,) = found(text)
    assert (got["mentions"], got["canonical"]) == ([mention], canonical), got


@pytest.mark.parametrize("text, mentions", [
    # a capital after the number opens a name, not a counted unit ('25 hội nghị' would count)
    ("Trong Nghị quyết số 25 Hội nghị Trung ương 7 khóa IX về công tác tôn giáo, Đảng ta xác định rõ.",
     ["Nghị quyết số 25 Hội nghị Trung ương 7 khóa IX"]),
    ("Phụ lục Quy định 366 Tiêu chí đánh giá xếp loại đảng viên quy định khung tiêu chí.", ["Quy định 366"]),
    # 'bước đầu' (at first) opens with a unit word and counts nothing
    ("Thực hiện Nghị quyết 42, tỉnh xử lý nợ xấu. Nghị quyết 42 bước đầu đã tạo điều kiện quan trọng.",
     ["Nghị quyết 42", "Nghị quyết 42"]),
])
def test_a_number_before_a_name_or_an_idiom_is_the_document_s(text, mentions):
    assert [m for r in found(text) for m in r["mentions"]] == mentions


def test_tone_styles_and_spelling_give_one_key():
    a = found("Nghị quyết 03-NQ/TU của Thành uỷ, qui định 61 của Thành uỷ, NQTW5 (khoá VIII)", "Hà Nội")
    b = found("Nghị quyết 3-NQ/TU của Thành ủy, Quy định 61 của Thành ủy, NQTW5 (khóa VIII)", "Hà Nội")
    assert [r["canonical"] for r in a] == [r["canonical"] for r in b] == [
        "03-NQ/TU@Hà Nội", "61-QĐ/TU@Hà Nội", "NQTW5/VIII"]


def test_province_splits_local_documents_but_not_central_ones():
    text = "Thực hiện Nghị quyết 15-NQ/TU và Chỉ thị 05-CT/TW."
    keys = {p: [r["canonical"] for r in found(text, p)] for p in ("Hà Nội", "Nghệ An", None)}
    assert keys == {"Hà Nội": ["15-NQ/TU@Hà Nội", "05-CT/TW"], "Nghệ An": ["15-NQ/TU@Nghệ An", "05-CT/TW"],
                    None: ["15-NQ/TU", "05-CT/TW"]}
    assert [r.issuer for r in find_references(text, "Hà Nội")] == ["Thành ủy", "Bộ Chính trị"]


def test_province_is_written_one_way():
    text = "Nghị quyết 01-NQ/TU và Nghị quyết 02-NQ/QU"
    for province in ("Thành phố Hồ Chí Minh", "TP.HCM", "  Hồ Chí Minh "):
        assert [r.canonical for r in find_references(text, province, "quận  10")] == [
            "01-NQ/TU@Hồ Chí Minh", "02-NQ/QU@Hồ Chí Minh/Quận 10"]
    assert [r.canonical for r in find_references(text, None, "Quận 10")] == ["01-NQ/TU", "02-NQ/QU@?/Quận 10"]


def test_gazetteer_link_is_in_extra():
    (r,) = find_references("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.")
    assert r.extra["gazetteer"]["date"] == "2016-05-15"
    assert r.extra["gazetteer"]["by"] == "symbol+date"
    assert r.extra["gazetteer"]["confidence"] == "sure"
    assert r.to_dict()["gazetteer"]["canonical"] == "05-CT/TW"
    (r,) = find_references("Các chi bộ học tập Kết luận 21-KL/TW.")  # the row's facts, not the text's
    assert (r.plenum, r.term) == (None, None)
    assert {k: r.extra["gazetteer"][k] for k in ("plenum", "term")} == {"plenum": "4", "term": "XIII"}
    (r,) = find_references("Quy định 101 của Ban Bí thư")
    assert (r.canonical, r.extra["gazetteer"]["by"]) == ("101-QĐ/TW", "inferred symbol")
    (r,) = find_references("Chỉ thị 10 của Bộ Chính trị")  # the gazetteer's 10-CT/TW are Ban Bí thư's
    assert (r.canonical, "gazetteer" in r.extra) == ("10-CT/TW", False)


def test_bad_input_raises_clear_error():
    with pytest.raises(ReferenceInputError):
        find_references(None)  # type: ignore[arg-type]
    with pytest.raises(ReferenceInputError, match="NFC"):
        find_references(unicodedata.normalize("NFD", "Nghị quyết 15-NQ/TU của Thành ủy"))
    assert find_references("") == []


def test_twenty_thousand_characters_take_milliseconds():
    paragraph = ("Ban Thường vụ Quận ủy lãnh đạo thực hiện Nghị quyết số 12-NQ/TU của Thành ủy, Chỉ thị 05 "
                 "của Bộ Chính trị và NQTW4 khóa XII; tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 94,87%, "
                 "kết nạp 46 đảng viên mới, kiểm tra 12 tổ chức đảng theo quy định. ")
    text = paragraph * (20_000 // len(paragraph) + 1)
    find_references(text)  # patterns compiled once, on first use
    timings = []
    for _ in range(3):  # CPU time, best of three: the machine is shared
        start = time.process_time()
        refs = find_references(text)
        timings.append(time.process_time() - start)
    assert min(timings) < 0.1
    assert len(refs) == 3 and sum(len(r.mentions) for r in refs) == 3 * text.count("Chỉ thị 05")


def test_gazetteer_is_consistent():
    with open(DATA / "central_documents.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    assert len({r["canonical"] for r in rows}) == len(rows)
    codes: dict[str, list[dict]] = {}
    for row in rows:
        assert row["confidence"] in ("sure", "unsure")
        assert not row["date"] or re.fullmatch(r"(19|20)\d\d-\d\d-\d\d", row["date"])
        assert re.fullmatch(r"[IVXL]+", row["term"])
        if row["plenum"] and row["canonical"].startswith(("NQTW", "KLTW")):
            session = f"({row['session'].split()[-1]})" if row["session"] else ""
            assert row["canonical"] == f"{row['canonical'][:4]}{row['plenum']}{session}/{row['term']}"
        if row["code"]:
            codes.setdefault(row["code"], []).append(row)
    for code, same in codes.items():  # a symbol two documents share: keys tell them apart
        if len(same) > 1:
            for row in same:
                assert row["canonical"].startswith(("NQTW", "KLTW")) or \
                    row["canonical"] == f"{code}/{row['date'][:4]}"


SEED_KEYS = {  # documents a reader lists in each seed report
    "000": {"30-CT/TW", "10-CT/TW/2002", "428-QĐ/TU", "NQTW6(2)/VIII", "01-NQ/QU"},
    "001": {"NQTW5/VIII", "NQTW6(2)/VIII", "01-KH/TW", "33-KH/?", "NQTW7/VIII", "29/NĐ-CP", "55-QĐ/?"},
    "002": {"NQTW4/XII", "05-CT/TW", "101-QĐ/TW", "03-QĐ/TU"},
    "003": {"01-CTr/QU", "271-QĐ/QU"},
    "004": {"15-NQ/TU"},
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")
@pytest.mark.parametrize("prefix", sorted(SEED_KEYS))
def test_seed_reports(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    refs = found(text)
    assert SEED_KEYS[prefix] <= {r["canonical"] for r in refs}
    assert len({r["canonical"] for r in refs}) == len(refs)


def test_this_document_joins_the_latest_of_its_type_cited_before_it():
    # 'Nghị quyết này' a sentence after the resolution it points back to is that resolution
    text = ("Ngày 5/3, HĐND tỉnh ban hành Nghị quyết số 12/2024/NQ-HĐND về hỗ trợ đóng bảo hiểm y tế. "
            "Nghị quyết này có hiệu lực từ ngày 1/4/2024; Quyết định số 7/QĐ-UBND và Quyết định nói trên "
            "được triển khai.")
    got = {r["canonical"]: r["mentions"] for r in found(text, "Hưng Yên")}
    assert got["12/2024/NQ-HĐND@Hưng Yên"] == ["Nghị quyết số 12/2024/NQ-HĐND", "Nghị quyết này"]
    assert got["07/QĐ-UBND@Hưng Yên"] == ["Quyết định số 7/QĐ-UBND", "Quyết định nói trên"]


def test_this_document_in_a_document_of_that_type_is_itself():
    # a resolution's own text: 'Nghị quyết này' is the resolution, not the one its preamble cites;
    # 'trên cơ sở' is a preposition, and nothing cited before: nothing joined
    text = ("NGHỊ QUYẾT\nVề chính sách hỗ trợ cán bộ\n\nCăn cứ Nghị quyết số 27/NQ-CP của Chính phủ;\n\n"
            "Điều 2. Nghị quyết này có hiệu lực từ ngày ký.")
    assert [r["mentions"] for r in found(text)] == [["Nghị quyết số 27/NQ-CP của Chính phủ"]]
    assert found("Tổ soạn thảo chỉnh lý dự thảo nghị quyết trên cơ sở ý kiến đại biểu.") == []
