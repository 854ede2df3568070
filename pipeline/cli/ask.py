"""Ask the corpus: `baocao search`, `refs`, `compare`, `indicators`, `export`, `serve`
(pipeline/query.py, store.py, report.py, serve.py)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from pipeline.cli import (
    GroupBy,
    Label,
    TableFormat,
    _failed,
    _out_folder,
    app,
    err,
    out,
)
from pipeline.settings import SETTINGS

# --- Store and query: search, refs, compare, export, serve (pipeline/query.py, store.py, report.py, serve.py).

DEFAULT_DB = Path("build/corpus.db")
DB_HELP = "The corpus database (built by `baocao run`)."

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
    from pipeline.query import citing
    from pipeline.query import refs as list_refs

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
    from pipeline.export import export as export_tables

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
