"""The segment stage: sentence splits, words with exact offsets, headings, spaCy Docs."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import spacy

from pipeline.model import Document
from pipeline.segment import (
    SegmentError,
    is_heading,
    segment,
    segment_line,
    split_sentences,
    word_spans,
)
from pipeline.spacy_pipes import make_nlp, to_spacy

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def words(text: str, **kwargs) -> list[str]:
    return [text[a:b] for a, b in word_spans(text, **kwargs)]


# ---------------------------------------------------------------- sentences

SENTENCE_CASES = [
    # plain split
    ("Hội nghị đã thống nhất cao. Các chi bộ triển khai ngay.",
     ["Hội nghị đã thống nhất cao.", "Các chi bộ triển khai ngay."]),
    # 'v.v…' and 'v.v.' end a sentence before a capital, not before lower case
    ("Kiểm tra công tác phòng, chống tham nhũng v.v… Qua đó nâng cao trách nhiệm.",
     ["Kiểm tra công tác phòng, chống tham nhũng v.v…", "Qua đó nâng cao trách nhiệm."]),
    ("Các đoàn thể, v.v. đều tham gia. Kết quả tốt.",
     ["Các đoàn thể, v.v. đều tham gia.", "Kết quả tốt."]),
    ("Phong trào thi đua, khen thưởng v.v. Ban Thường vụ ghi nhận.",
     ["Phong trào thi đua, khen thưởng v.v.", "Ban Thường vụ ghi nhận."]),
    # abbreviations, titles and initials do not end a sentence
    ("Đoàn công tác của TP. Hồ Chí Minh đến thăm. Tp. Cần Thơ cũng dự.",
     ["Đoàn công tác của TP. Hồ Chí Minh đến thăm.", "Tp. Cần Thơ cũng dự."]),
    ("Báo cáo viên là TS. Lê Văn Bình, ThS. Trần Thu Hà và PGS.TS. Đỗ Minh Châu.",
     ["Báo cáo viên là TS. Lê Văn Bình, ThS. Trần Thu Hà và PGS.TS. Đỗ Minh Châu."]),
    ("Đ/c Nguyễn V. An phát biểu chỉ đạo. Đ/c Trần Thị B. trình bày tham luận.",
     ["Đ/c Nguyễn V. An phát biểu chỉ đạo.", "Đ/c Trần Thị B. trình bày tham luận."]),
    # photo credit and numbers
    ("Quang cảnh hội nghị. Ảnh: Q.LAM",
     ["Quang cảnh hội nghị.", "Ảnh: Q.LAM"]),
    ("Toàn Đảng bộ có 4.164 đảng viên, đạt 94,87% kế hoạch. 115 chi bộ đạt trong sạch, vững mạnh.",
     ["Toàn Đảng bộ có 4.164 đảng viên, đạt 94,87% kế hoạch.", "115 chi bộ đạt trong sạch, vững mạnh."]),
    # numbered items and list openers stay with their text
    ("1. Kết quả đạt được", ["1. Kết quả đạt được"]),
    ("2.1. Công tác giáo dục chính trị, tư tưởng", ["2.1. Công tác giáo dục chính trị, tư tưởng"]),
    ("II. NHIỆM VỤ TRỌNG TÂM NĂM 2024", ["II. NHIỆM VỤ TRỌNG TÂM NĂM 2024"]),
    ("a) Về công tác kiểm tra. b) Về công tác giám sát.",
     ["a) Về công tác kiểm tra.", "b) Về công tác giám sát."]),
    ("Một là: Nâng cao chất lượng sinh hoạt chi bộ.", ["Một là: Nâng cao chất lượng sinh hoạt chi bộ."]),
    ("Hai là, đẩy mạnh tự phê bình và phê bình.", ["Hai là, đẩy mạnh tự phê bình và phê bình."]),
    # items run together on one line
    ("Các giải pháp: 1. Tăng cường kiểm tra. 2. Xử lý nghiêm vi phạm.",
     ["Các giải pháp: 1. Tăng cường kiểm tra.", "2. Xử lý nghiêm vi phạm."]),
    # a line without final punctuation is a sentence; lines are never crossed
    ("PHẦN THỨ NHẤT\nTình hình chung", ["PHẦN THỨ NHẤT", "Tình hình chung"]),
    ("Kết quả như sau\n\nBan Thường vụ Quận ủy lãnh đạo", ["Kết quả như sau", "Ban Thường vụ Quận ủy lãnh đạo"]),
    # quotations: no split inside, split after the closing quote
    ("Đồng chí nhấn mạnh: “Phải làm đến nơi đến chốn. Không làm hình thức.” Sau đó hội nghị thảo luận.",
     ["Đồng chí nhấn mạnh: “Phải làm đến nơi đến chốn. Không làm hình thức.”", "Sau đó hội nghị thảo luận."]),
    ("Chuyên đề “Học tập và làm theo”. Đảng bộ triển khai sâu rộng.",
     ["Chuyên đề “Học tập và làm theo”.", "Đảng bộ triển khai sâu rộng."]),
    # ellipses: before a capital a sentence ends, before lower case it goes on
    ("Vẫn còn hạn chế... cần sớm khắc phục. Còn nhiều việc… Thời gian tới phải làm tốt hơn!",
     ["Vẫn còn hạn chế... cần sớm khắc phục.", "Còn nhiều việc…", "Thời gian tới phải làm tốt hơn!"]),
    # a missing space after the dot
    ("thực hiện tốt Quy định 428 của Thành ủy.Việc sinh hoạt chi bộ đi vào nề nếp.",
     ["thực hiện tốt Quy định 428 của Thành ủy.", "Việc sinh hoạt chi bộ đi vào nề nếp."]),
    ("Có thực hiện đúng quy trình không? Có.", ["Có thực hiện đúng quy trình không?", "Có."]),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize("text, expected", SENTENCE_CASES)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_sentence_offsets_never_cross_a_newline():
    text = "Một. Hai ba\nBốn năm. Sáu\n\nBảy"
    for start, end in split_sentences(text):
        assert "\n" not in text[start:end]
        assert text[start:end] == text[start:end].strip()


def test_underthesea_sent_tokenize_on_the_same_cases():
    """Why we keep our own splitter: underthesea's gets far fewer of these cases right."""
    from underthesea import sent_tokenize

    theirs = sum(sent_tokenize(text) == expected for text, expected in SENTENCE_CASES)
    ours = sum(sentences(text) == expected for text, expected in SENTENCE_CASES)
    assert ours == len(SENTENCE_CASES)
    assert theirs < len(SENTENCE_CASES) - 5


# ---------------------------------------------------------------- words

# The lexicon's terms and document codes come out as one token each.
TERM_CASES = [
    ("Ban Thường vụ Quận ủy lãnh đạo các chi bộ", ["Ban Thường vụ", "Quận ủy", "chi bộ"]),
    ("Ban Chấp hành Đảng bộ quận khóa XII", ["Ban Chấp hành", "Đảng bộ"]),
    ("Bộ Chính trị và Ban Bí thư ban hành chỉ thị", ["Bộ Chính trị", "Ban Bí thư"]),
    ("đảng viên và cấp ủy cơ sở tham gia", ["đảng viên", "cấp ủy"]),
    ("kiểm tra 53 tổ chức cơ sở Đảng", ["tổ chức cơ sở Đảng"]),
    ("Thành ủy, Tỉnh ủy, Huyện ủy và Đảng ủy phường", ["Thành ủy", "Tỉnh ủy", "Huyện ủy", "Đảng ủy"]),
    ("Ủy ban Kiểm tra Thành uỷ kết luận", ["Ủy ban Kiểm tra", "Thành uỷ"]),
    ("Mặt trận Tổ quốc và các đoàn thể", ["Mặt trận Tổ quốc"]),
    ("Hội đồng nhân dân và Ủy ban nhân dân quận", ["Hội đồng nhân dân", "Ủy ban nhân dân"]),
    ("thực hiện tự phê bình và phê bình", ["tự phê bình", "phê bình"]),
    ("các cấp ủy viên được phân công", ["cấp ủy viên"]),
    ("xây dựng chi bộ trong sạch, vững mạnh", ["chi bộ", "trong sạch", ",", "vững mạnh"]),
    ("Nghị quyết số 15-NQ/TU của Thành ủy", ["15-NQ/TU", "Thành ủy"]),
    ("Nghị quyết số 15 -NQ/TU ngày 5/3", ["15 -NQ/TU"]),
    ("Chương trình 01-CTr/QU của Quận ủy", ["01-CTr/QU", "Quận ủy"]),
    ("theo Nghị định 60/2003/NĐ-CP của Chính phủ", ["60/2003/NĐ-CP"]),
    ("Nghị quyết 42/2006/NQ-HĐND của Hội đồng nhân dân", ["42/2006/NQ-HĐND", "Hội đồng nhân dân"]),
    ("Hướng dẫn 43-HD/BTCTW của Ban Tổ chức", ["43-HD/BTCTW", "Ban Tổ chức"]),
    ("đ/c Nguyễn Văn An, Bí thư Chi bộ", ["đ/c", "Nguyễn Văn An"]),
    ("Trưởng đoàn là PGS.TS Lê Văn Bình", ["PGS.TS", "Lê Văn Bình"]),
    ("có 4.164 đảng viên, đạt 94,87%", ["4.164", "đảng viên", "94,87", "%"]),
    ("ảnh của Q.LAM", ["Q.LAM"]),
]


@pytest.mark.parametrize("text, expected", TERM_CASES)
def test_terms_are_one_token(text, expected):
    tokens = words(text)
    for term in expected:
        assert term in tokens, (term, tokens)


# Whole segmentations, VLSP style; these pin the conventions on top of the CRF.
LINE_CASES = [
    ("Ban Thường vụ Quận uỷ đã ban hành Nghị quyết số 15 -NQ/TU.",
     "Ban_Thường_vụ Quận_uỷ đã ban_hành Nghị_quyết số 15_-NQ/TU ."),
    ("Bí thư Chi bộ Nguyễn Văn An phát biểu", "Bí_thư Chi_bộ Nguyễn_Văn_An phát_biểu"),
    # a capital after a lower-case syllable starts a word: 'cấp ủy | Đảng', not 'ủy Đảng'
    ("nâng cao vai trò của cấp ủy Đảng", "nâng cao vai_trò của cấp_ủy Đảng"),
    ("Đảng Cộng sản Việt Nam", "Đảng Cộng_sản Việt_Nam"),
    ("", ""),
]


@pytest.mark.parametrize("line, expected", LINE_CASES)
def test_segment_line(line, expected):
    assert segment_line(line) == expected


def test_segment_line_format():
    out = segment_line("Thành ủy chỉ đạo. Đảng ủy phường thực hiện tốt.")
    assert "  " not in out and "\n" not in out
    assert out.split(" ")[:2] == ["Thành_ủy", "chỉ_đạo"]


@pytest.mark.parametrize(
    "text",
    [
        "Thành uỷ và Thành ủy chỉ đạo hoà giải, hòa giải ở cơ sở",
        "Ban Thường vụ qui định và quy định rõ trách nhiệm của uỷ viên",
        "Huyện uỷ, Tỉnh uỷ, Quận uỷ, Đảng uỷ, thuỷ lợi, khoẻ mạnh, hoá chất",
    ],
)
def test_offsets_are_exact_in_any_spelling(text):
    spans = word_spans(text)
    assert spans == sorted(spans)
    for start, end in spans:
        token = text[start:end]
        assert token == token.strip() and token
    covered = "".join(text[a:b] for a, b in spans).replace(" ", "")
    assert covered == text.replace(" ", "")


@pytest.mark.parametrize(
    "old, new",
    [
        ("Thành uỷ kiểm tra việc hoà giải", "Thành ủy kiểm tra việc hòa giải"),
        ("Ban Thường vụ qui định", "Ban Thường vụ quy định"),
    ],
)
def test_spelling_styles_segment_alike(old, new):
    assert word_spans(old) == word_spans(new)
    assert "Thành uỷ" in words(old) or "qui định" in words(old)


def test_offsets_within_a_larger_text():
    text = "Mở đầu. Ban Thường vụ Thành uỷ hoà giải."
    start, end = split_sentences(text)[1]
    spans = word_spans(text, start, end)
    assert [text[a:b] for a, b in spans] == ["Ban Thường vụ", "Thành uỷ", "hoà giải", "."]


def test_lexicon_changes_only_its_terms():
    text = "Ban Thường vụ Quận ủy kiểm tra tổ chức cơ sở Đảng"
    assert "Ban Thường vụ" in words(text)
    assert "Ban Thường vụ" not in words(text, lexicon=False)


def test_no_leak_between_calls():
    """Segmenting with the lexicon leaves later plain segmentations (ours and underthesea's) alone."""
    from underthesea import word_tokenize

    text = "Ban Thường vụ Quận ủy chỉ đạo tổ chức cơ sở Đảng và đảng viên"
    plain_before, theirs_before = words(text, lexicon=False), word_tokenize(text)
    words(text)
    segment(Document(id="x", source="test", text=text))
    assert words(text, lexicon=False) == plain_before
    assert word_tokenize(text) == theirs_before


def test_underthesea_normalization_would_break_offsets():
    """Why we drive the CRF ourselves: word_tokenize rewrites 'hoà' as 'hòa'."""
    from underthesea import word_tokenize

    assert "hoà giải" not in word_tokenize("việc hoà giải ở cơ sở")
    assert "hoà giải" in words("việc hoà giải ở cơ sở")



def test_token_shortcuts_find_the_same_tokens():
    """Skipping spaces and taking plain words first changes no token, here on the sample corpus
    and on what underthesea's patterns read specially ('Th.S' matches 'ThaS' and 'Th Sơn')."""
    from pipeline.fold import fold
    from pipeline.readers import read
    from pipeline.segment import _token_pattern

    texts = ["Th Sơn ThaSb c Thạc sĩ Th.s ThS. Nguyễn UBND. abc-def 12abc m² e-mail NĐ-CP",
             "http://a.vn/x www.abc.com foo@bar.com v.v. v.v... °C 10x20 T.Ư PGS.TS. Đ/c Hà TP.HCM"]
    texts += [fold(raw.body) for path in sorted((ROOT / "corpora" / "sample").glob("*.txt")) for raw in read(path)]
    for text in texts:
        for line in text.split("\n"):
            fast, slow = (list(_token_pattern(shortcuts).finditer(line)) for shortcuts in (True, False))
            assert [m.span() for m in fast] == [m.span() for m in slow]
            assert [m.lastgroup == "code" for m in fast] == [m.lastgroup == "code" for m in slow]

# ---------------------------------------------------------------- headings

HEADING_CASES = [
    ("I. KẾT QUẢ ĐẠT ĐƯỢC", True),
    ("1. Công tác xây dựng Đảng về chính trị", True),
    ("2.1. Về tư tưởng:", True),
    ("a) Công tác kiểm tra, giám sát", True),
    ("Một là: Nâng cao chất lượng sinh hoạt chi bộ", True),
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", True),
    ("Tình hình chung", True),
    ("Ban Thường vụ Quận ủy đã lãnh đạo thực hiện tốt các nhiệm vụ trọng tâm.", False),
    ("Kết quả cụ thể như sau:", False),
    ("(Ảnh: Q.LAM)", False),
    ("", False),
]


@pytest.mark.parametrize("block, expected", HEADING_CASES)
def test_is_heading(block, expected):
    assert is_heading(block) is expected


# ---------------------------------------------------------------- documents

TEXT = (
    "I. KẾT QUẢ ĐẠT ĐƯỢC\n\n"
    "Ban Thường vụ Quận uỷ đã ban hành Nghị quyết số 15 -NQ/TU. Qua đó, 4.164 đảng viên  tham gia.\n\n"
    "Một là: Nâng cao chất lượng sinh hoạt chi bộ"
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return segment(Document(id="x", source="test", text=TEXT))


def test_segment_fills_paragraphs_and_sentences(doc):
    assert [TEXT[p.start : p.end] for p in doc.paragraphs] == TEXT.split("\n\n")
    assert [s.text for s in doc.sentences] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Ban Thường vụ Quận uỷ đã ban hành Nghị quyết số 15 -NQ/TU.",
        "Qua đó, 4.164 đảng viên  tham gia.",
        "Một là: Nâng cao chất lượng sinh hoạt chi bộ",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 2]
    assert [s.heading for s in doc.sentences] == [True, False, False, True]
    assert doc.sentences[1].tokens[:2] == ["Ban Thường vụ", "Quận uỷ"]


def test_segment_offsets_are_exact(doc):
    for sentence in doc.sentences:
        assert TEXT[sentence.start : sentence.end] == sentence.text
        assert [TEXT[a:b] for a, b in sentence.token_offsets] == sentence.tokens
        assert all(sentence.start <= a < b <= sentence.end for a, b in sentence.token_offsets)


def test_segment_rejects_bad_text():
    with pytest.raises(SegmentError, match="NFC"):
        segment(Document(id="x", source="t", text=unicodedata.normalize("NFD", "Thành ủy")))
    with pytest.raises(SegmentError, match="not str"):
        segment(Document(id="x", source="t", text=None))  # type: ignore[arg-type]


def test_segment_empty_text():
    doc = segment(Document(id="x", source="t", text=""))
    assert doc.sentences == [] and doc.paragraphs == []


# ---------------------------------------------------------------- spaCy


def test_to_spacy_keeps_text_tokens_and_sentences(doc):
    sdoc = to_spacy(doc)
    assert sdoc.text == TEXT
    assert [t.text for t in sdoc if not t.is_space] == [tok for s in doc.sentences for tok in s.tokens]
    assert [s.text.strip() for s in sdoc.sents] == [s.text for s in doc.sentences]
    token = next(t for t in sdoc if t.text == "Ban Thường vụ")
    assert token.idx == TEXT.index("Ban Thường vụ")


def test_spacy_blank_with_registered_tokenizer_needs_no_pyvi(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvi", None)  # importing pyvi now fails
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "baocao.vi_tokenizer"}}})
    sdoc = nlp(TEXT)
    assert sdoc.text == TEXT
    assert [t.text for t in sdoc] == [t.text for t in to_spacy(segment(Document(id="x", source="t", text=TEXT)))]
    assert make_nlp()("").text == ""


# ---------------------------------------------------------------- evaluation script


def test_eval_script_without_gold_file(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_segmentation.py"), "--gold", str(tmp_path / "none.conllu")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "not found" in result.stdout


def test_eval_scoring(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from eval_segmentation import read_conllu, score
    finally:
        sys.path.pop(0)
    gold_file = tmp_path / "g.conllu"
    gold_file.write_text(
        "# text = Ban Thường vụ họp .\n1\tBan Thường vụ\t_\n2\thọp\t_\n3\t.\t_\n\n"
        "1\tĐảng viên\t_\n2\tdự\t_\n",
        encoding="utf-8",
    )
    gold = read_conllu(gold_file)
    assert gold == [["Ban Thường vụ", "họp", "."], ["Đảng viên", "dự"]]
    precision, recall, f1, _ = score(gold, lambda text: text.split())
    assert (precision, recall) == (3 / 8, 3 / 5)
    assert score(gold, lambda text: [w for s in gold for w in s if w in text])[2] == 1.0


# ---------------------------------------------------------------- real reports (skipped without ../shared)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")
def test_seed_reports_segment_with_exact_offsets():
    for path in sorted(SEEDS.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        doc = segment(Document(id=path.stem, source=str(path), text=text))
        assert doc.sentences, path.name
        for sentence in doc.sentences:
            assert "\n" not in sentence.text
            assert "".join("".join(sentence.tokens).split()) == "".join(sentence.text.split())
            assert all(text[a:b] == t for (a, b), t in zip(sentence.token_offsets, sentence.tokens))


# ---------------------------------------------------------------- the CRF's attributes

FEATURE_SENTENCES = [
    "Đảng bộ huyện Văn Lâm kết nạp 215 đảng viên mới , đạt 107,5 % kế hoạch .",
    "Ngày 15/3/2024 , UBND tỉnh ban hành Kế hoạch số 88 / KH - UBND về chuyển đổi số .",
    "Mã số 9781931930093 , +5 , -12 , 2147483647 , 2147483648 , ０ , ² .",
    "Hà",
    "Hà Nội",
    "ǅ ß ẞ ª İ ΣΑ Ab aB , .",
]


@pytest.mark.parametrize("sentence", FEATURE_SENTENCES)
def test_crf_attributes_are_underthesea_cores(sentence: str) -> None:
    """The CRF reads the same attribute strings from our featurizer as from underthesea_core's
    (a different string is an attribute the model never saw, and another answer)."""
    import joblib
    from underthesea.pipeline import word_tokenize as ws
    from underthesea_core import CRFFeaturizer

    from pipeline.crf_features import features

    base = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
    dictionary = joblib.load(base / "dictionary.bin")
    theirs = CRFFeaturizer(joblib.load(base / "features.bin"), dictionary)
    tokens = sentence.split()
    assert [list(row) for row in features(tokens, dictionary)] == theirs.process([[[t] for t in tokens]])[0]
