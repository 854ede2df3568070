"""Analyse: `baocao analyze`, `run`, `segment` and `show` (pipeline/analyze.py, show.py)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.markup import escape

from pipeline.cli import EngineName, _out_folder, _progress, _report_skip, app, err, out


@app.command()
def analyze(
    file: Path = typer.Argument(..., metavar="FILE", help="A .txt, .md, .html, .json or .jsonl file."),
    as_json: bool = typer.Option(False, "--json", help="Print the contract JSON instead of a summary."),
) -> None:
    """Analyse one file and print a readable summary (or the contract JSON with --json)."""
    for document in _analysed(file):
        if as_json:
            typer.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        else:
            show_summary(document)


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., metavar="PATH...", help="Files and folders (searched recursively)."),
    out: Path = typer.Option(Path("build"), "--out", "-o", metavar="DIR", help="Output folder."),
    force: bool = typer.Option(False, "--force", help="Analyse every file again, even unchanged ones."),
    prune: bool = typer.Option(False, "--prune", help="Remove from the corpus the documents of files "
                               "not among these inputs (the corpus is additive otherwise)."),
    workers: int = typer.Option(1, "--workers", "-j", metavar="N", help="Analyse files in this many processes "
                                "(with --engine dask and no --scheduler: local Dask workers)."),
    engine: EngineName = typer.Option(EngineName.local, "--engine", help="This machine, or a Dask "
                                      "cluster (needs the extra baocao[dask]). The output is the same."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Address of a running Dask "
                                         "scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask)."),
) -> None:
    """Analyse files and folders into OUT/documents.jsonl (one contract JSON object per line) and
    OUT/corpus.db (searchable). Unchanged files of an earlier run are not analysed again, and a
    killed run resumes where it stopped."""
    from pipeline.analyze import Busy, iter_files
    from pipeline.analyze import run as run_pipeline
    from pipeline.engines import EngineError
    from pipeline.readers import count
    from pipeline.store import StoreError

    _out_folder(out)
    total = sum(count(path) for path in iter_files([p for p in inputs if p.exists()], skip=out))
    with _progress(total, "analysing") as advance:
        try:
            summary = run_pipeline(
                inputs, out, force=force, workers=workers, engine=engine.value, scheduler=scheduler, prune=prune,
                on_file=lambda path, n: advance(n),
                on_skip=_report_skip,
            )
        except (EngineError, Busy, StoreError) as error:  # StoreError: an older schema, or not a corpus
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None
        except (OSError, sqlite3.Error) as error:  # a full disk, a read-only folder
            err.print(f"[red]error:[/] cannot write {escape(str(out))}: {escape(str(error))}; "
                      "what was stored before is intact", highlight=False)
            raise typer.Exit(1) from None
    written = f" -> {out / 'documents.jsonl'}" if (out / "documents.jsonl").exists() else ""
    err.print(f"{summary.line()}{written}", highlight=False)
    if summary.documents == 0:
        raise typer.Exit(1)


@app.command()
def segment() -> None:
    """Segment lines read on stdin: one line out per line in, words joined by '_' (VLSP style)."""
    from pipeline.segment import segment_line

    for line in sys.stdin:
        typer.echo(segment_line(line.rstrip("\n")))


@app.command()
def show(
    file: Path = typer.Argument(..., metavar="FILE", help="The file to show."),
    html_path: Path = typer.Option(..., "--html", metavar="FILE", help="Where to write the HTML page."),
) -> None:
    """Render a document with its references and entities highlighted (displaCy), as an HTML page."""
    from pipeline.analyze import atomic_write
    from pipeline.show import render_html

    documents = _analysed(file)
    with atomic_write(html_path) as page:
        page.write(render_html(documents))
    err.print(f"wrote {html_path}", highlight=False)


def _analysed(file: Path) -> list:
    """The documents of one file, each skipped one reported; exit code 1 when there are none."""
    from pipeline.analyze import Skipped, analyze_path

    documents = []
    for result in analyze_path(file):
        if isinstance(result, Skipped):
            _report_skip(result)
        else:
            documents.append(result)
    if not documents:
        raise typer.Exit(1)
    return documents


def show_summary(document) -> None:
    """A readable summary of one analysed document. Document text never goes through rich markup:
    a title holding '[/b]' or a label in brackets prints as written."""
    from rich.table import Table

    m = document.metadata
    unknown = "không rõ"
    out.rule(escape(m.title or document.source))
    out.print(f"source: {document.source}\nid: {document.id}\ndate: {m.date or unknown}   "
              f"place: {m.place or unknown}   province: {m.province or unknown}   format: {m.format}   "
              f"encoding: {m.encoding}", highlight=False, markup=False)
    out.print(f"{len(document.text):,} characters, {len(document.sentences)} sentences, "
              f"{len(document.references)} references, {len(document.entities)} entities", highlight=False)
    if m.dropped:
        out.print("dropped: " + "; ".join(f"{d.reason}: {d.text[:50]!r}" for d in m.dropped),
                  highlight=False, markup=False)
    if document.references:
        table = Table("canonical", "type", "issuer", "mentions", title="references")
        for ref in document.references:
            table.add_row(escape(ref.canonical or ""), escape(ref.type), escape(ref.issuer or unknown),
                          str(len(ref.mentions)))
        out.print(table)
    labels = Counter(s.label for s in document.sentences)
    if document.sentences:
        out.print("labels: " + ", ".join(f"{k} {v}" for k, v in labels.most_common()), highlight=False)
    for sentence in document.sentences[:8]:
        out.print(f"  [{sentence.label}] {sentence.text[:110]}", highlight=False, markup=False)
