"""One stage at a time, files in and one file out: the Python API behind `baocao stage`,
which the DVC pipeline (dvc.yaml) runs step by step.

`clean` reads input files and folders and writes contract JSONL; `segment`, `extract` and
`classify` read contract JSONL, apply one stage and write JSONL again (documents are read back
with `Document.from_dict`); `store` loads JSONL into a fresh corpus database. Chaining the
stages gives what `baocao run` gives. Outputs hold nothing that changes from run to run (no
times, no absolute paths, documents in input order), so DVC's hashes of them only move when
the input, the parameters or the code's behaviour do.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.analyze import Skipped, Stage, atomic_write, data_hash, stages
from pipeline.clean import clean
from pipeline.model import Document
from pipeline.readers import BadInput, iter_files, path_name, read

NAMES = ("clean", "segment", "extract", "classify", "store")


class StageError(Exception):
    """A stage that cannot run as asked (unknown or unavailable stage, unreadable JSONL)."""


@dataclass
class StageSummary:
    stage: str
    output: Path
    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.stage}: {self.documents} documents, {len(self.skipped)} skipped -> {self.output}"


def stage_function(name: str) -> Stage:
    """The document stage called `name` among `pipeline.analyze.stages()`."""
    available = {step.__name__: step for step in stages()}  # clean and store are not document stages
    if name not in available:
        raise StageError(f"unknown stage {name!r}: use one of {', '.join(NAMES)}")
    return available[name]


def read_documents(path: Path) -> Iterator[Document]:
    """The documents of a contract JSONL file, in file order. Raises StageError."""
    for number, line in enumerate(_lines(path), 1):
        try:
            yield Document.from_dict(json.loads(line))
        except ValueError as error:  # JSONDecodeError too
            raise StageError(f"{path}:{number}: {str(error).splitlines()[0]}") from None


def write_documents(documents: Iterator[Document], path: Path) -> int:
    """Write contract JSONL atomically, one document a line; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with atomic_write(path) as out:
        for document in documents:
            out.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def run_stage(name: str, inputs: list[Path], output: Path) -> StageSummary:
    """Apply stage `name` to `inputs` and write `output` (JSONL, or the corpus database for
    'store'). A document the stage cannot handle is skipped with a reason, as in `baocao run`."""
    summary = StageSummary(name, output)
    step = None if name in ("clean", "store") else stage_function(name)  # fail before reading
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise StageError(f"no such file or folder: {', '.join(missing)}")
    if name == "store":
        summary.documents = store(inputs, output)
        return summary

    def documents() -> Iterator[Document]:
        source = cleaned(inputs, summary.skipped) if step is None else (
            d for path in inputs for d in read_documents(path))
        for document in source:
            if step is None:
                yield document
                continue
            try:
                yield step(document)
            except ValueError as error:  # BadInput, SegmentError...
                summary.skipped.append(Skipped(document.source, str(error).splitlines()[0]))

    summary.documents = write_documents(documents(), output)
    return summary


def cleaned(inputs: list[Path], skipped: list[Skipped]) -> Iterator[Document]:
    """Cleaned documents of every file under `inputs`; what cannot be read goes to `skipped`."""
    for path in iter_files(inputs):
        try:
            for raw in read(path):
                try:
                    yield clean(raw)
                except BadInput as error:
                    skipped.append(Skipped(raw.source, str(error)))
        except BadInput as error:
            skipped.append(Skipped(path_name(path), str(error)))


def store(inputs: list[Path], db: Path) -> int:
    """Load contract JSONL into a new corpus database at `db` (replacing it, atomically)."""
    from pipeline.store import Corpus

    db.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=db.parent, prefix=f".{db.name}.", suffix=".tmp")
    os.close(handle)
    os.unlink(temporary)  # Corpus creates the file
    count = 0
    try:
        with Corpus(temporary) as corpus, corpus.transaction():
            for path in inputs:
                for number, line in enumerate(_lines(path), 1):
                    try:
                        doc = json.loads(line)
                    except ValueError as error:
                        raise StageError(f"{path}:{number}: {error}") from None
                    digest = data_hash(line.encode())
                    corpus.add(doc, digest)
                    count += 1
        os.replace(temporary, db)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise StageError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
