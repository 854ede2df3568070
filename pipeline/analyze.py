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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.clean import clean
from pipeline.model import Document
from pipeline.readers import MAX_FILE_BYTES, BadInput, RawDocument, iter_files, read
from pipeline.segment import segment

Stage = Callable[[Document], Document]
# Part of every file's content hash: a new version re-analyses files of earlier runs.
PIPELINE_VERSION = "0.1.0"


@dataclass
class Skipped:
    source: str
    reason: str


@dataclass
class Summary:
    documents: int = 0
    reused: int = 0  # documents taken unchanged from an earlier run
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        reasons = Counter(s.reason.split(" (")[0] for s in self.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        skipped = f"{len(self.skipped)} skipped" + (f" ({why})" if why else "")
        reused = f" ({self.reused} unchanged)" if self.reused else ""
        return f"{self.documents} documents done{reused}, {skipped}, {self.seconds:.1f} s"


def stages() -> list[Stage]:
    """The stages after cleaning, in order."""
    from pipeline.extract import extract

    return [segment, extract]


def analyze_raw(raw: RawDocument, steps: Iterable[Stage] | None = None) -> Document:
    document = clean(raw)
    for step in stages() if steps is None else steps:
        document = step(document)
    return document


def analyze_path(path: Path, steps: Iterable[Stage] | None = None) -> Iterator[Document | Skipped]:
    """Every document of one file, or a Skipped for each one that cannot be analysed."""
    steps = stages() if steps is None else list(steps)
    try:
        for raw in read(path):
            try:
                yield analyze_raw(raw, steps)
            except ValueError as error:  # BadInput and the stages' input errors: one line each
                yield Skipped(raw.source, str(error))
            except Exception as error:  # a bug must not stop a run over thousands of files
                yield Skipped(raw.source, f"internal error ({type(error).__name__}: {error})")
    except BadInput as error:
        yield Skipped(str(path), str(error))


def analyze(path: str | Path) -> list[Document]:
    """Analyse one file (a crawl dump may hold several documents). Raises BadInput."""
    results = list(analyze_path(Path(path)))
    documents = [r for r in results if isinstance(r, Document)]
    if not documents and results:
        raise BadInput(results[0].reason)
    return documents


def run(inputs: list[Path], out_dir: Path, force: bool = False,
        on_file: Callable[[Path], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None) -> Summary:
    """Analyse files and folders into out_dir/corpus.db and out_dir/documents.jsonl.

    Incremental and resumable: each input file is stored in corpus.db in one transaction,
    keyed by a hash of its bytes and of the pipeline version, so a re-run (or a run after a
    crash) analyses only new or changed files. documents.jsonl is then written from the
    store, in input order, atomically.
    """
    from pipeline.store import Corpus

    started = time.perf_counter()
    summary = Summary()
    for path in inputs:
        if not path.exists():
            summary.skipped.append(Skipped(str(path), "no such file or folder"))
    files = list(iter_files(inputs))
    steps = stages()
    out_dir.mkdir(parents=True, exist_ok=True)
    order: list[str] = []
    with Corpus(out_dir / "corpus.db") as corpus:
        for path in files:
            digest = content_hash(path)
            cached = None if force or digest is None else corpus.source(str(path), digest)
            if cached is None:
                results = list(analyze_path(path, steps))
                documents = [r.to_dict() for r in results if isinstance(r, Document)]
                skipped = [(r.source, r.reason) for r in results if isinstance(r, Skipped)]
                if digest is not None:
                    corpus.add_source(str(path), digest, documents, skipped)
                ids = [d["id"] for d in documents]
            else:
                summary.reused += len(cached[0])
                ids, skipped = cached
            for source, reason in skipped:
                summary.skipped.append(Skipped(source, reason))
                if on_skip:
                    on_skip(Skipped(source, reason))
            order.extend(ids)
            if on_file:
                on_file(path)
        kept = dict.fromkeys(order)
        corpus.remove_missing(kept)
        corpus.forget_sources(str(p) for p in files)
        with atomic_write(out_dir / "documents.jsonl") as out:
            for line in corpus.documents_json(kept):
                out.write(line + "\n")
    summary.documents = len(kept)
    summary.seconds = time.perf_counter() - started
    return summary


def content_hash(path: Path) -> str | None:
    """What decides whether a file must be analysed again: its bytes and the pipeline version."""
    try:
        data = path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        return None
    if data is None:
        return None
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
