"""Evaluation against gold (pipeline/evaluate.py): hand-built gold and documents with known
mistakes, so every figure below is worked out by hand; then one run of `baocao eval corpora/gold`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipeline import evaluate as ev
from pipeline.baseline import ner_entities, tag_spans
from pipeline.cli import app
from pipeline.model import Document, Entity, Mention, Metadata, Reference, Sentence
from pipeline.render import print_report

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "corpora" / "gold"
NAN = float("nan")


def make_doc(pieces: list[tuple[str, str]], sep: str = " ", entities=(), references=(),
             metadata: Metadata | None = None) -> Document:
    """A document whose predicted sentences are `pieces` (text, label) joined by `sep`; entities
    (label, text, norm) and reference mentions are found in order, so every span is right."""
    text, sentences = "", []
    for piece, label in pieces:
        text += sep if text else ""
        sentences.append(Sentence(piece, len(text), len(text) + len(piece), label=label))
        text += piece
    cursor = 0

    def find(needle: str) -> tuple[int, int]:
        nonlocal cursor
        start = text.index(needle, cursor)
        cursor = start + 1
        return start, start + len(needle)

    found = [Entity(label, needle, *find(needle), norm) for label, needle, norm in entities]
    refs = []
    for fields, mentions in references:
        cursor = 0
        refs.append(Reference(**fields, mentions=[Mention(m, *find(m)) for m in mentions]))
    return Document(id="t", source="t.txt", text=text, metadata=metadata or Metadata(), sentences=sentences,
                    references=refs, entities=found)


def ref(type_, number=None, symbol=None, issuer=None, plenum=None, term=None, session=None, date=None,
        mentions=()) -> dict:
    return {"type": type_, "number": number, "symbol": symbol, "issuer": issuer, "plenum": plenum,
            "term": term, "session": session, "date": date, "mentions": list(mentions)}


# ------------------------------------------------------------- one document, every kind of mistake

HEADING = "I. KẾT QUẢ ĐẠT ĐƯỢC"
RESULTS = "Năm 2023, Ban Thường vụ Huyện ủy lãnh đạo kết nạp 52 đảng viên, đạt 98,5% kế hoạch."
PLAN = "Ban Thường vụ Huyện ủy ban hành Kế hoạch số 26-KH/HU;"
CELLS = ("các chi bộ thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị gắn với Nghị quyết "
         "Trung ương 4 khóa XII, tổ chức sinh hoạt chuyên đề đều đặn hằng tháng.")
WEAK = "Tuy nhiên, sinh hoạt chi bộ ở một số nơi còn hình thức."
AHEAD = ("Thời gian tới, đồng chí Nguyễn Văn An, Bí thư Huyện ủy yêu cầu tiếp tục thực hiện Chỉ thị 05, "
         "NQTW4 và qui định 102 tại Hưng Yên.")

GOLD = ev.Gold(
    name="vangiang",
    source=Path("vangiang.txt"),
    metadata={"title": "Báo cáo sơ kết công tác xây dựng Đảng năm 2023 của Huyện ủy Văn Giang",
              "date": "2023-12-20", "place": "huyện Văn Giang", "province": "Hưng Yên"},
    references=[
        ref("Chỉ thị", "5", "CT/TW", "Bộ Chính trị", date="2016-05-15",
            mentions=["Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", "Chỉ thị 05"]),
        ref("Nghị quyết", None, None, "Ban Chấp hành Trung ương", "4", "XII",
            mentions=["Nghị quyết Trung ương 4 khóa XII", "NQTW4"]),
        ref("Quy định", "102", mentions=["qui định 102"]),
        ref("Kế hoạch", "26", "KH/HU", mentions=["Kế hoạch số 26-KH/HU"]),
    ],
    entities=[
        {"label": "DATE", "text": "Năm 2023", "norm": {"iso": "2023"}},
        {"label": "ORG", "text": "Ban Thường vụ Huyện ủy", "norm": {"kind": "party"}},
        {"label": "COUNT", "text": "52 đảng viên", "norm": {"value": 52, "unit": "đảng viên"}},
        {"label": "PERCENT", "text": "98,5%", "norm": {"value": 98.5}},
        {"label": "ORG", "text": "Ban Thường vụ Huyện ủy", "norm": {"kind": "party"}},
        {"label": "ORG", "text": "Bộ Chính trị", "norm": {"kind": "party"}},
        {"label": "PER", "text": "Nguyễn Văn An", "norm": {"title": "Bí thư Huyện ủy"}},
    ],
    sentences=[{"text": HEADING, "label": "other"}, {"text": RESULTS, "label": "achievement"},
               {"text": f"{PLAN} {CELLS}", "label": "achievement"}, {"text": WEAK, "label": "shortcoming"},
               {"text": AHEAD, "label": "task"}],
)

PREDICTED = make_doc(
    # The splitter cut the third gold sentence at ';' and ran the last two together.
    [(HEADING, "other"), (RESULTS, "achievement"), (PLAN, "task"), (CELLS, "achievement"),
     (f"{WEAK} {AHEAD}", "task")],
    entities=[
        ("DATE", "Năm 2023", {"iso": "2023"}),
        ("ORG", "Ban Thường vụ Huyện ủy", {"kind": "party"}),  # the second one is missed
        ("COUNT", "52 đảng viên", {"value": 52.0, "unit": "đảng viên"}),
        ("PERCENT", "98,5%", {"value": 98.5}),
        ("ORG", "Bộ Chính trị", {"kind": "party"}),
        ("PER", "Nguyễn Văn An", {"title": "Bí thư"}),  # wrong title
        ("ORG", "Huyện ủy", {"kind": "party"}),  # spurious: a body inside a person's title
        ("LOC", "Hưng Yên", {}),  # spurious
    ],
    references=[
        # number with its leading zero; date missed; one of two mentions found
        ({"type": "Chỉ thị", "number": "05", "symbol": "CT/TW", "issuer": "Bộ Chính trị"},
         ["Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị"]),
        ({"type": "Nghị quyết", "issuer": "Ban Chấp hành Trung ương", "plenum": "4", "term": "XII"},
         ["Nghị quyết Trung ương 4 khóa XII", "NQTW4"]),
        # old spelling of the type; an issuer the text does not give
        ({"type": "Qui định", "number": "102", "issuer": "Bộ Chính trị"}, ["qui định 102"]),
        ({"type": "Quyết định", "number": "148"}, []),  # spurious; Kế hoạch 26 is missed
    ],
    metadata=Metadata(title="Báo cáo sơ kết công tác xây dựng Đảng năm 2023 của Huyện uỷ Văn Giang",
                      date="2023-12-20", place="Văn Giang", province="Hưng Yên"),
)


@pytest.fixture(scope="module")
def report() -> ev.Report:
    return ev.score([(GOLD, PREDICTED, None)])


def rows(frame, key: str) -> dict[str, dict]:
    return {r[key]: r for r in frame.to_dict("records")}


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


@pytest.mark.parametrize("label, gold, predicted, correct, precision, recall, f1, norm", [
    ("ORG", 3, 3, 2, 2 / 3, 2 / 3, 2 / 3, NAN),
    ("PER", 1, 1, 1, 1, 1, 1, 0),
    ("LOC", 0, 1, 0, 0, NAN, 0, NAN),
    ("COUNT", 1, 1, 1, 1, 1, 1, 1),
    ("PERCENT", 1, 1, 1, 1, 1, 1, 1),
    ("DATE", 1, 1, 1, 1, 1, 1, 1),
    ("DURATION", 0, 0, 0, NAN, NAN, NAN, NAN),
    ("overall", 7, 8, 6, 6 / 8, 6 / 7, 12 / 15, 3 / 4),
    ("ORG+PER+LOC", 4, 5, 3, 3 / 5, 3 / 4, 6 / 9, 0),
])
def test_entities(report, label, gold, predicted, correct, precision, recall, f1, norm):
    row = rows(report.entities, "label")[label]
    assert (row["system"], row["gold"], row["predicted"], row["correct"]) == ("baocao", gold, predicted, correct)
    for key, want in zip(("precision", "recall", "f1", "norm_accuracy"), (precision, recall, f1, norm)):
        assert same(row[key], want), key


@pytest.mark.parametrize("type_, gold, predicted, correct, f1, mention_recall", [
    ("Chỉ thị", 1, 1, 1, 1, 1 / 2),
    ("Nghị quyết", 1, 1, 1, 1, 1),
    ("Quy định", 1, 1, 1, 1, 1),  # 'Qui định' folds to 'Quy định'
    ("Kế hoạch", 1, 0, 0, 0, NAN),
    ("Quyết định", 0, 1, 0, 0, NAN),
    ("overall", 4, 4, 3, 3 / 4, 4 / 5),
])
def test_references(report, type_, gold, predicted, correct, f1, mention_recall):
    row = rows(report.references, "type")[type_]
    assert (row["gold"], row["predicted"], row["correct"]) == (gold, predicted, correct)
    assert same(row["f1"], f1) and same(row["mention_recall"], mention_recall)


def test_reference_fields(report):
    accuracy = {r["field"]: (r["matched"], r["correct"]) for r in report.fields.to_dict("records")}
    assert accuracy == {"symbol": (3, 3), "issuer": (3, 2), "plenum": (3, 3), "term": (3, 3),
                        "session": (3, 3), "date": (3, 2)}


@pytest.mark.parametrize("label, gold, predicted, correct, precision, recall, f1", [
    ("achievement", 2, 2, 2, 1, 1, 1),
    ("shortcoming", 1, 0, 0, NAN, 0, 0),
    ("task", 1, 2, 1, 1 / 2, 1, 2 / 3),
    ("other", 1, 1, 1, 1, 1, 1),
    ("macro", 5, 5, 4, (1 + 0 + 0.5 + 1) / 4, (1 + 0 + 1 + 1) / 4, (1 + 0 + 2 / 3 + 1) / 4),
])
def test_labels(report, label, gold, predicted, correct, precision, recall, f1):
    row = rows(report.labels, "label")[label]
    assert (row["gold"], row["predicted"], row["correct"]) == (gold, predicted, correct)
    for key, want in zip(("precision", "recall", "f1"), (precision, recall, f1)):
        assert same(row[key], want), key


def test_label_summary_and_confusion(report):
    s = report.summary
    assert s["labels_accuracy"] == pytest.approx(4 / 5)
    assert s["labels_macro_f1"] == pytest.approx(2 / 3)
    assert (s["sentences_aligned_exact"], s["sentences_aligned_split"]) == (2, 3)
    assert report.confusion.loc["shortcoming", "task"] == 1
    assert report.confusion.loc["achievement", "achievement"] == 2
    assert int(report.confusion.to_numpy().sum()) == 5


def test_metadata(report):
    assert {r["field"]: r["correct"] for r in report.metadata.to_dict("records")} == {
        "title": 1, "date": 1, "place": 0, "province": 1}  # 'Huyện uỷ' in the title is only a tone style
    assert report.summary["metadata_accuracy"] == pytest.approx(3 / 4)


@pytest.mark.parametrize("place, title, correct", [
    ("Huyện Văn Giang", GOLD.metadata["title"], {"place": 1, "title": 1}),  # place: case does not matter
    ("huyện  Văn Giang", GOLD.metadata["title"].upper(), {"place": 1, "title": 0}),  # title: it does
    (None, None, {"place": 0, "title": 0}),
])
def test_metadata_comparison(place, title, correct):
    doc = make_doc([(HEADING, "other")], metadata=Metadata(title=title, place=place))
    rows_ = ev.score([(GOLD, doc, None)]).metadata.to_dict("records")
    assert {r["field"]: r["correct"] for r in rows_ if r["field"] in correct} == correct


def test_errors_name_each_mistake(report):
    found = {(r["part"], r["kind"], r["label"], str(r["gold"] or r["predicted"]))
             for r in report.errors.to_dict("records")}
    assert {("entity", "missed", "ORG", "Ban Thường vụ Huyện ủy"), ("entity", "spurious", "LOC", "Hưng Yên"),
            ("entity", "spurious", "ORG", "Huyện ủy"), ("mention", "missed", "Chỉ thị 5 CT/TW", "Chỉ thị 05"),
            ("reference", "missed", "Kế hoạch 26 KH/HU", "Kế hoạch số 26-KH/HU"),
            ("reference field", "wrong", "Chỉ thị 5 CT/TW: date", "2016-05-15"),
            ("sentence", "wrong", "shortcoming", WEAK), ("metadata", "wrong", "place", "huyện Văn Giang"),
            } <= found
    assert len(report.errors) == 11  # 3 entities, 1 norm, 1 mention, 2 references, 2 fields, 1 sentence, 1 place


def test_json_and_printing(report):
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))  # NaN becomes null
    assert data["entities"]["baocao"]["LOC"]["recall"] is None
    assert data["references"]["overall"]["f1"] == pytest.approx(0.75)
    assert data["confusion"]["shortcoming"]["task"] == 1
    console = Console(record=True, width=160)
    print_report(report, console, verbose=True)
    text = console.export_text()
    assert "Sentence labels" in text and "accuracy 0.800, macro-F1 0.667" in text
    assert "missed   entity          ORG: 'Ban Thường vụ Huyện ủy'" in text
    assert "wrong    metadata        place: 'huyện Văn Giang' → 'Văn Giang'" in text


def test_missing_document_counts_everything_missed():
    result = ev.score([(GOLD, Document(id="", source="x", text=""), "cannot decode the file")])
    assert result.summary["entities_f1"] == 0 and result.summary["references_f1"] == 0
    assert result.summary["sentences_aligned_missing"] == 5
    assert result.confusion[ev.MISSING].sum() == 5
    assert ("document", "missing", "cannot decode the file") in set(
        zip(result.errors["part"], result.errors["kind"], result.errors["label"]))


# ------------------------------------------------------------- sentence alignment

A = "Đảng bộ huyện có 45 tổ chức cơ sở đảng với 3.120 đảng viên."
B = "Năm 2023, có 42/45 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
C = "Tuy nhiên, một số chi bộ chưa thực hiện nghiêm chế độ sinh hoạt định kỳ."


@pytest.mark.parametrize("pieces, sep, gold, expected", [
    # boundaries agree
    ([(A, "other"), (B, "achievement"), (C, "shortcoming")], " ", [A, B, C],
     [("other", "exact"), ("achievement", "exact"), ("shortcoming", "exact")]),
    # white space differs (a line break inside the body's sentence, a double space)
    ([(A.replace(" với", "\nvới"), "other"), (B, "achievement")], "  ", [A, B],
     [("other", "exact"), ("achievement", "exact")]),
    # the writer's tone style: gold 'Huyện uỷ', body 'Huyện ủy'
    ([("Huyện ủy chỉ đạo sơ kết.", "achievement")], " ", ["Huyện uỷ chỉ đạo sơ kết."], [("achievement", "exact")]),
    # the splitter cut one gold sentence in two: the label covering most of it wins
    ([("Năm 2023,", "other"), ("có 42/45 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.", "achievement")], " ", [B],
     [("achievement", "split")]),
    # the splitter ran two gold sentences together: both get its label
    ([(f"{B} {C}", "shortcoming")], " ", [B, C], [("shortcoming", "split"), ("shortcoming", "split")]),
    # the cleaner changed the text: the sentence sharing the most words
    ([(A, "other"), (B, "achievement")], " ", ["Năm 2023, có 42/45 tổ chức cơ sở đảng hoàn thành nhiệm vụ."],
     [("achievement", "overlap")]),
    # nothing in common
    ([(A, "other")], " ", ["Kính chúc các đồng chí mạnh khỏe."], [(ev.MISSING, "missing")]),
    # a repeated heading is found in order
    ([("Ưu điểm", "other"), (B, "achievement"), ("Ưu điểm", "achievement")], "\n", ["Ưu điểm", B, "Ưu điểm"],
     [("other", "exact"), ("achievement", "exact"), ("achievement", "exact")]),
])
def test_align_labels(pieces, sep, gold, expected):
    assert ev.align_labels(gold, make_doc(pieces, sep)) == expected


# ------------------------------------------------------------- the underthesea.ner baseline

TAGGED_TEXT = "Đồng chí Lê  Văn Khải làm việc với Đảng uỷ phường Bạch Sam tại Hưng Yên về Covid."
TAGGED = [("Đồng chí", "N", "B-NP", "O"), ("Lê Văn Khải", "Np", "B-NP", "B-PER"), ("làm việc", "V", "B-VP", "O"),
          ("với", "E", "B-PP", "O"), ("Đảng", "N", "B-NP", "B-ORG"), ("ủy", "N", "B-NP", "B-LOC"),
          ("phường", "N", "B-NP", "I-LOC"), ("Bạch Sam", "Np", "B-NP", "I-LOC"), ("xyz", "N", "B-NP", "B-PER"),
          ("tại", "E", "B-PP", "O"), ("Hưng Yên", "Np", "B-NP", "I-LOC"), ("về", "E", "B-PP", "O"),
          ("Covid", "Np", "B-NP", "B-MISC"), (".", "CH", "O", "O")]


def test_tag_spans():
    # 'Lê  Văn Khải' keeps its double space; 'uỷ' is found through fold; the unknown 'xyz' is passed
    # over; an I- tag after O starts a span; MISC is not scored.
    assert [(e.label, e.text) for e in tag_spans(TAGGED_TEXT, TAGGED)] == [
        ("PER", "Lê  Văn Khải"), ("ORG", "Đảng"), ("LOC", "uỷ phường Bạch Sam"), ("LOC", "Hưng Yên")]
    for e in tag_spans(TAGGED_TEXT, TAGGED):
        assert TAGGED_TEXT[e.start:e.end] == e.text


def test_ner_entities_with_underthesea():
    text = "Chiều 12/6, đồng chí Nguyễn Văn An làm việc với Đảng ủy xã Phụng Công tại Hưng Yên."
    doc = make_doc([("Mở đầu.", "other"), (text, "other")])
    found = ner_entities(doc)
    assert ("LOC", "Hưng Yên") in [(e.label, e.text) for e in found]
    assert all(doc.text[e.start:e.end] == e.text and e.label in ev.NER_LABELS for e in found)


def test_baseline_rows_are_scored_on_org_per_loc():
    fake = lambda doc: [Entity("LOC", "Hưng Yên", 0, 0), Entity("PER", "Nguyễn Văn An", 0, 0)]
    result = ev.score([(GOLD, PREDICTED, None)], baseline=fake)
    base = {r["label"]: r for r in result.entities.to_dict("records") if r["system"] == "underthesea"}
    assert set(base) == {"ORG", "PER", "LOC", "overall"}
    assert (base["overall"]["gold"], base["overall"]["predicted"], base["overall"]["correct"]) == (4, 2, 1)
    assert math.isnan(base["PER"]["norm_accuracy"])  # a baseline has no norms to check
    assert result.summary["baseline_ner_f1"] == pytest.approx(2 / 6)
    assert len(result.errors) == 11  # the baseline's mistakes are not listed


# ------------------------------------------------------------- gold files and the command

runner = CliRunner()


@pytest.mark.parametrize("content, message", [
    ("{", "not a gold file"),
    ('{"metadata": {}}', "no 'source' path"),
    ('[]', "no 'source' path"),
    ('{"source": "nowhere.txt"}', "source nowhere.txt not found"),
    ('{"source": "%s", "entities": [{"label": "ORG"}]}', "every item of 'entities' needs a string label and text"),
])
def test_bad_gold(tmp_path, content, message):
    source = tmp_path / "doc.txt"
    source.write_text("Nội dung.", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "doc.json").write_text(content.replace("%s", str(source)), encoding="utf-8")
    with pytest.raises(ev.GoldError, match=message):
        ev.load_gold(tmp_path / "gold")
    result = runner.invoke(app, ["eval", str(tmp_path / "gold")])
    output = " ".join(result.output.split())  # rich wraps long lines
    assert result.exit_code == 1 and output.startswith("error:") and message in output
    assert "Traceback" not in output


def test_empty_gold_dir(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1 and "no gold files" in result.output


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """One run of the command on corpora/gold (with the baseline; the classifier tests its own figures)."""
    metrics = tmp_path_factory.mktemp("eval") / "metrics.json"
    result = runner.invoke(app, ["eval", str(GOLD_DIR), "--json", str(metrics), "--verbose"])
    return result, metrics


def test_eval_command_on_corpus_gold(corpus_run):
    result, metrics = corpus_run
    assert result.exit_code == 0, result.output
    for title in ("Entities", "References", "Reference fields", "Sentence labels", "Confusion", "Metadata"):
        assert title in result.output
    data = json.loads(metrics.read_text(encoding="utf-8"))
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]
    assert data["documents"] == len(golds)
    assert data["entities"]["baocao"]["overall"]["gold"] == sum(len(g["entities"]) for g in golds)
    assert data["entities"]["underthesea"]["overall"]["gold"] == sum(
        e["label"] in ev.NER_LABELS for g in golds for e in g["entities"])
    assert data["references"]["overall"]["gold"] == sum(len(g["references"]) for g in golds)
    assert data["labels"]["macro"]["gold"] == sum(len(g["sentences"]) for g in golds)
    for system in data["entities"].values():
        for row in system.values():
            assert all(v is None or 0 <= v <= 1 for k, v in row.items() if k in ("precision", "recall", "f1"))
    if data["summary"]["entities_f1"] < 1:  # the per-document listing
        assert "─ " in result.output and ("missed   entity" in result.output or "spurious entity" in result.output)
