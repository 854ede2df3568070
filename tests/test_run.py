"""`baocao run` and `baocao analyze` on bad input: one line per problem, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

GOOD = ("Báo cáo sơ kết công tác xây dựng Đảng quý I năm 2022\n\n"
        "Trong quý I, Đảng ủy phường 7 đã kết nạp 5 đảng viên mới, đạt 125% chỉ tiêu. "
        "Ban Chấp hành Đảng bộ phường tập trung lãnh đạo công tác phòng, chống dịch.\n")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "good.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "sub" / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inputs / "invalid.txt").write_bytes(GOOD.encode("utf-8")[:-30] + b"\xff\xfe\xc3" + b"\n")
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04 not a report")
    (inputs / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (inputs / "records.jsonl").write_text(
        json.dumps({"url": "http://x.vn/1", "title": "Tin 1", "content": GOOD}, ensure_ascii=False)
        + "\n{not json\n" + json.dumps({"url": "http://x.vn/2", "title": "Tin 2"}) + "\n", encoding="utf-8")
    return inputs


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_run_skips_bad_input_and_counts_it(folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("run", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    documents = [json.loads(line) for line in lines]
    sources = sorted(Path(d["source"]).name for d in documents)
    # the good file, the record with content, and the file with a few invalid bytes
    assert sources == ["good.txt", "invalid.txt", "records.jsonl#0"]
    for reason in ("empty file", "binary", "cannot read file", "invalid JSON", "record has no text"):
        assert reason in result.output, reason
    assert "unsupported file type" not in result.output  # inside a folder: passed over silently
    assert "3 documents done, 5 skipped" in result.output
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_run_exits_non_zero_when_nothing_processed(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("run", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "0 documents done, 1 skipped" in result.output
    assert "Traceback" not in result.output


def test_huge_file_is_skipped_with_a_message(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    huge.write_text("Đảng bộ quận tiếp tục lãnh đạo thực hiện nhiệm vụ chính trị. " * 350_000, encoding="utf-8")
    assert huge.stat().st_size > 20 * 2**20
    result = run("run", str(huge), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "too long" in result.output and "no such file" in result.output


def test_failed_run_keeps_previous_output(tmp_path: Path, folder: Path, monkeypatch):
    out = tmp_path / "out"
    assert run("run", str(folder / "good.txt"), "--out", str(out)).exit_code == 0
    before = (out / "documents.jsonl").read_bytes()

    import pipeline.analyze

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.analyze, "analyze_path", explode)
    with pytest.raises(KeyboardInterrupt):
        pipeline.analyze.run([folder], out)
    assert (out / "documents.jsonl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    result = run("run", str(tmp_path), "--out", str(tmp_path / "out"))
    assert "cannot read file" in result.output


def test_analyze_json_is_the_contract(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("analyze", str(path), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) >= {"id", "source", "metadata", "text", "sentences", "references", "entities"}
    assert set(document["metadata"]) >= {"title", "date", "place", "province"}
    for sentence in document["sentences"]:
        assert document["text"][sentence["start"]:sentence["end"]] == sentence["text"]
        assert sentence["label"] in {"achievement", "shortcoming", "task", "other"}
    assert document["metadata"]["title"] == "Báo cáo sơ kết công tác xây dựng Đảng quý I năm 2022"


def test_every_command_has_help():
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():
        assert sub.help, f"{name} has no help"
        assert run(name, "--help").exit_code == 0


def test_rerun_is_incremental_and_identical(folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("run", str(folder), "--out", str(out)).exit_code == 0
    first = (out / "documents.jsonl").read_bytes()
    again = run("run", str(folder), "--out", str(out))
    assert "3 documents done (3 unchanged)" in again.output
    assert (out / "documents.jsonl").read_bytes() == first

    (folder / "good.txt").write_text(GOOD.replace("5 đảng viên", "7 đảng viên"), encoding="utf-8")
    (folder / "records.jsonl").unlink()
    changed = run("run", str(folder), "--out", str(out))  # the corpus is additive: records.jsonl stays
    assert "2 documents done (1 unchanged)" in changed.output and "1 of earlier runs kept" in changed.output
    pruned = run("run", str(folder), "--out", str(out), "--prune")
    assert "1 of files not given removed" in " ".join(pruned.output.split())
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert [Path(d["source"]).name for d in documents] == ["good.txt", "invalid.txt"]
    assert "7 đảng viên" in documents[0]["text"]


def test_a_run_of_one_file_keeps_the_corpus_of_earlier_runs(folder: Path, tmp_path: Path, monkeypatch):
    """Additive by default, keyed on resolved paths: a relative path finds what an absolute path stored."""
    out = tmp_path / "out"
    assert run("run", str(folder), "--out", str(out)).exit_code == 0
    before = (out / "documents.jsonl").read_text("utf-8").splitlines()
    monkeypatch.chdir(folder)
    again = run("run", "good.txt", "--out", str(out))
    assert "1 document done (1 unchanged)" in again.output
    assert (out / "documents.jsonl").read_text("utf-8").splitlines() == before


def test_a_run_inside_its_input_folder_never_reads_its_own_output(tmp_path, monkeypatch):
    """`baocao run .` with the default --out build: re-runs keep the same documents, corpus.db and
    other files no reader takes are passed over silently."""
    (tmp_path / "report.txt").write_text("Năm 2024, Đảng bộ phường đã kết nạp 12 đảng viên mới.\n", encoding="utf-8")
    (tmp_path / "notes.db").write_bytes(b"SQLite format 3\x00")
    monkeypatch.chdir(tmp_path)
    for _ in range(3):
        result = CliRunner().invoke(app, ["run", "."])
        assert result.exit_code == 0, result.output
        assert "skipped (" not in result.output
    lines = (tmp_path / "build" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1


def test_a_file_named_on_its_own_is_reported_whatever_its_type(tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = run("run", str(tmp_path / "photo.png"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "unsupported file type" in result.output


def test_a_missing_input_is_one_message_and_leaves_no_empty_output(tmp_path: Path):
    out = tmp_path / "out"
    result = run("run", str(tmp_path / "nofile.txt"), "--out", str(out))
    assert result.exit_code == 1
    assert "0 documents done, 1 skipped (1 no such file or folder)" in " ".join(result.output.split())
    assert not out.exists()
    (tmp_path / "good.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    result = run("run", str(tmp_path / "nofile.txt"), str(tmp_path / "good.txt"), "--out", str(out))
    assert result.exit_code == 0
    assert "1 document done, 1 skipped" in " ".join(result.output.split())


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\n3 documents done.txt").write_bytes(b"")
    result = run("run", str(folder), "--out", str(tmp_path / "out"))
    assert not any(line.startswith("3 documents done") for line in result.output.splitlines())


def test_a_second_run_into_a_held_folder_says_so(tmp_path: Path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "good.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    with open(out / ".baocao.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a run in another process would
        result = run("run", str(tmp_path / "good.txt"), "--out", str(out))
    assert result.exit_code == 2 and "another run is writing" in result.output


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".documents.jsonl.abc123.tmp").write_text("half a line", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    assert run("run", str(tmp_path / "good.txt"), "--out", str(out)).exit_code == 0
    assert not list(out.glob("*.tmp"))


def test_out_pointing_at_a_file_is_one_line(tmp_path: Path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run("run", str(tmp_path / "file"), "--out", str(tmp_path / "file"))
    assert result.exit_code == 2 and "is a file, not a folder" in result.output and "Traceback" not in result.output


def test_a_file_name_that_is_not_utf8_loses_no_file(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    (Path(os.fsdecode(bytes(folder) + b"/x\xfe.txt"))).write_text("Tuy nhiên, còn hạn chế.\n", encoding="utf-8")
    result = run("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in (tmp_path / "out" / "documents.jsonl").open(encoding="utf-8")]
    assert len(sources) == 2 and any(s.endswith("x\\xfe.txt") for s in sources)


def test_a_folder_that_cannot_be_read_is_reported(tmp_path: Path, monkeypatch):
    """Fault injection (root reads every folder): listing one sub-folder fails."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "a.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    (folder / "good.txt").write_text("Năm 2024, Đảng bộ đã kết nạp 12 đảng viên mới.\n", encoding="utf-8")
    scandir = os.scandir

    def refuse(path=".", *args):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refuse)
    result = run("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "locked: cannot read folder" in " ".join(result.output.split())
    assert "1 document done, 1 skipped" in " ".join(result.output.split())


def test_progress_off_a_terminal_counts_documents(tmp_path: Path, monkeypatch):
    """In a pipe the run prints a plain progress line; a crawl dump counts as its records."""
    import dataclasses

    import pipeline.cli

    monkeypatch.setattr(pipeline.cli, "SETTINGS", dataclasses.replace(pipeline.cli.SETTINGS, progress_seconds=0))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "b.jsonl").write_text("".join(
        json.dumps({"url": f"http://x.vn/{i}", "title": f"Tin {i}", "content": GOOD}, ensure_ascii=False) + "\n"
        for i in range(3)) + "{not json\n", encoding="utf-8")
    result = run("run", str(inputs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    progress = [line for line in result.output.splitlines() if line.startswith("analysing:")]
    assert progress == ["analysing: 1/5 documents", "analysing: 5/5 documents"]
    assert "4 documents done, 1 skipped" in result.output
