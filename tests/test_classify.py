"""The classify stage: cue and section rules, the trained model on sentences that fool keywords,
the whole stage on a small report, the shipped model file (skops, trusted types, reproducible
training) and the held-out evaluation. Every sentence here was written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pipeline.classify import classify
from pipeline.cues import rule_label, section_label
from pipeline.passage_model import (
    MODEL_PATH,
    ClassifyError,
    Item,
    items,
    load_model,
    model_input,
    predict,
    segment_words,
    tense,
)
from pipeline.training import fit, gold_data, labelled_data, scores
from pipeline.cli import app
from pipeline.model import LABELS, Document
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent

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


def test_a_numbered_item_of_two_sentences_keeps_the_lead_in():
    lines = ["Đồng chí Bí thư yêu cầu các chi bộ thời gian tới tập trung mấy việc sau:",
             "1. Rà soát danh sách quần chúng ưu tú ở từng tổ dân phố.",
             "Giao đảng viên có uy tín giúp đỡ từng quần chúng.",  # the item's second sentence
             "2. Hoàn thành hồ sơ kết nạp trước ngày 30/11.", "Hội nghị kết thúc lúc 16 giờ cùng ngày."]
    rows = items((text, False, None) for text in lines)
    assert ["lead" in row.context for row in rows] == [False, True, True, True, False]


# ---------------------------------------------------------------- tense and the sentences around

TENSE_CASES = [
    ("Năm 2023, Đảng ủy xã đã kết nạp 14 đảng viên mới.", "past"),
    ("Qua đó, ý thức tự giác của đảng viên được nâng lên.", "past"),
    ("Thời gian tới, các chi bộ cần đổi mới nội dung sinh hoạt.", "future"),
    ("Huyện ủy sẽ tổ chức sơ kết vào tháng 12.", "future"),
    ("Năm qua Đảng bộ đã hoàn thành chỉ tiêu, năm tới sẽ phấn đấu vượt.", "both"),
    ("Tổ chức hội nghị chuyên đề về công tác dân vận ở 12 xã.", "none"),  # a bare verb says no time
]


@pytest.mark.parametrize("text, expected", TENSE_CASES)
def test_tense(text, expected):
    assert tense(text) == expected


# A bare-verb sentence ('Mở lớp …') says nothing of time; the sentences around it do. Neither run
# has a heading, as in an older report or a news story.
PAST_RUN = ["Năm 2022, Ban Dân vận Huyện ủy Thanh Oai đã phối hợp với Mặt trận rà soát các hộ nghèo ở 21 xã.",
            "Các đoàn thể đã vận động được 3,2 tỷ đồng xây nhà đại đoàn kết.",
            "Tổ chức đối thoại giữa Chủ tịch Ủy ban nhân dân huyện với nông dân về dồn điền đổi thửa.",
            "Qua đó, nhiều kiến nghị của người dân đã được giải quyết ngay tại hội nghị."]
FUTURE_RUN = ["Năm 2026, Ban Dân vận Huyện ủy Thanh Oai sẽ phối hợp với Mặt trận rà soát các hộ cận nghèo.",
              "Các đoàn thể cần vận động thêm nguồn lực xây nhà đại đoàn kết.",
              "Tổ chức đối thoại giữa Chủ tịch Ủy ban nhân dân huyện với nông dân về dồn điền đổi thửa.",
              "Phấn đấu giải quyết dứt điểm các kiến nghị của người dân ngay tại cơ sở."]


def test_the_window_counts_the_tense_of_the_sentences_around():
    past, future = (items((text, False, None) for text in run)[2] for run in (PAST_RUN, FUTURE_RUN))
    assert {"tense=none", "win=past", "win_past=2", "win_future=0"} <= set(past.around)
    assert {"tense=none", "win=future", "win_future=2"} <= set(future.around)


def test_the_window_stops_at_a_heading():
    lines = [(PAST_RUN[0], False, None), ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ", True, None), (FUTURE_RUN[2], False, None)]
    last = items(lines)[-1]
    assert "win_past=0" in last.around and "next=end" in last.around


def test_the_sentences_around_decide_a_bare_verb():
    past, future = (predict(items((text, False, None) for text in run))[2][0] for run in (PAST_RUN, FUTURE_RUN))
    assert (past, future) == ("achievement", "task")


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


@pytest.mark.parametrize("label, section, text, keywords", [case for case in HARD_CASES if case[3]])
def test_the_keyword_traps_are_real(label, section, text, keywords):
    assert rule_label(text) == keywords != label  # keywords alone get it wrong


def test_model_gets_sentences_that_fool_keywords():
    """A statistical model is judged on the set, not sentence by sentence: at most one of these
    wrong, where the keyword rules get every trap wrong. (Trained on more real documents, the model
    reads 'Qua giám sát, chưa có cán bộ nào vi phạm ...' outside any section as 'other'.)"""
    # each sentence on its own: the model also reads the sentences around one, and these are unrelated
    predicted = [predict([_item(text, section)])[0] for _, section, text, _ in HARD_CASES]
    right = sum(got == label for (got, _), (label, *_) in zip(predicted, HARD_CASES))
    assert right >= len(HARD_CASES) - 1, [(label, got) for (got, _), (label, *_) in zip(predicted, HARD_CASES)]
    assert all(0.0 < confidence <= 1.0 for _, confidence in predicted)


def test_the_section_decides_an_ambiguous_sentence():
    text = "Tiếp tục duy trì sinh hoạt chuyên đề hằng quý ở 100% chi bộ thôn."
    (in_results, _), (in_tasks, _) = predict([_item(text, "achievement")]) + predict([_item(text, "task")])
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
    """Every sentence gets a label, at most one of the 13 not the one the team wrote. (Trained on
    more real documents, the model reads 'trên địa bàn không còn đơn thư khiếu nại kéo dài' as a
    shortcoming, the complaints outweighing the 'không còn'.)"""
    wrong = [(s.text, s.label, want) for s, want in zip(report.sentences, REPORT_LABELS) if s.label != want]
    assert len(report.sentences) == len(REPORT_LABELS) and len(wrong) <= 1, wrong
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


def test_model_file_is_plain_arrays_without_text():
    with np.load(MODEL_PATH, allow_pickle=False) as data:  # no pickle: nothing in it can run
        assert set(data.files) == {"classes", "coef", "intercept", "stack_coef", "stack_intercept", "buckets"}
        assert sorted(data["classes"]) == sorted(LABELS)  # the only strings in the file
        assert all(data[name].dtype.kind in "fi" for name in ("coef", "intercept", "stack_coef", "stack_intercept"))
    assert MODEL_PATH.stat().st_size < 5_000_000


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ClassifyError, match="baocao train"):
        load_model(tmp_path / "none.npz")


def test_a_file_that_is_not_a_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ClassifyError, match="cannot load"):
        load_model(bad)


@pytest.mark.skipif(not (ROOT.parent / "shared" / "realgold").is_dir(), reason="no ../shared")
def test_train_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(app, ["train", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [_item(text, section) for _, section, text, _ in HARD_CASES]
    rows += items((line, False, None) for line in REPORT.splitlines() if line)
    retrained, shipped = load_model(out), load_model()
    assert retrained.classes == shipped.classes
    # Same data, same model: equal up to what a scikit-learn or SciPy release changes in the solver
    # (a new release moved these probabilities by up to 0.003); a data or feature change moves more.
    again, ours = retrained.predict_proba(model_input(rows)), shipped.predict_proba(model_input(rows))
    np.testing.assert_allclose(again, ours, atol=0.01)
    assert (again.argmax(axis=1) == ours.argmax(axis=1)).all()


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


def test_a_model_of_the_labelled_sentences_reads_the_team_gold():
    """Trained on corpora/labelled only, every team gold document held out."""
    gold = gold_data()
    model = fit(labelled_data(), stack=False)
    row = scores("labelled only", gold.labels, [label for label, _ in predict(gold.rows, model)])
    keywords = scores("rules", gold.labels, [rule_label(r.text, r.heading) for r in gold.rows])
    assert row["macro_f1"] >= 0.85 and row["macro_f1"] > keywords["macro_f1"]
    assert row["per_label"]["shortcoming"]["recall"] >= 0.85

# Labels on real reports are measured by `baocao eval` on ../shared/realgold and corpora/real, with
# the CI gate (corpora/real/floors.json), not by a unit test.
