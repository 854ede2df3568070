"""`baocao run` at scale: worker processes and Dask give the output of one process, and a run
killed with SIGKILL resumes to the same outputs as a run never interrupted."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.analyze import run
from pipeline.engines import Engine, EngineError
from pipeline.store import TABLES

ROOT = Path(__file__).resolve().parent.parent

# Sentences written for these tests in the style of district reports; files recombine them.
SENTENCES = [
    "Năm {year}, Đảng bộ phường {ward} lãnh đạo hoàn thành {n} chỉ tiêu chủ yếu của Nghị quyết Đại hội.",
    "Ban Thường vụ Quận ủy {district} đã kiểm tra {n} tổ chức đảng và {m} đảng viên.",
    "Toàn Đảng bộ kết nạp {m} đảng viên mới, đạt {p},5% kế hoạch năm.",
    "Công tác học tập, quán triệt Chỉ thị 05-CT/TW của Bộ Chính trị được triển khai đến {n} chi bộ.",
    "Tuy nhiên, việc sinh hoạt chi bộ ở một số nơi còn hình thức, chất lượng chưa cao.",
    "Một số cấp ủy chưa quan tâm đúng mức đến công tác phát triển đảng viên trong doanh nghiệp.",
    "Thời gian tới, cần tiếp tục đẩy mạnh cải cách hành chính và chuyển đổi số.",
    "Đồng chí Trần Văn {name}, Bí thư Đảng ủy phường, phát biểu chỉ đạo hội nghị.",
    "Ủy ban Kiểm tra Quận ủy thi hành kỷ luật {n} đảng viên vi phạm.",
    "Phấn đấu đến năm {next} có {p}% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
]
DISTRICTS = ["Ba Đình", "Cầu Giấy", "Long Biên", "Hoàng Mai", "Tây Hồ"]
NAMES = ["Hùng", "Nam", "Bình", "Lâm", "Phúc"]


def write_corpus(folder: Path, files: int, sentences: int = 12, seed: int = 0) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        year = rng.randint(2005, 2023)
        values = {"year": year, "next": year + 5, "ward": rng.randint(1, 15), "district": rng.choice(DISTRICTS),
                  "name": rng.choice(NAMES), "n": rng.randint(3, 90), "m": rng.randint(2, 40), "p": rng.randint(60, 99)}
        body = [rng.choice(SENTENCES).format(**values) for _ in range(sentences)]
        paragraphs = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
        title = f"Báo cáo kết quả công tác xây dựng Đảng năm {year} của Đảng bộ phường {values['ward']}"
        (folder / f"bao-cao-{i:03d}.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    return folder


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (and of the input file list), in a stable order."""
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in (*TABLES, "sources")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), files=8, sentences=6)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> Path:
    """The output of one process, the one every engine must reproduce."""
    out = tmp_path_factory.mktemp("one")
    summary = run([corpus], out)
    assert summary.documents == 8 and not summary.skipped
    return out


def test_worker_processes_give_the_same_output(corpus: Path, reference: Path, tmp_path: Path):
    summary = run([corpus], tmp_path, workers=2)
    assert summary.documents == 8
    assert (tmp_path / "documents.jsonl").read_bytes() == (reference / "documents.jsonl").read_bytes()
    assert dump(tmp_path / "corpus.db") == dump(reference / "corpus.db")


def test_dask_cluster_gives_the_same_output(corpus: Path, reference: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        summary = run([corpus], tmp_path, engine="dask", scheduler=cluster.scheduler_address)
    assert summary.documents == 8
    assert (tmp_path / "documents.jsonl").read_bytes() == (reference / "documents.jsonl").read_bytes()
    assert dump(tmp_path / "corpus.db") == dump(reference / "corpus.db")


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "spark"}, "unknown engine 'spark'"),
    ({"workers": 0}, "--workers must be at least 1"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler needs --engine dask"),
])
def test_engine_errors_are_one_line(kwargs, message):
    with pytest.raises(EngineError, match=message):
        Engine(**kwargs)


def test_unreachable_scheduler_is_one_error():
    pytest.importorskip("distributed")
    with Engine("dask", scheduler="tcp://127.0.0.1:9", timeout=1) as engine:
        with pytest.raises(EngineError, match="cannot reach the Dask scheduler tcp://127.0.0.1:9"):
            engine.submit("a.txt", b"")


def test_cli_reports_engine_errors_in_one_line(corpus: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(tmp_path), "--workers", "0"])
    assert result.exit_code == 2
    assert "error: --workers must be at least 1" in result.output and "Traceback" not in result.output


def test_killed_run_resumes_to_identical_outputs(tmp_path: Path):
    corpus = write_corpus(tmp_path / "in", files=40, sentences=12, seed=1)
    whole = tmp_path / "whole"
    run([corpus], whole)

    out = tmp_path / "killed"
    # `baocao run`, committing after every file (not every second), so that a small corpus
    # is enough to catch the run with some files stored.
    command = [sys.executable, "-c", "import sys, dataclasses, pipeline.analyze, pipeline.cli; "
               "pipeline.analyze.SETTINGS = dataclasses.replace(pipeline.analyze.SETTINGS, commit_seconds=0); "
               "sys.argv[0] = 'baocao'; pipeline.cli.app()",
               "run", str(corpus), "--out", str(out)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored, deadline = 0, time.monotonic() + 120
    try:
        while stored < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            stored = _stored_files(out / "corpus.db")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert 3 <= _stored_files(out / "corpus.db") < 40
    assert not (out / "documents.jsonl").exists()

    summary = run([corpus], out)
    assert summary.reused >= 3 and not summary.skipped
    assert (out / "documents.jsonl").read_bytes() == (whole / "documents.jsonl").read_bytes()
    assert dump(out / "corpus.db") == dump(whole / "corpus.db")
    assert not [p for p in out.iterdir() if p.name.endswith((".tmp", "-journal"))]


def _stored_files(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.2) as conn:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0


def test_unchanged_rerun_reads_the_store_only(corpus: Path, reference: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("corpus.db", "documents.jsonl"):
        (out / name).write_bytes((reference / name).read_bytes())
    import pipeline.engines

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged file was analysed again")

    monkeypatch.setattr(pipeline.analyze, "analyse_file", fail)
    summary = run([corpus], out)
    assert (summary.documents, summary.reused) == (8, 8)
    assert (out / "documents.jsonl").read_bytes() == (reference / "documents.jsonl").read_bytes()



def test_workers_end_with_their_parent(tmp_path):
    """kill -9 of `baocao run --workers 2` leaves no worker process (nor fork server) behind."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(300):
        (folder / f"{i}.txt").write_text(f"Năm 2024, Đảng bộ phường {i} đã kết nạp {i} đảng viên mới.\n", encoding="utf-8")
    code = "from pipeline.cli import app; app()"
    parent = subprocess.Popen([sys.executable, "-c", code, "run", str(folder), "--out", str(tmp_path / "out"),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def descendants(pid: int) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        return [d for child in map(int, found) for d in (child, *descendants(child))]

    def workers() -> list[int]:  # the workers, and the fork server they come from where there is one
        return descendants(parent.pid)

    deadline = time.monotonic() + 120
    while len(workers()) < 3 and time.monotonic() < deadline and parent.poll() is None:
        time.sleep(0.2)
    children = workers()
    if parent.poll() is not None or not children:
        import pytest

        pytest.skip("the run ended before its workers could be seen")
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    def running(pid: int) -> bool:  # a zombie waiting to be reaped has ended
        try:
            return "\tZ" not in (Path("/proc") / str(pid) / "status").read_text().split("State:")[1][:4]
        except (OSError, IndexError):
            return False

    deadline = time.monotonic() + 60  # a busy machine may take a while to deliver the signal
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert [pid for pid in children if running(pid)] == []


def write_dump(path: Path, records: int) -> Path:
    """A crawl dump: a JSON list of records, each a report made of the sentences above."""
    rng = random.Random(records)
    items = [{"url": f"https://dangbo.example.vn/tin/{i}", "title": f"Tin công tác Đảng số {i}",
              "content": " ".join(rng.choice(SENTENCES).format(year=2020, next=2025, ward=i, district="Tây Hồ",
                                                                name="Nam", n=i + 3, m=i + 2, p=80)
                                  for _ in range(4))} for i in range(records)]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def batches_of_three(monkeypatch):
    import dataclasses

    import pipeline.analyze

    monkeypatch.setattr(pipeline.analyze, "SETTINGS",
                        dataclasses.replace(pipeline.analyze.SETTINGS, batch_records=3, batch_min_bytes=0))


def test_large_dump_is_stored_in_batches_with_the_same_output(tmp_path: Path, request):
    (tmp_path / "in").mkdir()
    dump_file = write_dump(tmp_path / "in" / "dump.json", 7)
    whole = tmp_path / "whole"
    run([dump_file], whole)
    with sqlite3.connect(whole / "corpus.db") as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1

    request.getfixturevalue("batches_of_three")
    out = tmp_path / "batched"
    summary = run([dump_file], out)
    assert summary.documents == 7
    with sqlite3.connect(out / "corpus.db") as conn:
        units = [path.rsplit("#", 1)[1] for (path,) in conn.execute("SELECT path FROM sources ORDER BY path")]
    assert units == ["000000000", "000000003", "000000006"]
    assert (out / "documents.jsonl").read_bytes() == (whole / "documents.jsonl").read_bytes()

    # the file changes under the same name: the batches it no longer has go, with their documents
    run([write_dump(dump_file, 2)], out)
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["source"].rsplit("#", 1)[1] for line in lines] == ["0", "1"]
    with sqlite3.connect(out / "corpus.db") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


class Stopped(Exception):
    pass


def test_run_stopped_inside_a_dump_resumes_from_its_last_batch(tmp_path: Path, batches_of_three, monkeypatch):
    (tmp_path / "in").mkdir()
    dump_file = write_dump(tmp_path / "in" / "dump.json", 8)
    import pipeline.engines

    analyse, calls, stop_at = pipeline.analyze.analyse_file, [], [2]

    def stop_at_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) in stop_at:
            raise Stopped  # a Ctrl-C, a failed worker, while the second batch is analysed
        return analyse(*args, **kwargs)

    monkeypatch.setattr(pipeline.analyze, "analyse_file", stop_at_second_batch)
    out = tmp_path / "out"
    with pytest.raises(Stopped):
        run([dump_file], out)
    assert _stored_files(out / "corpus.db") == 1  # the first batch was kept

    calls.clear()
    stop_at.clear()
    summary = run([dump_file], out)
    assert (summary.reused, summary.documents, len(calls)) == (3, 8, 2)
    fresh = tmp_path / "fresh"
    run([dump_file], fresh)
    assert (out / "documents.jsonl").read_bytes() == (fresh / "documents.jsonl").read_bytes()
