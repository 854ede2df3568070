"""The `baocao` command line: argument parsing only; the work is in the stage modules."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from pipeline.settings import SETTINGS

app = typer.Typer(
    help="baocao: turn scraped Vietnamese Party committee reports into data people can query.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help as plain text: readable in a pipe, no '<bool>' placeholders
)
out = Console()
err = Console(stderr=True)


def _metavar_only(self, ctx):
    """An argument with a metavar ('FILE') is shown by it alone, without Typer's '<path>'."""
    return None if self.metavar else _typed(self, ctx)


_typed = getattr(typer.core.TyperArgument, "display_type_rich", None)
if _typed is not None:  # Typer >= 0.25 appends the type to every argument in --help
    typer.core.TyperArgument.display_type_rich = _metavar_only


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


class Label(str, Enum):
    achievement = "achievement"
    shortcoming = "shortcoming"
    task = "task"
    other = "other"


class GroupBy(str, Enum):
    place = "place"
    province = "province"
    year = "year"


class TableFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        from pipeline import __version__

        typer.echo(f"baocao {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit."),
         settings: Path | None = typer.Option(None, "--settings", metavar="FILE", envvar="BAOCAO_SETTINGS",
                                              help="A YAML file whose 'settings:' section overrides "
                                              "thresholds (pipeline/settings.py), e.g. params.yaml.")) -> None:
    """baocao: clean, segment, extract, classify and store Vietnamese Party reports."""
    if settings is not None:
        from pipeline.settings import load, use

        try:
            use(load(settings))
        except ValueError as error:
            err.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None



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
    from pipeline.analyze import Busy, iter_files, run as run_pipeline
    from pipeline.readers import count
    from pipeline.store import StoreError
    from pipeline.engines import EngineError

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


def _report_skip(skipped) -> None:
    err.print(f"[yellow]skipped[/] {escape(_quoted(skipped.source))}: {escape(skipped.reason)}",
              highlight=False, soft_wrap=True)


def _out_folder(path: Path) -> None:
    """--out must be a folder (or not exist yet): a file there is one line and exit code 2."""
    if path.exists() and not path.is_dir():
        err.print(f"[red]error:[/] --out {escape(str(path))} is a file, not a folder", highlight=False)
        raise typer.Exit(2)


def _quoted(name: str) -> str:
    """A file name as one line: a name holding a newline or another control character cannot
    forge a line of the report."""
    return name if name.isprintable() else repr(name)


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


# --- Store and query: search, refs, compare, export, serve (pipeline/query.py, store.py, report.py, serve.py).

DEFAULT_DB = Path("build/corpus.db")
DB_HELP = "The corpus database (built by `baocao run`)."


@contextmanager
def _progress(total: int, what: str, unit: str = "documents"):
    """Progress of a long run: a bar on a terminal, else a plain line every few seconds.
    Yields `advance(n=1)`."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    done, last = 0, time.monotonic()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(what, total=total)

        def advance(n: int = 1) -> None:
            nonlocal done, last
            done += n
            bar.advance(task, n)
            if not err.is_terminal and time.monotonic() - last >= SETTINGS.progress_seconds:
                last = time.monotonic()
                err.print(f"{what}: {done}/{total} {unit}", highlight=False)

        yield advance


@contextmanager
def _failed() -> Iterator[None]:
    """A StoreError or QueryError becomes a one-line message and exit code 1."""
    from pipeline.query import QueryError
    from pipeline.store import StoreError

    try:
        yield
    except (StoreError, QueryError) as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from None


def _print_frame(frame, as_csv: bool, as_json: bool, title: str | None = None,
                 columns: dict[str, str] | None = None, wide: str | None = None,
                 main: str | None = None) -> None:
    """Machine-readable output (--csv / --json: every column); else on a wide terminal a rich
    table of `columns` (column -> header), the `wide` one taking most of the width, and in a pipe
    or a narrow terminal one block per record (the `main` column, else the first, in full). Search
    hits marked in the `wide` column are shown bold, or between « »."""
    from rich.table import Table

    if as_csv:
        typer.echo(frame.to_csv(index=False), nl=False)
        return
    if as_json:
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    if frame.empty:
        err.print("no results")
        return
    columns = columns or {c: c for c in frame.columns}
    cells = [{k: "" if _missing(v) else _cell(v) for k, v in zip(columns, row)}
             for row in frame[list(columns)].itertuples(index=False)]
    if out.width < SETTINGS.table_min_width or not out.is_terminal:  # a pipe, a file, a narrow terminal
        from pipeline.query import MARKS
        from pipeline.render import records_text

        for row in cells:
            if wide:
                row[wide] = row[wide].replace(MARKS[0], "«").replace(MARKS[1], "»")
        typer.echo(records_text(cells, columns, main, title, width=min(out.width, 100)))
        return
    table = Table(title=title and escape(title), expand=wide is not None)
    for name, header in columns.items():
        table.add_column(header, ratio=1 if name == wide else None,
                         max_width=None if name == wide else 40)
    for row in cells:
        table.add_row(*(_marked(v) if k == wide else escape(v) for k, v in row.items()))
    out.print(table)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return str(value)


def _marked(snippet: str) -> str:
    """«hit» -> rich bold, everything else escaped."""
    from pipeline.query import MARKS

    return escape(snippet).replace(MARKS[0], "[bold yellow]").replace(MARKS[1], "[/]")


@app.command()
def search(
    query: str = typer.Argument(..., metavar="WORDS", help="Words to find; diacritics and tone style do not matter "
                                "('nghi quyet' finds 'Nghị quyết'). \"Quotes\" keep a phrase; "
                                "AND/OR/NOT and a trailing * work as in SQLite FTS5. '' lists by filters."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
    label: Label | None = typer.Option(None, "--label", help="Only sentences with this label."),
    place: str | None = typer.Option(None, "--place", metavar="NAME", help="District or ward, e.g. 'Quận 10', 'Bình Thủy'."),
    province: str | None = typer.Option(None, "--province", metavar="NAME", help="Province-level unit, e.g. 'Hà Nội'."),
    year: int | None = typer.Option(None, "--year", metavar="YEAR", help="Year of the report."),
    ref: str | None = typer.Option(None, "--ref", metavar="REF", help="Only reports citing this document, e.g. 05-CT/TW."),
    exact: bool = typer.Option(False, "--exact", help="Respect diacritics ('Đảng' is not 'đang')."),
    limit: int = typer.Option(20, "--limit", "-n", metavar="N", help="At most this many sentences."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV with every column."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON records with every column."),
) -> None:
    """Ranked full-text search over the sentences of every report (best first, bm25)."""
    from pipeline.query import search as search_corpus

    with _failed():
        found = search_corpus(db, query, label=label.value if label else None, place=place, province=province, year=year,
                              ref=ref, exact=exact, limit=limit)
    if not (as_csv or as_json):
        found = found.assign(score=found["score"].map(lambda s: "" if _missing(s) else f"{s:.2f}"))
    _print_frame(found, as_csv, as_json, title=f"search: {query}",
                 columns={c: c for c in ("document", "place", "date", "label", "snippet", "score")},
                 wide="snippet", main="snippet")
    if not found.attrs.get("ranked", True):
        err.print("note: the query matches too many sentences to rank; these are the shortest of the "
                  "latest matches, unranked. Add words to rank by relevance.", highlight=False)


@app.command()
def refs(
    query: str | None = typer.Argument(None, metavar="REF", help="A reference (05-CT/TW, 101-QĐ/TW, NQTW4/XII, "
                                       "15-NQ/TU@Hà Nội) for its citing reports, or words to filter "
                                       "the table ('CT/TW', 'chỉ thị 05')."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV with every column."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON records with every column."),
) -> None:
    """Referenced documents and how many reports and places cite them; for one reference,
    every citing report with the sentences around each mention."""
    from pipeline.query import citing, refs as list_refs

    with _failed():
        found = citing(db, query) if query and query.strip() and _is_ref(query) else None
        if found is None or found.empty:
            table = list_refs(db, query)
            _print_frame(table, as_csv, as_json, title="referenced documents",
                         columns={"canonical": "reference", "type": "type", "issuer": "issuer",
                                  "n_reports": "reports", "n_mentions": "mentions", "places": "places"},
                         wide="places")
            return
    if as_csv or as_json:
        _print_frame(found, as_csv, as_json)
        return
    from pipeline.report import LABEL_NAMES

    for doc_id, rows in found.groupby("doc_id", sort=False):
        first = rows.iloc[0]
        where = ", ".join(str(v) for v in (first.place, first.province, first.date) if not _missing(v))
        out.rule(f"[bold]{escape(str(first.document))}[/] ({escape(where)})")
        previous = None
        for row in rows.itertuples(index=False):
            if previous is not None and row.sentence_idx > previous + 1:
                out.print("  …")
            text = escape(row.text)
            for mention in ([] if _missing(row.mention) else row.mention.split("; ")):
                text = text.replace(escape(mention), f"[bold]{escape(mention)}[/]")
            tag = LABEL_NAMES.get(row.label, row.label)
            out.print(f"  [dim]\\[{tag}][/] {text}", highlight=False)
            previous = row.sentence_idx


def _is_ref(query: str) -> bool:
    from pipeline.query import ref_key

    return bool(ref_key(query)[0])


@app.command()
def compare(
    group: GroupBy = typer.Option(GroupBy.place, "--by", help="What to group the reports by."),
    html: Path | None = typer.Option(None, "--html", metavar="FILE", help="Also write a self-contained HTML report "
                                     "with plots to this file."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV with every column."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON records with every column."),
) -> None:
    """Compare places, provinces or years: label shares, most-cited references and the
    latest value of standard indicators (never sums or averages; see `baocao indicators`)."""
    from pipeline.model import LABELS

    by = group.value
    from pipeline.query import compare as compare_groups
    from pipeline.report import compare_report

    with _failed():
        table = compare_groups(db, by)
        if html is not None:
            err.print(f"report -> {compare_report(db, by, html)}", highlight=False)
    shown = [i for i in SETTINGS.compare_indicators if i in table]  # by place only
    if not (as_csv or as_json):
        shares = {f"share_{label}": table[f"share_{label}"].map(
            lambda v: "" if _missing(v) else f"{v:.0%}") for label in LABELS}
        values = {i: [("" if _missing(v) else f"{v:g} ({p})") for v, p in zip(table[i], table[f"{i}_period"])]
                  for i in shown}
        table = table.assign(**shares, **values)
    columns = {by: by, "documents": "docs", "sentences": "sentences",
               **{f"share_{label}": label for label in LABELS}, "top_refs": "most cited (mentions)",
               **{i: f"{i} (period)" for i in shown},
               **({"conflicts": "conflicting values"} if "conflicts" in table else {})}
    _print_frame(table, as_csv, as_json, title=f"compare by {by}: share of sentences per label",
                 columns=columns, wide="top_refs")


@app.command()
def indicators(
    indicator: str | None = typer.Argument(None, metavar="ID", help="One indicator id (members_total, members_admitted, "
                                           "inspections...: pipeline/data/indicators.tsv); all when omitted."),
    group: GroupBy = typer.Option(GroupBy.place, "--by", help="place or province."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV with every column."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON records with every column."),
) -> None:
    """Standard indicators (party members, admissions, organizations, ratings, discipline,
    inspections...) per place and period, each value with the sentence it was read from;
    conflicting values for one place, indicator and period are marked."""
    from pipeline.query import indicators as indicator_table

    with _failed():
        table = indicator_table(db, by=group.value, indicator=indicator)
    if not (as_csv or as_json):
        table = table.assign(value=table["value"].map(lambda v: f"{v:g}"),
                             conflict=table["conflict"].map(lambda c: "CONFLICT" if c else ""))
    columns = {group.value: group.value, "indicator": "indicator", "period": "period", "value": "value",
               "unit": "unit", "conflict": "conflict", "sentence": "read from", "document": "document"}
    _print_frame(table, as_csv, as_json, title="indicators", columns=columns, wide="sentence", main="sentence")


@app.command()
def export(
    out_dir: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="Folder for one file per table."),
    fmt: TableFormat = typer.Option(TableFormat.parquet, "--format", help="File format of the tables."),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: UTF-8 with a byte-order mark."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
) -> None:
    """Write every table of the corpus (documents, sentences, refs, ref_mentions, entities) to files."""
    from pipeline.store import export as export_tables

    _out_folder(out_dir)
    with _failed():
        paths = export_tables(db, out_dir, fmt.value, excel=excel)
    for table, path in paths.items():
        err.print(f"{table} -> {path}", highlight=False)


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="DB", help=DB_HELP),
    port: int = typer.Option(8001, "--port", "-p", metavar="PORT", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Interface; 127.0.0.1 keeps it on this machine."),
) -> None:
    """Browse and query the corpus in Datasette (read-only), with facets and canned queries."""
    from pipeline.serve import serve as serve_corpus

    with _failed():
        code = serve_corpus(db, port=port, host=host)
    raise typer.Exit(code)


# --- One stage at a time, for the DVC pipeline (pipeline/stage.py, dvc.yaml).


@app.command("stage")
def stage_command(
    name: str = typer.Argument(..., metavar="STAGE", help="clean, segment, extract, classify or store."),
    inputs: list[Path] = typer.Argument(..., metavar="PATH...", help="clean: files and folders; the others: contract "
                                        "JSONL files (the previous stage's output)."),
    output: Path = typer.Argument(..., metavar="FILE", help="The JSONL file to write (store: the corpus database)."),
) -> None:
    """Run one pipeline stage: clean files into contract JSONL, apply segment, extract or
    classify to JSONL, or store JSONL in a new corpus database. `dvc repro` chains them."""
    from pipeline.stage import StageError, run_stage
    from pipeline.store import StoreError

    try:
        summary = run_stage(name, inputs, output)
    except (StageError, StoreError) as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for skipped in summary.skipped:
        _report_skip(skipped)
    err.print(summary.line(), highlight=False, soft_wrap=True)
    if summary.documents == 0:
        raise typer.Exit(1)


# --- Evaluation against the gold annotations (pipeline/evaluate.py).


@app.command("eval")
def eval_command(
    gold_dirs: list[Path] = typer.Argument(..., metavar="DIR...", help="Gold folders: ../shared/realgold/gold, "
                                           "corpora/real/dev, corpora/real/test (real text), or "
                                           "corpora/gold, corpora/heldout (the team's writing)."),
    json_path: Path | None = typer.Option(None, "--json", metavar="FILE", help="Also write every figure to this JSON "
                                          "file (DVC metrics)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-document rows (real text) or "
                                 "each document's missed, spurious and wrong items (team writing)."),
    misses: bool = typer.Option(False, "--misses", help="Real text: list missed and spurious "
                                "references, organizations, persons, counts, furniture left and "
                                "mislabelled sentences."),
    floors: Path | None = typer.Option(None, "--floors", metavar="FILE", help="Real text: fail (exit 1) when a "
                                       "headline figure is below its floor in this JSON file."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Skip the underthesea.ner baseline."),
) -> None:
    """Run the pipeline on gold documents and print precision, recall and F1 of references,
    organizations, persons, counts, sentence labels, cleaning and metadata."""
    from pipeline.evaluate import GoldError, evaluate, print_report

    if any(_is_real_gold(folder) for folder in gold_dirs):
        _eval_real(gold_dirs, json_path, verbose, misses, floors)
        return
    try:
        report = evaluate(gold_dirs[0], baseline=not no_baseline)
    except GoldError as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    print_report(report, out, verbose=verbose)
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        err.print(f"figures -> {json_path}", highlight=False)


def _is_real_gold(folder: Path) -> bool:
    """Real-text gold: realgold's own files (with 'doc') or corpora/real annotations (offsets)."""
    first = next(iter(sorted(folder.glob("*.json"))), None)
    if first is None:
        return False
    try:
        data = json.loads(first.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return False  # the team-gold loader says what is wrong with it
    return isinstance(data, dict) and ("fingerprint" in data or "doc" in data)


def _eval_real(gold_dirs: list[Path], json_path: Path | None, verbose: bool, misses: bool,
               floors: Path | None) -> None:
    from pipeline import realscore
    from pipeline.analyze import Skipped, analyze_record
    from pipeline.render import real_figures_text

    try:
        golds = realscore.load(gold_dirs)
    except FileNotFoundError as error:
        err.print(f"skipped: real-text evaluation needs ../shared ({escape(str(error))})", highlight=False)
        return

    def analyse(path: Path, record: int) -> dict:
        result = analyze_record(path, record)
        return {} if isinstance(result, Skipped) else result.to_dict()

    with _progress(len(golds), "evaluating") as advance:
        tally, rows = realscore.evaluate(golds, analyse, on_document=lambda name: advance())
    values = realscore.figures(tally)
    typer.echo(real_figures_text(values, realscore.confusion(tally), rows if verbose else None,
                                 tally.misses if misses else None, tally.pairs if misses else None))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")
    if floors is not None:
        failing = realscore.below(values, json.loads(floors.read_text(encoding="utf-8")))
        for line in failing:
            err.print(f"below floor: {line}", highlight=False)
        if failing:
            raise typer.Exit(1)
        err.print(f"every headline figure at or above its floor ({floors})", highlight=False)


# --- Sentence classifier: retrain the shipped model (pipeline/classify.py).


@app.command()
def train(
    out: Path | None = typer.Option(None, "--out", "-o", metavar="DIR", help="Where to write the model "
                                    "(default: pipeline/data/passage-classifier.npz)."),
    cv: bool = typer.Option(False, "--cv", help="Instead of training, print grouped cross-validation "
                            "on the real labelled sentences with a learning curve."),
) -> None:
    """Retrain the sentence classifier from the team's labelled sentences and the real documents
    labelled by hand (../shared/realgold, corpora/real/dev, corpora/real/train)."""
    from pipeline.classify import MODEL_PATH, ClassifyError
    from pipeline.model import LABELS
    from pipeline.training import cross_validate, train as train_model

    try:
        if cv:
            for row in cross_validate():
                labels = " ".join(f"{k[:5]} {v['f1']:.3f}" for k, v in row["per_label"].items())
                typer.echo(f"{row['system']}\n  acc {row['accuracy']:.3f}  macro-F1 {row['macro_f1']:.3f}  {labels}")
            return
        target = out or MODEL_PATH
        counts = train_model(target)
    except ClassifyError as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if not counts["real"]:
        err.print("../shared is absent: trained on the team's writing only, NOT the shipped model",
                  highlight=False)
    labels = ", ".join(f"{label} {counts[label]}" for label in LABELS)
    err.print(f"{counts['sentences']} sentences, {counts['real']} real ({labels}) -> {target} "
              f"({target.stat().st_size / 1e6:.1f} MB)", highlight=False, soft_wrap=True)


if __name__ == "__main__":
    app()
