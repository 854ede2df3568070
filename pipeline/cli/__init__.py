"""The `baocao` command line: arguments in, rendered results out; the work is in the stage modules.

The commands live by what people do with them: analyse.py (analyze, run, segment, show), ask.py
(search, refs, compare, indicators, export, serve) and measure.py (stage, eval, train). This module
holds the app and what they share: consoles, progress, one-line errors.
"""

from __future__ import annotations

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


@contextmanager
def _progress(total: int, what: str, unit: str = "documents"):
    """Progress of a long run: a bar on a terminal, else a plain line every few seconds.
    Yields `advance(n=1)`."""
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

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


from pipeline.cli import analyse, ask, measure  # noqa: E402, F401 - registers the commands, in this order
