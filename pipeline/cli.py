"""The `baocao` command line: argument parsing only; the work is in the stage modules."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(
    help="baocao: turn scraped Vietnamese Party committee reports into data people can query.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


@app.callback()
def main() -> None:
    """baocao: clean, segment, extract, classify and store Vietnamese Party reports."""



@app.command()
def analyze(
    file: Path = typer.Argument(..., help="A .txt, .md, .html, .json or .jsonl file."),
    as_json: bool = typer.Option(False, "--json", help="Print the contract JSON instead of a summary."),
) -> None:
    """Analyse one file and print a readable summary (or the contract JSON with --json)."""
    from pipeline.analyze import Skipped, analyze_path
    from pipeline.model import Document

    results = list(analyze_path(file))
    documents = [r for r in results if isinstance(r, Document)]
    for skipped in (r for r in results if isinstance(r, Skipped)):
        err.print(f"[yellow]skipped[/] {skipped.source}: {skipped.reason}")
    if as_json:
        for document in documents:
            typer.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
    else:
        for document in documents:
            show_summary(document)
    if not documents:
        raise typer.Exit(1)


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="Files and folders (searched recursively)."),
    out: Path = typer.Option(Path("build"), "--out", "-o", help="Output folder."),
) -> None:
    """Analyse files and folders into OUT/documents.jsonl (one contract JSON object per line)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from pipeline.analyze import iter_files, run as run_pipeline

    total = sum(1 for _ in iter_files([p for p in inputs if p.exists()]))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("analysing", total=total)
        summary = run_pipeline(
            inputs, out,
            on_file=lambda path: progress.advance(task),
            on_skip=lambda s: err.print(f"[yellow]skipped[/] {s.source}: {s.reason}", highlight=False),
        )
    err.print(f"{summary.line()} -> {out / 'documents.jsonl'}", highlight=False)
    if summary.documents == 0:
        raise typer.Exit(1)


@app.command()
def segment() -> None:
    """Segment lines read on stdin: one line out per line in, words joined by '_' (VLSP style)."""
    from pipeline.segment import segment_line

    for line in sys.stdin:
        typer.echo(segment_line(line.rstrip("\n")))


def show_summary(document) -> None:
    """A readable summary of one analysed document."""
    from rich.table import Table

    m = document.metadata
    out.rule(f"[bold]{m.title or document.source}")
    out.print(f"source: {document.source}\nid: {document.id}\ndate: {m.date}   place: {m.place}   "
              f"province: {m.province}   format: {m.format}   encoding: {m.encoding}", highlight=False)
    out.print(f"{len(document.text):,} characters, {len(document.sentences)} sentences, "
              f"{len(document.references)} references, {len(document.entities)} entities", highlight=False)
    if m.dropped:
        out.print("dropped: " + "; ".join(f"{d.reason}: {d.text[:50]!r}" for d in m.dropped), highlight=False)
    if document.references:
        table = Table("canonical", "type", "issuer", "mentions", title="references")
        for ref in document.references:
            table.add_row(ref.canonical or "", ref.type, ref.issuer or "", str(len(ref.mentions)))
        out.print(table)
    labels = Counter(s.label for s in document.sentences)
    if document.sentences:
        out.print("labels: " + ", ".join(f"{k} {v}" for k, v in labels.most_common()), highlight=False)
    for sentence in document.sentences[:8]:
        out.print(f"  [{sentence.label}] {sentence.text[:110]}", highlight=False)

# Other stages add their commands at the end of this file, each in a block of its own.

if __name__ == "__main__":
    app()
