"""Byte decoding: every encoding a Vietnamese report arrives in, and what is not text."""

from __future__ import annotations

import codecs
import random
import unicodedata
from pathlib import Path

import pytest

from pipeline import encodings, legacy
from pipeline.encodings import DecodeError, decode
from pipeline.legacy import encode_legacy, repair_legacy

REPORT = """ĐẢNG BỘ QUẬN HOÀNG MAI
BAN THƯỜNG VỤ QUẬN ỦY

BÁO CÁO
Kết quả lãnh đạo thực hiện nhiệm vụ chính trị năm 2023

I. KẾT QUẢ ĐẠT ĐƯỢC
Thực hiện Nghị quyết số 15-NQ/TU của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Quận ủy đã chỉ đạo các tổ chức cơ sở đảng quán triệt, triển khai kịp thời. Toàn Đảng bộ có 4.164 đảng viên; tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 94,87%.
Công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức được chú trọng; khối đại đoàn kết toàn dân được củng cố, giữ vững hoà bình, ổn định – các công trình thuỷ lợi, giao thông nông thôn được đầu tư nâng cấp “đúng tiến độ”.
Đồng chí Bí thư Quận ủy, Ủy viên Ban Chấp hành Đảng bộ thành phố, đề nghị Ủy ban nhân dân quận rà soát kế hoạch. Ủy ban Kiểm tra Quận ủy đã kiểm tra 12 tổ chức đảng và 35 đảng viên.
- Ở một vài nơi, sinh hoạt chi bộ chưa nền nếp; việc kiểm điểm tự phê bình và phê bình có lúc còn hình thức.
"""
ENGLISH = "The district Party committee met on 5 March 2024 to review the plan.\n"
SCHEMES = ["tcvn3", "vni"]


def tones_apart(text: str) -> str:
    """Text as a Windows-1258 keyboard types it: tone marks as combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        rest = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone))
        out.append(rest + tone)
    return "".join(out)


def soup(text: str, scheme: str) -> str:
    """A legacy-font file read as Windows-1252: what scraped pages show."""
    return encode_legacy(text, scheme).decode("cp1252", errors="replace")


# --- the mapping tables -----------------------------------------------------------------

@pytest.mark.parametrize(("letter", "scheme", "expected"), [
    ("ư", "tcvn3", b"\xad"), ("ờ", "tcvn3", b"\xea"), ("ụ", "tcvn3", b"\xf4"), ("đ", "tcvn3", b"\xae"),
    ("Đ", "tcvn3", b"\xa7"), ("Ư", "tcvn3", b"\xa6"), ("ẳ", "tcvn3", b"\xbc"), ("ỵ", "tcvn3", b"\xfe"),
    ("Ủ", "tcvn3", b"\xf1"),  # no capital code: the lower-case byte, drawn upper case by .VnTimeH
    ("à", "vni", b"a\xf8"), ("ẳ", "vni", b"a\xfa"), ("ậ", "vni", b"a\xe4"), ("ơ", "vni", b"\xf4"),
    ("ướ", "vni", b"\xf6\xf4\xf9"), ("đ", "vni", b"\xf1"), ("ị", "vni", b"\xf2"), ("ỵ", "vni", b"\xee"),
    ("Ờ", "vni", b"\xd4\xd8"), ("Ẫ", "vni", b"A\xc3"), ("Đ", "vni", b"\xd1"), ("Í", "vni", b"\xcd"),
])
def test_known_codes(letter, scheme, expected):
    assert encode_legacy(letter, scheme) == expected


def test_table_has_every_vietnamese_letter_once():
    rows = legacy._rows()
    letters = [r[0] for r in rows]
    assert len(letters) == len(set(letters)) == 134
    assert {c.swapcase() for c in letters} == set(letters)
    assert all(unicodedata.is_normalized("NFC", c) and not c.isascii() for c in letters)
    assert len({r[2] for r in rows}) == 134  # VNI tells every letter apart
    lower = [r for r in rows if r[0].islower()]
    assert len({r[1] for r in lower}) == 67  # so does TCVN3, in lower case


ALL_LETTERS = [r[0] for r in legacy._rows()]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_every_letter_decodes(letter, scheme):
    text = REPORT + "\nmẫu " + letter + " trong văn bản.\n"
    out, name = decode(encode_legacy(text, scheme))
    assert name == scheme
    shown = letter.lower() if scheme == "tcvn3" and encode_legacy(letter, scheme) == encode_legacy(
        letter.lower(), scheme) else letter
    assert out == REPORT + "\nmẫu " + shown + " trong văn bản.\n"


# --- decode: round trips ----------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("text", [REPORT, REPORT + ENGLISH, ENGLISH + REPORT.replace("\n", "\r\n")])
def test_legacy_round_trip(text, scheme):
    assert decode(encode_legacy(text, scheme)) == (text, scheme)


@pytest.mark.parametrize("sentence", [
    "Ban Thường vụ Quận ủy họp thường kỳ.",
    "Nghị quyết số 15-NQ/TU về phát triển kinh tế.",
    "Tỷ lệ hộ nghèo giảm còn 1,2%.",
    "Kết nạp 214 đảng viên mới.",
])
@pytest.mark.parametrize("scheme", ["tcvn3", "vni", "cp1258"])
def test_one_sentence_is_enough(sentence, scheme):
    assert decode(encode_legacy(sentence, scheme)) == (sentence, scheme)


@pytest.mark.parametrize(("heading", "expected"), [
    ("BAN THƯỜNG VỤ QUẬN ỦY", "BAN THƯỜNG VỤ QUẬN ỦY"),   # a capitals line comes back in capitals
    ("Về việc tổng kết ĐẢNG BỘ.", "Về việc tổng kết ĐẢNG BỘ."),  # 'BỘ' beside 'ĐẢNG'
    ("Về việc tổng kết BỘ.", "Về việc tổng kết Bộ."),  # 'BỘ' alone: could be 'Bộ'
    ("Họp với các cơ quan. Ủy ban và Ấp Bắc.", "Họp với các cơ quan. Ủy ban và ấp Bắc."),
    ("Ông ấy nói với Ủy ban quận.", "Ông ấy nói với Ủy ban quận."),  # 'Ủy ban' is written so
    ("Họp với các cơ quan. Ở phường, Ấp Bắc và Châu Á.", "Họp với các cơ quan. Ở phường, ấp Bắc và Châu á."),
    ("Họp với các cơ quan\nỞ phường có ấp Bắc.", "Họp với các cơ quan\nở phường có ấp Bắc."),  # wrapped line
])
def test_tcvn3_capitals(heading, expected):
    text = REPORT + heading + "\n"
    assert decode(encode_legacy(text, "tcvn3")) == (REPORT + expected + "\n", "tcvn3")


def test_cp1258_from_combining_tone_marks():
    data = tones_apart(REPORT).encode("cp1258")
    assert decode(data) == (REPORT, "cp1258")
    assert decode(encode_legacy(REPORT, "cp1258")) == (REPORT, "cp1258")  # 'à' precomposed there


@pytest.mark.parametrize(("data", "name"), [
    (REPORT.encode("utf-8"), "utf-8"),
    (unicodedata.normalize("NFD", REPORT).encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
    (REPORT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16"),
    (REPORT.encode("utf-16-le"), "utf-16"),  # no BOM: the NULs show it
    (REPORT.encode("utf-16-be"), "utf-16"),
    (ENGLISH.encode("ascii"), "utf-8"),
])
def test_unicode_encodings(data, name):
    expected = ENGLISH if data.isascii() else REPORT
    assert decode(data) == (expected, name)


def test_valid_utf8_is_not_scored(monkeypatch):
    monkeypatch.setattr(encodings, "_score", lambda text: pytest.fail("scored valid UTF-8"))
    assert decode(REPORT.encode()) == (REPORT, "utf-8")


@pytest.mark.parametrize(("data", "expected"), [
    ((REPORT + "Quận ủ").encode()[:-1], REPORT + "Quận \ufffd"),  # cut inside the last letter
    ("Báo cáo tổng kết".encode()[:-2], "Báo cáo tổng k\ufffd"),
    (REPORT.encode().replace(" năm 2023".encode(), b" n\xe3m 2023"), REPORT.replace("năm 2023", "n\ufffdm 2023")),
])
def test_mostly_utf8_is_utf8_with_replacement(data, expected):
    assert decode(data) == (expected, "utf-8")


def test_latin1_english_is_not_mistaken_for_vietnamese_legacy():
    text, name = decode("Café au lait, naïve résumé.\n".encode("cp1252"))
    assert text == "Café au lait, naïve résumé.\n"


# --- decode: not text -------------------------------------------------------------------

@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b" \r\n\t\n", "empty file"),
    (codecs.BOM_UTF8, "empty file"),
    (" \n ".encode("utf-16"), "empty file"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "OLE"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    (random.Random(0).randbytes(4096), "binary file"),
    (b"Thuong vu\x00\x00\x03\x00\x01\x00 " * 40, "binary file"),
    (b"\xff\xfe\x00\x00T\x00\x00\x00", "UTF-32"),
])
def test_not_text(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


# --- repair_legacy ----------------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
def test_repair_soup(scheme):
    assert repair_legacy(soup(REPORT, scheme)) == (REPORT, scheme)


@pytest.mark.parametrize(("text", "expected", "scheme"), [
    ("Ban Th\xadêng vô", "Ban Thường vụ", "tcvn3"),
    ("Ban Th\xadêng vô QuËn ñy häp phiªn th\xadêng kú", "Ban Thường vụ Quận ủy họp phiên thường kỳ", "tcvn3"),
    ("Ban Thöôøng vuï Quaän uûy hoïp phieân thöôøng kyø", "Ban Thường vụ Quận ủy họp phiên thường kỳ", "vni"),
])
def test_repair_examples(text, expected, scheme):
    assert repair_legacy(text) == (expected, scheme)


@pytest.mark.parametrize("text", [
    REPORT,
    ENGLISH,
    tones_apart(REPORT),  # not NFC yet, still not soup
    "© 2024 Báo Hưng Yên · Tin tức · Liên hệ",
    "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI TỈNH HƯ\xadNG YÊN",  # a soft hyphen left from a conversion
    "*1.2. D**â**n tộc thiểu số* chiếm 12,5% dân số.",
    "Số liệu của HĐND, QĐ số 12/QĐ-UBND, theo V.I. Lênin và Ph. Ăngghen.",
    "El señor Muñoz visitó Đà Nẵng; München, Köln und Zürich.",
    "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2024).",
    "",
])
def test_repair_leaves_real_text_alone(text):
    assert repair_legacy(text) == (text, None)


def test_repair_converts_only_the_soup_lines():
    page = "Trang chủ | Tin tức | Liên hệ\n" + soup(REPORT, "tcvn3") + "© 2024 Cổng thông tin điện tử\n"
    assert repair_legacy(page) == ("Trang chủ | Tin tức | Liên hệ\n" + REPORT + "© 2024 Cổng thông tin điện tử\n",
                                   "tcvn3")


# --- encode_legacy ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "scheme", "expected"), [
    ("Đảng “15-NQ/TU” – 94,87%", "tcvn3", b"\xa7\xb6ng \x9315-NQ/TU\x94 \x96 94,87%"),
    ("© 中", "tcvn3", b"? ?"),  # '©' is 'â' in TCVN3: cannot be written
    ("© 中", "vni", b"\xa9 ?"),  # VNI leaves 0xA9 free
    ("ñ", "vni", b"?"),          # 'ñ' is 'đ' in VNI
])
def test_encode_legacy_other_characters(text, scheme, expected):
    assert encode_legacy(text, scheme) == expected


def test_encode_legacy_errors():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        encode_legacy("Đảng", "viscii")
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Đảng 中", "tcvn3", errors="strict")


# --- real files (skipped without /work/shared) -----------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="no shared/seeds")
def test_real_reports_are_utf8_and_left_alone():
    for path in sorted((SHARED / "seeds").iterdir()):
        text, name = decode(path.read_bytes())
        assert name == "utf-8"
        assert repair_legacy(text) == (text, None), path.name


def test_random_high_bytes_are_not_read_as_legacy_vietnamese():
    import random

    rng = random.Random(1)
    data = bytes(rng.randint(0x80, 0xFF) for _ in range(20_000))
    with pytest.raises(DecodeError, match="not text"):
        decode(data)
