"""`baocao stage`: one stage at a time, JSONL in and out, for the DVC pipeline.

Chaining the stages must give exactly what `baocao run` gives; outputs must not depend on
when or where they were made; bad input is one line, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import analyze
from pipeline.analyze import analyze_path
from pipeline.cli import app
from pipeline.model import Document, Sentence
from pipeline.query import compare
from pipeline.stage import StageError, run_stage
from pipeline.store import connect

REPORT = ("Báo cáo sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2021\n\n"
          "Đảng ủy phường Tân Định đã lãnh đạo thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị; "
          "trong 6 tháng, kết nạp 7 đảng viên mới, đạt 116% chỉ tiêu.\n\n"
          "Tuy nhiên, việc sinh hoạt chuyên đề ở một số chi bộ còn hình thức.\n\n"
          "Thời gian tới, tiếp tục quán triệt Nghị quyết Trung ương 4 khóa XII.\n")
NOTICE = ("Thông báo kết quả kiểm tra\n\n"
          "Ủy ban Kiểm tra Quận ủy Bình Thạnh đã kiểm tra 12 tổ chức đảng và 35 đảng viên "
          "khi có dấu hiệu vi phạm, kết luận 4 đảng viên có vi phạm đến mức phải thi hành kỷ luật.\n")


@pytest.fixture()
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two reports and a file the cleaner cannot read, in a folder named relative to the cwd."""
    monkeypatch.chdir(tmp_path)
    folder = Path("reports")
    folder.mkdir()
    (folder / "phuong-tan-dinh-2021.txt").write_text(REPORT, encoding="utf-8")
    (folder / "binh-thanh-kiem-tra.md").write_text(NOTICE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def chain(inputs: Path, out: Path) -> Path:
    """clean, then every stage `baocao run` applies, each from the previous one's file."""
    path = out / "clean.jsonl"
    run_stage("clean", [inputs], path)
    for step in analyze.stages():
        path, previous = out / f"{step.__name__}.jsonl", path
        run_stage(step.__name__, [previous], path)
    return path


def test_chained_stages_equal_baocao_run(inputs: Path):
    last = chain(inputs, Path("a"))
    expected = [d.to_dict() for p in sorted(inputs.iterdir()) for d in analyze_path(p)
                if isinstance(d, Document)]
    got = [json.loads(line) for line in last.read_text("utf-8").splitlines()]
    assert got == expected
    assert [Path(d["source"]).name for d in got] == ["binh-thanh-kiem-tra.md", "phuong-tan-dinh-2021.txt"]


def test_outputs_are_deterministic_and_relative(inputs: Path, tmp_path: Path):
    first, second = chain(inputs, Path("a")), chain(inputs, Path("b"))
    assert first.read_bytes() == second.read_bytes()
    assert str(tmp_path) not in first.read_text("utf-8")
    run_stage("store", [first], Path("a/corpus.db"))
    run_stage("store", [second], Path("b/corpus.db"))
    assert Path("a/corpus.db").read_bytes() == Path("b/corpus.db").read_bytes()
    table = compare(Path("a/corpus.db"), "place")
    assert table["documents"].sum() == 2


def test_clean_skips_what_it_cannot_read(inputs: Path):
    summary = run_stage("clean", [inputs], Path("clean.jsonl"))
    assert summary.documents == 2
    assert [(Path(s.source).name, s.reason) for s in summary.skipped] == [("empty.txt", "empty file")]
    assert summary.line() == "clean: 2 documents, 1 skipped -> clean.jsonl"


def test_store_replaces_an_earlier_database(inputs: Path):
    run_stage("segment", [run_stage("clean", [inputs], Path("c.jsonl")).output], Path("s.jsonl"))
    Path("corpus.db").write_bytes(b"an old file in the way")
    assert run_stage("store", [Path("s.jsonl")], Path("corpus.db")).documents == 2
    sentences = sum(len(json.loads(line)["sentences"]) for line in Path("s.jsonl").open(encoding="utf-8"))
    conn = connect(Path("corpus.db"))
    assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == sentences >= 4
    conn.close()
    assert sorted(p.name for p in Path().iterdir()) == ["c.jsonl", "corpus.db", "reports", "s.jsonl"]


def test_an_unknown_stage_is_one_line_before_any_input_is_read():
    with pytest.raises(StageError) as raised:
        run_stage("tokenize", [Path("missing.jsonl")], Path("out.jsonl"))
    assert str(raised.value) == "unknown stage 'tokenize': use one of clean, segment, extract, classify, store"


@pytest.mark.parametrize("lines, error", [
    (['{"id": "a", "source": "a.txt", "text": "Một câu."}', "{not json"],
     "bad.jsonl:2: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    (['{"id": "a", "source": "a.txt"}'], "bad.jsonl:1: document a: not a contract document (missing field 'text')"),
    (["[1, 2]"], "bad.jsonl:1: document None: not a contract document (list indices must be integers or "
                 "slices, not str)"),
])
def test_bad_jsonl_is_one_line(lines: list[str], error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StageError) as raised:
        run_stage("segment", [Path("bad.jsonl")], Path("out.jsonl"))
    assert str(raised.value) == error
    assert not Path("out.jsonl").exists() and not list(tmp_path.glob(".out.jsonl.*"))


@pytest.mark.parametrize("args, error", [
    (["stage", "tokenize", "in.txt", "out.jsonl"], "unknown stage 'tokenize'"),
    (["stage", "segment", "nowhere.jsonl", "out.jsonl"], "no such file or folder: nowhere.jsonl"),
    (["stage", "store", "bad.jsonl", "corpus.db"], "bad.jsonl:1: Expecting value"),
])
def test_cli_errors_are_one_line(args: list[str], error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.jsonl").write_text("nonsense\n", encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and error in lines[0], result.output


def test_cli_stage_reports_counts(inputs: Path):
    result = CliRunner().invoke(app, ["stage", "clean", str(inputs), "out/clean.jsonl"])
    assert result.exit_code == 0, result.output
    assert "skipped reports/empty.txt: empty file" in result.output
    assert result.output.strip().endswith("clean: 2 documents, 1 skipped -> out/clean.jsonl")


# ---------------------------------------------------------------- Document.from_dict


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("doc") / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    [document] = analyze.analyze(path)
    return document


def test_from_dict_inverts_to_dict(analysed: Document):
    data = json.loads(json.dumps(analysed.to_dict(), ensure_ascii=False))
    again = Document.from_dict(data)
    assert again == analysed  # token offsets, found again, included
    assert again.to_dict() == data
    assert all(len(s.token_offsets) == len(s.tokens) > 0 for s in again.sentences)


def test_from_dict_keeps_added_fields_of_references():
    data = {"type": "Chỉ thị", "number": "5", "symbol": "CT/TW", "canonical": "05-CT/TW",
            "mentions": [{"text": "Chỉ thị 05", "start": 3, "end": 13}], "gazetteer": {"subject": "Học tập"}}
    doc = Document.from_dict({"id": "x", "source": "x.txt", "text": "Về Chỉ thị 05.", "references": [data]})
    [ref] = doc.references
    assert ref.extra == {"gazetteer": {"subject": "Học tập"}}
    assert ref.to_dict() == {**data, "issuer": None, "plenum": None, "term": None, "session": None, "date": None}


@pytest.mark.parametrize("text, tokens, offsets", [
    ("Chi bộ  họp.", ["Chi bộ", "họp", "."], [(0, 6), (8, 11), (11, 12)]),
    ("Chi bộ họp.", ["Chi_bộ", "họp"], []),  # tokens that are not slices of the text
    ("Chi bộ họp.", [], []),
])
def test_token_offsets_found_again(text: str, tokens: list[str], offsets: list[tuple[int, int]]):
    doc_text = "Mở đầu. " + text
    data = {"text": text, "start": 8, "end": 8 + len(text), "tokens": tokens}
    assert Sentence.from_dict(data, doc_text).token_offsets == [(a + 8, b + 8) for a, b in offsets]
    assert Sentence.from_dict(data).token_offsets == [(a + 8, b + 8) for a, b in offsets]
