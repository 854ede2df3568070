"""Run the stages over files: the Python API behind `baocao analyze` and `baocao run`.

Bad input never stops a run: a file or record that cannot be analysed becomes a
`Skipped` with a one-line reason, and the run goes on. Output files are written to a
temporary file and renamed, so a killed run never leaves a half-written one.
"""

from __future__ import annotations

import json
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
from pipeline.readers import BadInput, RawDocument, iter_files, read
from pipeline.segment import segment

Stage = Callable[[Document], Document]


@dataclass
class Skipped:
    source: str
    reason: str


@dataclass
class Summary:
    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        reasons = Counter(s.reason.split(" (")[0] for s in self.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        skipped = f"{len(self.skipped)} skipped" + (f" ({why})" if why else "")
        return f"{self.documents} documents done, {skipped}, {self.seconds:.1f} s"


def stages() -> list[Stage]:
    """The stages after cleaning, in order."""
    return [segment]


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
            except BadInput as error:
                yield Skipped(raw.source, str(error))
    except BadInput as error:
        yield Skipped(str(path), str(error))


def analyze(path: str | Path) -> list[Document]:
    """Analyse one file (a crawl dump may hold several documents). Raises BadInput."""
    results = list(analyze_path(Path(path)))
    documents = [r for r in results if isinstance(r, Document)]
    if not documents and results:
        raise BadInput(results[0].reason)
    return documents


def run(inputs: list[Path], out_dir: Path, on_file: Callable[[Path], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None) -> Summary:
    """Analyse files and folders into out_dir/documents.jsonl."""
    started = time.perf_counter()
    summary = Summary()
    files = list(iter_files(inputs))
    missing = [p for p in inputs if not p.exists()]
    for path in missing:
        summary.skipped.append(Skipped(str(path), "no such file or folder"))
    steps = stages()
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_write(out_dir / "documents.jsonl") as out:
        for path in files:
            for result in analyze_path(path, steps):
                if isinstance(result, Skipped):
                    summary.skipped.append(result)
                    if on_skip:
                        on_skip(result)
                else:
                    out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                    summary.documents += 1
            if on_file:
                on_file(path)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def atomic_write(path: Path, mode: str = "w"):
    """Write to a temporary file beside `path`, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode, encoding=None if "b" in mode else "utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
