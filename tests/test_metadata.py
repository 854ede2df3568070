"""Dates, datelines (pipeline/dates.py), places and provinces (pipeline/metadata.py), on text
written for the tests."""

from __future__ import annotations

import importlib.util
import random
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline import dates, metadata as meta
from pipeline.fold import fold

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared beside the checkout

# --------------------------------------------------------------------------- parse_date

@pytest.mark.parametrize("text, expected", [
    ("Thứ Tư, ngày 28 tháng 2 năm 2024", "2024-02-28"),
    ("Thứ Hai, ngày 3 tháng 6 năm 2019", "2019-06-03"),
    ("Thứ Hai, Ngày 12 Tháng 5, 2023", "2023-05-12"),
    ("Tháng 5 12, 2023", "2023-05-12"),
    ("19/03/2018 - 07:08", "2018-03-19"),
    ("Ngày đăng 15/08/2017 | 16:33", "2017-08-15"),
    ("13-10-2020 13:33", "2020-10-13"),
    ("05/11/2021", "2021-11-05"),
    ("5/1/1999", "1999-01-05"),
    ("12.5.2022", "2022-05-12"),
    ("2021-05-04T08:00:00+07:00", "2021-05-04"),
    ("2025-07-01 00:00:01", "2025-07-01"),
    ("Cập nhật: 09:15 ngày 12/5/2022", "2022-05-12"),
    ("Thứ 3, 02/12/2025 17:45 [(GMT +7)]", "2025-12-02"),
    ("Chủ nhật, ngày 14/09/2025 17:19 GMT+7", "2025-09-14"),
    ("Ngày 29/02/2024, Đảng ủy phường tổ chức hội nghị", "2024-02-29"),  # leap year
    ("Hà Nội, ngày 07 tháng 01 năm 2021", "2021-01-07"),
    ("31/02/2024 rồi 01/03/2024", "2024-03-01"),  # an impossible date is skipped
    # no full, valid date
    ("31/02/2024", None),
    ("29/02/2023", None),
    ("00/01/2020", None),
    ("15/13/2020", None),
    ("ngày 30 tháng 2 năm 2020", None),
    ("2021-02-30T08:00:00", None),
    ("tháng 2/2024", None),
    ("9 giờ trước", None),
    ("Nhiệm kỳ 2020-2025", None),
    ("", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert dates.parse_date(text) == expected


def test_parse_date_rejects_non_text() -> None:
    with pytest.raises(dates.DateError, match="expects text"):
        dates.parse_date(20240228)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- is_dateline

@pytest.mark.parametrize("line", [
    "Thứ Tư, ngày 28 tháng 2 năm 2024",
    "19/03/2018 - 07:08",
    "Ngày đăng 15/08/2017 | 16:33  | Lượt xem: 804",
    "13-10-2020 13:33",
    "2021-05-04T08:00:00+07:00",
    "Cập nhật: 09:15 ngày 12/5/2022",
    "Thứ 2, 19/01/2026 12:12 [(GMT +7)]",
    "Thứ Năm 07/03/2024 10:20 (GMT+7)",
    "Chủ nhật, ngày 14/09/2025 17:19 GMT+7",
    "06/05/2021 | 1.204 lượt xem",
    "Thứ Bảy, 16/11/2019 | Tác giả: Minh Châu",
    "22/04/2016 14:05 | Thanh Hà",
    "Thứ sáu, 08/12/2023 - 09:45",
    "11/06/2022 08:30 PM",
    "Đăng ngày: 20/10/2020",
])
def test_is_dateline(line: str) -> None:
    assert dates.is_dateline(line)


@pytest.mark.parametrize("line", [
    "Ngày 12/5/2022, Ban Thường vụ Quận ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng.",
    "Từ ngày 02/8/2017 đến ngày 11/8/2017, Đoàn kiểm tra làm việc tại 04 đảng ủy cơ sở.",
    "Hà Nội, ngày 12 tháng 5 năm 2022",  # the report's own place-date line is text
    "Nghị quyết 01-NQ/QU ngày 12/02/2001 của Ban Thường vụ Quận ủy",
    "Lượt xem: 804",  # no date
    "16:33",
    "Thứ Tư",
    "tháng 2/2024",
    "19/03/2018 | Đảng bộ quận đã lãnh đạo hoàn thành 18/18 chỉ tiêu, trong đó có 6 chỉ tiêu vượt",
    "",
])
def test_is_not_dateline(line: str) -> None:
    assert not dates.is_dateline(line)


# --------------------------------------------------------------------------- gazetteer

def test_gazetteer_file_is_small_and_complete() -> None:
    path = ROOT / "pipeline" / "data" / "admin_units.tsv"
    assert path.stat().st_size < 2_000_000
    gaz = meta.gazetteer()
    assert len(gaz.provinces) == 63
    assert len(gaz.districts) >= 690
    assert gaz.provinces["Thành phố Hồ Chí Minh"].type == "Thành phố"
    assert gaz.provinces["Hưng Yên"].type == "Tỉnh"
    # every legacy ward's district is in the table
    wards = [u for units in gaz.names.values() for u in units if u.level == "ward" and u.era == "legacy"]
    assert len(wards) > 10_000
    assert all((u.province, u.district) in gaz.districts for u in wards)


def test_gazetteer_matches_its_build_script() -> None:
    """The committed table is what scripts/build_gazetteer.py makes from the installed package."""
    pytest.importorskip("vietnamadminunits")
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    import sqlite3
    rows = build.rows(sqlite3.connect(f"file:{build.dataset()}?mode=ro", uri=True))
    table = (ROOT / "pipeline" / "data" / "admin_units.tsv").read_text("utf-8").splitlines()
    body = [tuple(line.split("\t")) for line in table if not line.startswith("#")][1:]
    assert body == [tuple(r) for r in rows]


@pytest.mark.parametrize("a, b", [
    ("Bình Thuỷ", "Bình Thủy"),
    ("BÌNH THỦY", "bình thủy"),
    ("Phường 01", "Phường 1"),
    ("Phan Rang-Tháp Chàm", "Phan Rang - Tháp Chàm"),
    ("Hoà Bình", "Hòa Bình"),
])
def test_name_key_folds_spelling(a: str, b: str) -> None:
    assert meta.name_key(a) == meta.name_key(b)


# --------------------------------------------------------------------------- place mentions

@pytest.mark.parametrize("text, expected", [
    # (level, name of the unit in the gazetteer, the one province or None if several)
    ("Đảng bộ Quận 1 có 53 tổ chức cơ sở đảng.", [("district", "1", "Thành phố Hồ Chí Minh")]),
    ("Ban Thường vụ Quận ủy Bình Thuỷ họp.", [("district", "Bình Thủy", "Cần Thơ")]),
    ("Bí thư Quận ủy Hai Bà Trưng Nguyễn Văn Hùng phát biểu.", [("district", "Hai Bà Trưng", "Hà Nội")]),
    ("BAN THƯỜNG VỤ HUYỆN ỦY VĂN GIANG", [("district", "Văn Giang", "Hưng Yên")]),
    ("Thị ủy Mỹ Hào và TX Mỹ Hào", [("district", "Mỹ Hào", "Hưng Yên")] * 2),
    ("trước đây là huyện Mỹ Hào", [("district", "Mỹ Hào", "Hưng Yên")]),  # changed type, same unit
    ("Đảng bộ TP Hưng Yên", [("district", "Hưng Yên", "Hưng Yên")]),  # a city of a province
    ("Đảng bộ TP Hà Nội", [("province", "Hà Nội", "Hà Nội")]),  # a province-level city
    ("Thành ủy Cần Thơ", [("province", "Cần Thơ", "Cần Thơ")]),
    ("Tỉnh ủy Thừa Thiên Huế", [("province", "Huế", "Huế")]),
    ("Công an TP.HCM", [("province", "Hồ Chí Minh", "Thành phố Hồ Chí Minh")]),
    ("phường Sài Đồng", [("ward", "Phúc Lợi", "Hà Nội")]),  # merged into Phúc Lợi
    ("Quận 9 cũ", [("district", "Thủ Đức", "Thành phố Hồ Chí Minh")]),  # merged into Thủ Đức
    ("quận Hoàng Mai", [("district", "Hoàng Mai", "Hà Nội")]),  # the thị xã is in Nghệ An
    ("thị xã Hoàng Mai", [("district", "Hoàng Mai", "Nghệ An")]),
    ("huyện Châu Thành", [("district", "Châu Thành", None)]),
    ("phường 12 Quận 10", [("ward", "12", None), ("district", "10", "Thành phố Hồ Chí Minh")]),
    ("Đại học Cần Thơ", [("province", "Cần Thơ", "Cần Thơ")]),  # a bare province name
    # no unit
    ("Quận ủy viên phụ trách địa bàn", []),
    ("an sinh xã hội và hoà bình", []),
    ("tư tưởng Hồ Chí Minh", []),
    ("Huyện Đoàn tổ chức", []),
    ("Quận 13", []),
])
def test_place_mentions(text: str, expected: list) -> None:
    found = meta.place_mentions(text)
    got = [(m.level, m.units[0].name, next(iter(m.provinces)) if len(m.provinces) == 1 else None)
           for m in found]
    assert got == expected
    assert all(text[m.start:m.end] == m.text for m in found)


def test_place_mention_spans_index_nfc_text() -> None:
    text = unicodedata.normalize("NFD", "Sáng nay, Quận ủy Bình Thủy họp.")
    [mention] = meta.place_mentions(text)
    assert unicodedata.normalize("NFC", text)[mention.start:mention.end] == "Quận ủy Bình Thủy"


# --------------------------------------------------------------------------- find_place

HCMC_Q1 = (
    "Qua hai năm thực hiện chuyên đề, Đảng bộ Quận 1 đã có chuyển biến rõ về nhận thức. "
    "Ban Thường vụ Quận ủy chỉ đạo kiểm tra 40 tổ chức cơ sở đảng. Nhiều chi bộ của Quận 1 "
    "được công nhận trong sạch, vững mạnh; Đảng bộ Thành phố Hồ Chí Minh ghi nhận kết quả này."
)
CANTHO = (
    "Năm 2019, Ban Tổ chức Quận ủy Ninh Kiều hướng dẫn các chi bộ lưu trữ tài liệu. "
    "Theo Trưởng Ban Tổ chức Quận ủy Ninh Kiều, cách làm này giúp đánh giá sát hơn. "
    "Đảng bộ quận Ninh Kiều có 40 tổ chức cơ sở đảng; Đảng bộ phường An Hòa được khen."
)
HUNGYEN_COMMITTEE = (
    "Ban Thường vụ Huyện ủy Văn Lâm tổ chức hội nghị sơ kết. Huyện ủy Văn Lâm yêu cầu các "
    "chi bộ khắc phục hạn chế; Huyện ủy giao Ban Tổ chức theo dõi."
)
WARD_DOC = (
    "Đảng ủy phường Tương Mai tổ chức hội nghị. Phường Tương Mai có 24 chi bộ trực thuộc; "
    "năm 2023, phường Tương Mai hoàn thành các chỉ tiêu Quận ủy Hoàng Mai giao. "
    "Đảng bộ phường Tương Mai được công nhận hoàn thành xuất sắc nhiệm vụ."
)
WARDS_ONLY = (
    "Đoàn kiểm tra của Quận ủy làm việc với đảng ủy phường Cự Khối và phường Thạch Bàn. "
    "Các đảng ủy đã xây dựng quy chế làm việc toàn khóa."
)
DANANG = (
    "Ban Thường vụ Quận ủy Hải Châu ban hành kế hoạch thực hiện Chỉ thị 05. Quận ủy Hải Châu "
    "giao các chi bộ khu dân cư đăng ký việc làm theo gương Bác."
)
PROVINCE_WIDE = (
    "Tỉnh ủy đánh giá cao huyện Văn Lâm, huyện Khoái Châu và thị xã Mỹ Hào về thu hút đầu tư; "
    "tỉnh Hưng Yên đặt mục tiêu tăng trưởng 8%."
)


@pytest.mark.parametrize("text, title, expected", [
    (HCMC_Q1, None, "Quận 1"),
    (CANTHO, None, "quận Ninh Kiều"),  # the written form, not the committee form
    (HUNGYEN_COMMITTEE, None, "Huyện Văn Lâm"),  # only the committee form: built from it
    (WARD_DOC, None, "phường Tương Mai"),  # the ward dominates
    (WARDS_ONLY, None, "quận Long Biên"),  # wards of one district, text of a district committee
    (DANANG, None, "Quận Hải Châu"),
    (PROVINCE_WIDE, None, None),  # several districts, none ahead
    ("Báo cáo tổng kết công tác xây dựng Đảng năm 2023.", None, None),
    ("Ban Thường vụ Quận ủy Bình Thuỷ họp. Quận ủy Bình Thuỷ chỉ đạo; Đảng bộ quận Bình Thuỷ "
     "có 30 tổ chức cơ sở đảng.", None, "quận Bình Thuỷ"),  # as written, with its tone style
    ("Đảng bộ phường An Hòa có 12 chi bộ.", None, "phường An Hòa"),  # the only local unit named: its place
    ("Khoảng 0h ngày 19/7, xưởng trong ngõ 12 Trương Định, phường Tương Mai, bốc cháy.", None, "phường Tương Mai"),
    # the title first
    (CANTHO, "Thị xã Mỹ Hào tổng kết công tác xây dựng Đảng", "Thị xã Mỹ Hào"),
    (HUNGYEN_COMMITTEE, "TP Hưng Yên: Đại hội Đảng bộ thành phố lần thứ XXI", "TP Hưng Yên"),
    (CANTHO, "Quận ủy Ninh Kiều sơ kết 5 năm", "quận Ninh Kiều"),
    (HUNGYEN_COMMITTEE, "HUYỆN ỦY VĂN LÂM TỔNG KẾT NĂM 2023", "Huyện Văn Lâm"),
    (PROVINCE_WIDE, "Tỉnh ủy Hưng Yên sơ kết giữa nhiệm kỳ", None),  # about the province
    # a provincial body's news of what happened in one commune, named in every paragraph
    ("Lực lượng chức năng kiểm tra một phòng trọ tại thôn Minh Khai, xã Như Quỳnh. Công an xã Như Quỳnh "
     "phối hợp lấy lời khai. Đối tượng trú tại xã Như Quỳnh, từng làm công nhân ở xã Lạc Đạo.",
     "Phòng Cảnh sát điều tra Công an tỉnh Hưng Yên bắt giữ 2 đối tượng", "xã Như Quỳnh"),
    (HCMC_Q1, "Xây dựng đoàn kết nội bộ", "Quận 1"),  # a title without a place
    # a headline led by a district's bare name; a province's is no place, a person's no district
    ("Các chi bộ trường học tổ chức lễ kết nạp.", "Hương Sơn kết nạp 82 đảng viên là học sinh", "huyện Hương Sơn"),
    ("Các chi bộ tổ chức hội nghị.", "Gia Lâm: Tổng kết công tác xây dựng Đảng", "huyện Gia Lâm"),
    ("Các chi bộ tổ chức hội nghị.", "Hà Tĩnh kết nạp 500 đảng viên", None),
    ("Các chi bộ tổ chức hội nghị.", "Lê Minh Hưng giữ chức Trưởng Ban Tổ chức Trung ương", None),
])
def test_find_place(text: str, title: str | None, expected: str | None) -> None:
    assert meta.find_place(text, title) == expected


# --------------------------------------------------------------------------- find_province

@pytest.mark.parametrize("text, place, expected", [
    # inferred from a place that exists in one province only
    ("", "quận Bình Thủy", "Cần Thơ"),
    ("", "Quận Bình Thuỷ", "Cần Thơ"),
    ("", "Quận Hai Bà Trưng", "Hà Nội"),
    ("", "Quận 10", "Thành phố Hồ Chí Minh"),
    ("", "huyện Văn Giang", "Hưng Yên"),
    ("", "thị xã Mỹ Hào", "Hưng Yên"),
    ("", "TP Hưng Yên", "Hưng Yên"),
    ("", "quận Long Biên", "Hà Nội"),
    ("", "phường Tương Mai", "Hà Nội"),
    ("", "Quận Hải Châu", "Đà Nẵng"),
    ("", "Bình Thủy", "Cần Thơ"),  # a bare district name
    # an ambiguous place resolves only with evidence from the text
    ("Đảng bộ huyện Châu Thành có 45 tổ chức cơ sở đảng.", "huyện Châu Thành", None),
    ("Huyện Châu Thành, tỉnh Tiền Giang sơ kết công tác.", "huyện Châu Thành", "Tiền Giang"),
    ("Ban Thường vụ Tỉnh ủy Bến Tre làm việc với huyện Châu Thành.", "huyện Châu Thành", "Bến Tre"),
    ("Huyện Châu Thành, tỉnh Hưng Yên", "huyện Châu Thành", None),  # no Châu Thành in Hưng Yên
    ("Phường 12 tổ chức đại hội.", "Phường 12", None),
    # from the text alone
    (HCMC_Q1, None, "Thành phố Hồ Chí Minh"),
    ("Công an TP.HCM triển khai kế hoạch.", None, "Thành phố Hồ Chí Minh"),
    ("Đại hội đại biểu Đảng bộ TP Hà Nội lần thứ XVII", None, "Hà Nội"),
    ("Tỉnh ủy Thừa Thiên Huế chỉ đạo.", None, "Huế"),
    ("UBND tỉnh Hưng Yên vừa ban hành kế hoạch.", None, "Hưng Yên"),
    ("Cần Thơ đặt mục tiêu tăng trưởng; Cần Thơ sẽ đầu tư hạ tầng.", None, "Cần Thơ"),
    ("Đoàn công tác đến Hà Nội dự hội nghị.", None, None),  # one bare mention: where, not whose
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Tư tưởng Hồ Chí Minh "
     "soi đường.", None, None),  # the President, not the city
    ("Hội nghị có đại biểu TP Hà Nội, TP.HCM, TP Đà Nẵng, TP Hải Phòng và TP Cần Thơ.", None, None),
    ("Đảng bộ phường Cự Khối và phường Thạch Bàn", None, "Hà Nội"),  # units of one province
])
def test_find_province(text: str, place: str | None, expected: str | None) -> None:
    assert meta.find_province(text, place) == expected


def test_a_bare_province_name_in_the_title_says_whose_text_it_is() -> None:
    text = "Năm 2025, tỷ lệ bao phủ bảo hiểm y tế đạt 94%; các xã, phường đẩy mạnh tuyên truyền."
    assert meta.find_province(text, None, "Thái Bình phấn đấu vượt chỉ tiêu bảo hiểm y tế") == "Thái Bình"
    assert meta.find_province(text + " Đoàn công tác đến Thái Bình.", None) is None  # once in the body: where


def test_find_province_of_found_place() -> None:
    place = meta.find_place(CANTHO)
    assert (place, meta.find_province(CANTHO, place)) == ("quận Ninh Kiều", "Cần Thơ")


@pytest.mark.parametrize("call", [
    lambda: meta.find_place(None),  # type: ignore[arg-type]
    lambda: meta.find_province(b"Quan 1", None),  # type: ignore[arg-type]
    lambda: dates.is_dateline(3),  # type: ignore[arg-type]
])
def test_bad_input_raises_one_error(call) -> None:
    with pytest.raises((meta.MetadataError, dates.DateError)):
        call()


# --------------------------------------------------------------------------- the real seeds

SEED_CASES = [
    ("000", {"Quận 1"}, "Thành phố Hồ Chí Minh"),
    ("001", {"Quận 10"}, "Thành phố Hồ Chí Minh"),
    ("002", {"quận Bình Thủy", "Quận Bình Thủy"}, "Cần Thơ"),
    ("003", {"quận Long Biên"}, "Hà Nội"),
    ("004", {"Quận Hai Bà Trưng", "quận Hai Bà Trưng"}, "Hà Nội"),
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not available")
@pytest.mark.parametrize("seed, places, province", SEED_CASES)
def test_seeds(seed: str, places: set[str], province: str) -> None:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    text = path.read_text("utf-8")
    place = meta.find_place(text)
    assert place in places
    assert fold(place).lower() in fold(text).lower() or seed == "003"  # as written
    assert meta.find_province(text, place) == province


@pytest.mark.parametrize("url, province", [
    ("https://baohungyen.vn/xay-dung-dang/ket-nap-dang-vien-3188483.html", "Hưng Yên"),
    ("https://www.baolongan.vn/quan-triet-nghi-quyet-a174677.html", "Long An"),
    ("https://hungyen.dcs.vn/tin-tuc/123", "Hưng Yên"),
    ("https://tuyengiao.hungyen.dcs.vn/bai-viet-c238354.html", "Hưng Yên"),  # a section's site of the portal
    ("https://nhandan.vn/chinh-tri/bai-viet.html", None),  # a national paper
    ("https://baohungyen.com/bai-viet", None),  # not a Vietnamese site's domain
    (None, None),
])
def test_a_provincial_paper_or_portal_names_its_province(url, province):
    from pipeline.metadata import province_of_site

    assert province_of_site(url) == province


def test_the_words_as_a_trie_match_as_a_flat_alternation_longest_first():
    words = ["thứ", "thứ năm", "tp.", "tp", "q.", "quận", "quận ủy", "q", "hà nội", "hà nam", "nam"]

    def tail(word: str) -> str:
        return "" if word.endswith(".") else r"(?!\w)"
    flat = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) + tail(w) for w in sorted(words, key=len, reverse=True))
                      + ")")
    trie = re.compile(meta._words(words, tail))
    pieces = [*words, " ", ".", "x", "1", "ủy", "\n"]
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)], text
