"""The classify stage: cue and section rules, the trained model on sentences that fool keywords,
the whole stage on a small report, the shipped model file (skops, trusted types, reproducible
training) and the held-out evaluation. Every sentence here was written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skops.io
from typer.testing import CliRunner

from pipeline.classify import (
    GOLD_DIR,
    MODEL_PATH,
    TRUSTED,
    ClassifyError,
    Item,
    classify,
    evaluate,
    items,
    labelled_data,
    load_model,
    model_input,
    predict,
    rule_label,
    section_label,
    segment_words,
)
from pipeline.cli import app
from pipeline.model import LABELS, Document
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

# ---------------------------------------------------------------- sections

SECTION_CASES = [
    ("I. KẾT QUẢ ĐẠT ĐƯỢC", None, "achievement"),
    ("Ưu điểm", None, "achievement"),
    ("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", None, "shortcoming"),
    ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", None, "task"),
    ("Nhiệm vụ, giải pháp", None, "task"),
    ("Kiến nghị", None, "task"),
    # the earliest cue wins
    ("III. KẾT QUẢ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CHỈ RA", None, "achievement"),
    ("VI. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ", None, "task"),
    ("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024", None, "achievement"),
    # 'Nguyên nhân' alone keeps the section it is in
    ("Nguyên nhân", "shortcoming", "shortcoming"),
    ("Nguyên nhân", "achievement", "achievement"),
    ("Nguyên nhân", None, "shortcoming"),
    ("Nguyên nhân của hạn chế", "achievement", "shortcoming"),
    # a numbered sub-heading without a cue opens nothing
    ("1. Công tác xây dựng Đảng", "achievement", None),
]


@pytest.mark.parametrize("heading, current, expected", SECTION_CASES)
def test_section_label(heading, current, expected):
    assert section_label(heading, current) == expected


def test_items_track_sections_through_a_report():
    lines = [
        ("I. KẾT QUẢ ĐẠT ĐƯỢC", True),
        ("1. Công tác tổ chức, cán bộ", True),
        ("Toàn Đảng bộ kết nạp 45 đảng viên.", False),
        ("Chỉ tiêu | Năm 2023 | Năm 2024", True),  # a table row is no heading
        ("II. HẠN CHẾ, KHUYẾT ĐIỂM", True),
        ("Sinh hoạt chi bộ có nơi còn hình thức.", False),
        ("Nguyên nhân: cấp ủy chưa sâu sát.", False),  # a lead-in keeps shortcoming
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ", True),
        ("Kiến nghị: đề nghị Huyện ủy hỗ trợ kinh phí.", False),
        ("Hỏi: Chi bộ có được kết nạp đảng viên dự bị không?", False),  # Q&A opens other
        ("IV. TỔ CHỨC HỘI NGHỊ", True),  # a top-level heading without a cue closes the section
    ]
    got = [item.section for item in items((text, heading, None) for text, heading in lines)]
    assert got == ["achievement", "achievement", "achievement", "achievement", "shortcoming", "shortcoming",
                   "shortcoming", "task", "task", "other", None]


def test_items_carry_the_list_lead_in():
    lines = ["Kết luận hội nghị, đồng chí Bí thư đề nghị các chi bộ làm tốt mấy việc sau:",
             "- Rà soát hồ sơ đảng viên;", "- Kiện toàn chi ủy.", "Hội nghị bế mạc lúc 11 giờ."]
    rows = items((text, False, None) for text in lines)
    assert ["lead" in row.context for row in rows] == [False, True, True, False]
    assert "lead=task" in rows[2].context


# ---------------------------------------------------------------- sentences that fool keywords

# (label, section the sentence is in, sentence, what the keyword baseline says or None)
HARD_CASES = [
    ("achievement", None, "Sau một năm, Chi bộ Khu phố 3 đã khắc phục được hạn chế về việc lưu trữ hồ sơ "
     "đảng viên.", "shortcoming"),
    ("achievement", "achievement", "Tiếp tục duy trì mô hình “Ngày thứ Bảy tình nguyện” ở 100% chi đoàn "
     "khu phố.", "task"),
    ("shortcoming", None, "Tuy nhiên, việc quản lý đảng viên đi làm ăn xa ở một số chi bộ vẫn còn lỏng lẻo.",
     None),
    ("task", None, "Ban Thường vụ Huyện ủy yêu cầu các đơn vị thời gian tới cần rà soát lại toàn bộ đề án vị "
     "trí việc làm trước ngày 30/9.", None),
    ("other", None, "Dự hội nghị có đồng chí Lê Minh Khôi, Phó Bí thư Thường trực Huyện ủy; đại diện lãnh đạo "
     "các ban xây dựng Đảng và bí thư 32 chi, đảng bộ cơ sở.", None),
    ("achievement", None, "Trong năm 2024, Đảng bộ phường không còn chi bộ xếp loại yếu kém.", "shortcoming"),
    ("achievement", None, "Qua giám sát, chưa có cán bộ nào vi phạm quy định về tặng quà, nhận quà dịp Tết.",
     "shortcoming"),
    ("other", None, "Hỏi: Đảng viên đang sinh hoạt tạm thời có được bầu vào chi ủy không?", None),
    ("shortcoming", "shortcoming", "Nguyên nhân là do một số bí thư chi bộ chưa thấy hết sự cần thiết phải "
     "đổi mới cách sinh hoạt.", "task"),
    ("task", "task", "Phấn đấu đến cuối năm 2025 có 100% chi bộ thôn sinh hoạt chuyên đề mỗi quý một lần.",
     None),
    ("other", None, "Đồng chí Nguyễn Thị Hà, Bí thư Đảng ủy xã chủ trì hội nghị.", None),
]


def _item(text: str, section: str | None) -> Item:
    return Item(text, segment_words(text), False, section)


@pytest.mark.parametrize("label, section, text, keywords", HARD_CASES)
def test_model_gets_sentences_that_fool_keywords(label, section, text, keywords):
    (predicted, confidence), = predict([_item(text, section)])
    assert predicted == label
    assert 0.0 < confidence <= 1.0
    if keywords is not None:
        assert rule_label(text) == keywords  # the trap is real: keywords alone get it wrong


def test_the_section_decides_an_ambiguous_sentence():
    text = "Tiếp tục duy trì sinh hoạt chuyên đề hằng quý ở 100% chi bộ thôn."
    (in_results, _), (in_tasks, _) = predict([_item(text, "achievement"), _item(text, "task")])
    assert (in_results, in_tasks) == ("achievement", "task")


# ---------------------------------------------------------------- the stage on a small report

REPORT = """Ngày 12/7/2024, Đảng ủy xã An Bình (huyện Phú Giáo) tổ chức hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm. Dự hội nghị có đồng chí Lê Minh Khôi, Phó Bí thư Thường trực Huyện ủy; đại diện lãnh đạo các ban xây dựng Đảng và bí thư 14 chi bộ trực thuộc.

I. KẾT QUẢ ĐẠT ĐƯỢC

Sáu tháng đầu năm, Đảng ủy xã đã kết nạp 9 đảng viên mới, đạt 75% kế hoạch năm. Tiếp tục duy trì sinh hoạt chuyên đề hằng quý ở 100% chi bộ thôn.

Chi bộ thôn Bình Hòa đã khắc phục được hạn chế về lưu trữ hồ sơ đảng viên mà Huyện ủy chỉ ra năm 2023. Trong kỳ, trên địa bàn không còn đơn thư khiếu nại kéo dài.

II. HẠN CHẾ, KHUYẾT ĐIỂM

Tuy nhiên, việc phát triển đảng viên trong đoàn viên thanh niên vẫn còn chậm. Một số chi bộ chưa quan tâm đúng mức đến công tác dân vận.

III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM

Ban Thường vụ Đảng ủy yêu cầu các chi bộ thời gian tới cần tập trung tạo nguồn kết nạp đảng viên trong thanh niên. Tiếp tục duy trì sinh hoạt chuyên đề, phấn đấu đến cuối năm kết nạp đủ 12 đảng viên."""

REPORT_LABELS = ["other", "other", "other", "achievement", "achievement", "achievement", "achievement",
                 "other", "shortcoming", "shortcoming", "other", "task", "task"]
PARAGRAPH_LABELS = ["other", "other", "achievement", "achievement", "other", "shortcoming", "other", "task"]


@pytest.fixture(scope="module")
def report() -> Document:
    return classify(segment(Document(id="test", source="test", text=REPORT)))


def test_stage_labels_every_sentence(report):
    assert [s.label for s in report.sentences] == REPORT_LABELS
    assert all(isinstance(s.label, str) and 0.0 < s.confidence <= 1.0 for s in report.sentences)


def test_stage_labels_paragraphs_with_shares(report):
    assert [p.label for p in report.paragraphs] == PARAGRAPH_LABELS
    for paragraph in report.paragraphs:
        assert set(paragraph.shares) == set(LABELS)
        assert sum(paragraph.shares.values()) == pytest.approx(1.0)
    assert report.paragraphs[0].shares["other"] == 1.0


def test_stage_segments_an_unsegmented_document():
    doc = classify(Document(id="t", source="t", text="Tuy nhiên, một số chi bộ vẫn còn sinh hoạt hình thức."))
    assert [s.label for s in doc.sentences] == ["shortcoming"]


def test_stage_on_an_empty_document():
    doc = classify(Document(id="t", source="t", text=""))
    assert doc.sentences == [] and doc.paragraphs == []


# ---------------------------------------------------------------- the model file


def test_model_file_holds_only_trusted_scikit_learn_types():
    untrusted = skops.io.get_untrusted_types(file=MODEL_PATH)
    assert set(untrusted) <= set(TRUSTED)
    assert all(name.startswith("sklearn.") for name in TRUSTED)
    assert MODEL_PATH.stat().st_size < 5_000_000
    with pytest.raises(Exception):
        skops.io.load(MODEL_PATH, trusted=[])  # not loadable without the list


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ClassifyError, match="baocao train"):
        load_model(tmp_path / "none.skops")


def test_train_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "model.skops"
    result = CliRunner().invoke(app, ["train", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [_item(text, section) for _, section, text, _ in HARD_CASES]
    rows += items((line, False, None) for line in REPORT.splitlines() if line)
    retrained = skops.io.load(out, trusted=TRUSTED)
    shipped = load_model()
    assert list(retrained.classes_) == list(shipped.classes_)
    np.testing.assert_allclose(retrained.predict_proba(model_input(rows)),
                               shipped.predict_proba(model_input(rows)), atol=1e-9)


# ---------------------------------------------------------------- data and evaluation


def test_labelled_data_is_big_and_balanced_enough():
    data = labelled_data()
    counts = {label: data.labels.count(label) for label in LABELS}
    assert len(data.labels) >= 600
    assert min(counts.values()) >= 120


def test_bad_labelled_file_is_a_clear_error(tmp_path):
    (tmp_path / "bad.tsv").write_text("nhãn\tmục\tcâu\nachievement\t\tĐã kết nạp 5 đảng viên.\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="header"):
        labelled_data(tmp_path)
    (tmp_path / "bad.tsv").write_text("label\tsection\tsentence\nresult\t\tĐã kết nạp 5 đảng viên.\n",
                                      encoding="utf-8")
    with pytest.raises(ClassifyError, match="bad.tsv:2"):
        labelled_data(tmp_path)


def test_missing_gold_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ClassifyError, match="no gold folder"):
        evaluate(tmp_path / "none")


@pytest.fixture(scope="module")
def figures() -> dict:
    return evaluate(GOLD_DIR)


def test_evaluation_rows(figures):
    systems = [row["system"] for row in figures["rows"]]
    assert systems[0] == "keyword rules" and len(systems) == 3
    for row in figures["rows"]:
        assert set(row["per_label"]) == set(LABELS)
        assert set(row["per_label"]["task"]) == {"precision", "recall", "f1", "support"}


def test_held_out_model_meets_the_targets(figures):
    keywords, labelled_only, cross_validated = figures["rows"]
    for row in (labelled_only, cross_validated):
        assert row["macro_f1"] >= 0.85
        assert row["per_label"]["shortcoming"]["recall"] >= 0.85
        assert row["macro_f1"] > keywords["macro_f1"]


# ---------------------------------------------------------------- real reports (skipped without them)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no ../shared/seeds")
def test_seed_report_gets_every_kind_of_sentence():
    from pipeline.analyze import analyze_path

    path = sorted(SEEDS.glob("004_*.txt"))[0]
    doc, = [d for d in analyze_path(path, [segment, classify]) if isinstance(d, Document)]
    assert {s.label for s in doc.sentences} == set(LABELS)
