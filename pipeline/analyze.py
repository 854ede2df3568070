"""Run the stages over files: the Python API behind `baocao analyze` and `baocao run`.

Bad input never stops a run: a file or record that cannot be analysed becomes a
`Skipped` with a one-line reason, and the run goes on. Output files are written to a
temporary file and renamed, so a killed run never leaves a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.clean import clean
from pipeline.model import Document
from pipeline.readers import (
    BadInput,
    RawDocument,
    iter_files,
    load,
    parse,
    path_name,
    read,
)
from pipeline.segment import segment
from pipeline.settings import SETTINGS

if TYPE_CHECKING:
    from pipeline.engines import Pending

Stage = Callable[[Document], Document]
# Part of every file's content hash: a new version re-analyses files of earlier runs
# (within one version, `baocao run --force` does).
try:
    PIPELINE_VERSION = version("baocao")
except PackageNotFoundError:  # run from a source tree that is not installed
    PIPELINE_VERSION = "dev"


@dataclass
class Skipped:
    source: str
    reason: str


@dataclass
class Summary:
    documents: int = 0
    reused: int = 0  # documents taken unchanged from an earlier run
    earlier: int = 0  # documents of earlier runs' other files, kept in the corpus
    pruned: int = 0  # documents removed by --prune
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        reasons = Counter(s.reason.split(" (")[0] for s in self.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        skipped = f"{len(self.skipped)} skipped" + (f" ({why})" if why else "")
        reused = f" ({self.reused} unchanged)" if self.reused else ""
        noun = "document" if self.documents == 1 else "documents"
        kept = f"; {self.earlier} of earlier runs kept (--prune removes them)" if self.earlier else ""
        pruned = f"; {self.pruned} of files not given removed" if self.pruned else ""
        return f"{self.documents} {noun} done{reused}, {skipped}{kept}{pruned}, {self.seconds:.1f} s"


def stages() -> list[Stage]:
    """The stages after cleaning, in order."""
    from pipeline.classify import classify
    from pipeline.extract import extract

    return [segment, extract, classify]


def analyze_raw(raw: RawDocument, steps: Iterable[Stage] | None = None) -> Document:
    document = clean(raw)
    for step in stages() if steps is None else steps:
        document = step(document)
    return document


def analyze_path(path: Path, steps: Iterable[Stage] | None = None,
                 data: bytes | None = None, raws: Iterable[RawDocument] | None = None
                 ) -> Iterator[Document | Skipped]:
    """Every document of one file, or a Skipped for each one that cannot be analysed.
    `data`: the file's bytes, when the caller has read them already; `raws`: its documents."""
    steps = stages() if steps is None else list(steps)
    try:
        for raw in raws if raws is not None else (read(path) if data is None else parse(data, path)):
            try:
                yield analyze_raw(raw, steps)
            except ValueError as error:  # BadInput and the stages' input errors: one line each
                yield Skipped(raw.source, str(error))
            except Exception as error:  # a bug must not stop a run over thousands of files
                yield Skipped(raw.source, f"internal error ({type(error).__name__}: {error})")
    except BadInput as error:
        yield Skipped(path_name(path), str(error))
    except Exception as error:  # a reader's bug (or a RecursionError on a pathological page)
        message = str(error).splitlines()[0] if str(error) else ""
        yield Skipped(path_name(path), f"internal error ({type(error).__name__}: {message})")


def analyze(path: str | Path) -> list[Document]:
    """Analyse one file (a crawl dump may hold several documents). Raises BadInput."""
    results = list(analyze_path(Path(path)))
    documents = [r for r in results if isinstance(r, Document)]
    if not documents and results:
        raise BadInput(results[0].reason)
    return documents


def analyze_record(path: Path, index: int = 0) -> Document | Skipped:
    """Document number `index` of a file (a crawl dump holds several), without analysing the others."""
    try:
        for number, raw in enumerate(read(path)):
            if number == index:
                return next(iter(analyze_path(path, data=None, raws=[raw])))
    except BadInput as error:
        return Skipped(path_name(path), str(error))
    return Skipped(path_name(path), f"no record {index}")


def run(inputs: list[Path], out_dir: Path, force: bool = False,
        on_file: Callable[[Path, int], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        workers: int = 1, engine: str = "local", scheduler: str | None = None,
        prune: bool = False) -> Summary:
    """Analyse files and folders into out_dir/corpus.db and out_dir/documents.jsonl.

    `workers` > 1 analyses files in that many processes; `engine="dask"` on a Dask cluster
    (`scheduler` is its address; without one, a local cluster of `workers` processes). The
    output is the same whatever the engine: this process writes the store and the JSONL, in
    input order (see pipeline/engines.py).

    Incremental and resumable: each input file is stored in corpus.db with a hash of its
    bytes and of the pipeline version, so a re-run (or a run after a crash) analyses only new
    or changed files; a large crawl dump is stored in batches of records, so a crash inside it
    loses one batch, not the file. Commits come about once a second, not per file (a commit
    costs an fsync), so a crash loses at most the last second's work. `on_file(path, n)`
    is called as each file, or each batch of one, is stored: `n` documents done or skipped
    (as many in all as `readers.count` gives for the inputs). The corpus is additive: files are keyed
    by their resolved path, and documents of files an earlier run stored stay unless `prune`
    (which removes the documents of every file not among this run's inputs, and says how many).
    documents.jsonl is then written from the store (the whole corpus, by file path), atomically.
    Only ids are kept in memory, never the documents.
    Raises EngineError when the engine cannot start. (With workers, a script calling `run`
    needs the `if __name__ == "__main__":` guard that multiprocessing asks for.)
    """

    started = time.perf_counter()
    summary = Summary()
    for path in inputs:
        if not path.exists():
            summary.skipped.append(Skipped(path_name(path), "no such file or folder"))
            if on_skip:
                on_skip(summary.skipped[-1])
    inputs = [path for path in inputs if path.exists()]
    if not inputs:  # nothing to read: no empty corpus.db or documents.jsonl either
        summary.seconds = time.perf_counter() - started
        return summary
    out_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(out_dir):
        return _run(inputs, out_dir, summary, started, force, on_file, on_skip, workers, engine, scheduler, prune)


class Busy(RuntimeError):
    """Another run holds the output folder."""


@contextmanager
def _exclusive(out_dir: Path):
    """Hold OUT/.baocao.lock for the run: a second run into the same folder stops with one line
    instead of failing on a locked database. Temporary files a killed run left are removed."""
    import fcntl

    with open(out_dir / ".baocao.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise Busy(f"another run is writing {out_dir}") from None
        for stale in out_dir.glob(".documents.jsonl.*.tmp"):
            stale.unlink(missing_ok=True)
        yield


def _run(inputs: list[Path], out_dir: Path, summary: Summary, started: float, force: bool,
         on_file: Callable[[Path, int], None] | None, on_skip: Callable[[Skipped], None] | None,
         workers: int, engine: str, scheduler: str | None, prune: bool) -> Summary:
    from pipeline.engines import Engine
    from pipeline.store import Corpus

    order: list[str] = []

    def done(path: Path, ids: list[str], skipped: list[tuple[str, str]]) -> None:
        for source, reason in skipped:
            summary.skipped.append(Skipped(source, reason))
            if on_skip:
                on_skip(summary.skipped[-1])
        order.extend(ids)
        if on_file:
            on_file(path, len(ids) + len(skipped))

    with Engine(engine, workers, scheduler, task=analyse_file, warm=warm_up) as pool, Corpus(out_dir / "corpus.db") as corpus:
        # (path, unit, hash, task) in input order; hash None for a unit taken from an earlier
        # run or a file that cannot be read.
        pending: deque[tuple[Path, str, str | None, Pending]] = deque()
        committed = time.monotonic()
        corpus.conn.execute("BEGIN")

        def store_next() -> None:
            nonlocal committed
            path, unit, digest, task = pending.popleft()
            if digest is None:
                done(path, *task.result())
                return
            documents, skipped = task.result()
            if any(reason.startswith("internal error") for _, reason in skipped):
                digest += "+retry"  # stored, but analysed again by the next run (after a fix)
            corpus.add_source(unit, digest, documents, skipped)
            done(path, [d["id"] for d in documents], skipped)
            if time.monotonic() - committed > SETTINGS.commit_seconds:
                corpus.conn.execute("COMMIT")
                corpus.conn.execute("BEGIN")
                committed = time.monotonic()

        sources = []
        try:
            for path in iter_files(inputs, skip=out_dir):
                key = path_name(path.resolve())  # what the corpus knows the file by
                try:
                    data = load(path)
                except BadInput as error:
                    sources.append(key)
                    pending.append((path, key, None, _Done(([], [(path_name(path), str(error))]))))
                else:
                    units = _units(path, key, data)
                    sources.extend(unit for unit, _, _ in units)
                    corpus.retire(key, keep=[unit for unit, _, _ in units])
                    for unit, digest, work in units:
                        cached = None if force else corpus.source(unit, digest)
                        if cached is None:
                            task = pool.submit(path_name(path), **work)
                        else:
                            summary.reused += len(cached[0])
                            digest, task = None, _Done(cached)
                        pending.append((path, unit, digest, task))
                while pending and (len(pending) > pool.window or isinstance(pending[0][3], _Done)):
                    store_next()
            while pending:
                store_next()
        finally:  # also on Ctrl-C or a failed worker: keep the files stored so far (each one whole)
            if corpus.conn.in_transaction:
                corpus.conn.execute("COMMIT")
        kept = dict.fromkeys(order)
        if prune:  # only when asked: the corpus keeps what earlier runs stored
            summary.pruned = corpus.remove_missing(kept)
            corpus.forget_sources(sources)
        stored = corpus.stored_ids()
        summary.earlier = len(set(stored) - set(kept))
        with atomic_write(out_dir / "documents.jsonl") as out:
            for line in corpus.documents_json(stored):
                out.write(line + "\n")
    summary.documents = len(kept)
    summary.seconds = time.perf_counter() - started
    return summary


def _units(path: Path, key: str, data: bytes) -> list[tuple[str, str, dict]]:
    """What one file is stored as: (corpus key, content hash, task arguments) for each unit.

    A file is one unit, except a large crawl dump: its records go in batches, each stored and
    committed when done, so a kill loses at most a batch and a re-run resumes within the file."""
    digest = data_hash(data)
    whole = [(key, digest, {"data": data})]
    if len(data) < SETTINGS.batch_min_bytes or Path(key).suffix.lower() not in (".json", ".jsonl", ".csv"):
        return whole
    try:
        raws = list(parse(data, path))
    except Exception:  # noqa: BLE001 - the worker reports it as it reports any file
        return whole
    size = SETTINGS.batch_records
    if len(raws) <= size:
        return whole
    return [(f"{key}#{start:09d}", f"{digest}:{start}", {"raws": raws[start:start + size]})
            for start in range(0, len(raws), size)]


# A short report in the house style: enough for every stage to load its models and data.
WARM_UP = ("BÁO CÁO\n\nNăm 2021, Ban Thường vụ Quận ủy đã lãnh đạo thực hiện Nghị quyết số "
           "15-NQ/TU của Thành ủy, kết nạp 125 đảng viên, đạt 104,2% kế hoạch. Tuy nhiên, "
           "công tác kiểm tra còn chậm. Thời gian tới, cần tiếp tục đổi mới phương thức lãnh đạo.")


def analyse_file(source: str, data: bytes | None = None, raws: list[RawDocument] | None = None
                 ) -> tuple[list[dict], list[tuple[str, str]]]:
    """The task an engine runs: every document of one file (or of the batch `raws` of its
    records) as a contract dict, and (source, reason) for each one skipped. Never raises for
    bad input."""
    documents, skipped = [], []
    for result in analyze_path(Path(source), data=data, raws=raws):
        if isinstance(result, Document):
            documents.append(result.to_dict())
        else:
            skipped.append((result.source, result.reason))
    return documents, skipped


def warm_up() -> None:
    """Load every stage's models and data (a worker does this once, when it starts)."""
    try:
        analyze_raw(RawDocument("warm-up", WARM_UP.encode(), WARM_UP, "txt"))
    except Exception:  # noqa: S110 - a stage's bug shows up, one line per document, in the tasks
        pass


@dataclass
class _Done:
    """A result known without analysis (a file of an earlier run, or one that cannot be read),
    queued beside the real tasks so that everything is reported in input order."""

    value: tuple[list[str], list[tuple[str, str]]]

    def result(self):
        return self.value


def data_hash(data: bytes) -> str:
    """What decides whether a file must be analysed again: its bytes and the pipeline version."""
    return hashlib.sha1(PIPELINE_VERSION.encode() + b"\0" + data).hexdigest()


@contextmanager
def atomic_write(path: Path, mode: str = "w"):
    """Write to a temporary file beside `path`, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode, encoding=None if "b" in mode else "utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
