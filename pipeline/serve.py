"""Serve the corpus with Datasette: read-only, with facets and canned queries.

The canned queries (pipeline/data/datasette.yml) call `baocao_match` and `baocao_cites`,
SQL functions this module registers as a Datasette plugin, so the browser searches and
matches references exactly as `baocao search` and `baocao refs` do.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from datasette import hookimpl

from pipeline import resources
from pipeline.settings import SETTINGS
from pipeline.store import connect

_SHIM = "from pipeline.serve import prepare_connection, render_cell  # noqa: F401\n"


# Inputs of the SQL functions are bounded: Datasette's time limit interrupts SQLite between
# steps, never inside a Python function, so a 4-million-character argument must not get in.


def _match(query: str | None, exact: Any = 0) -> str:
    """The FTS5 expression for a canned-query parameter; an empty one matches nothing."""
    from pipeline.query import match_expression

    if not query or not query.strip():
        return 'loose : ("")'
    if len(query) > SETTINGS.max_query_chars:
        raise ValueError(f"search text too long (more than {SETTINGS.max_query_chars} characters)")
    return match_expression(query, exact=str(exact).strip().lower() in ("1", "true", "yes", "on"))


def _cites(canonical: str | None, ref: str | None) -> int:
    from pipeline.query import ref_matches

    if ref and len(ref) > SETTINGS.max_query_chars or canonical and len(canonical) > SETTINGS.max_query_chars:
        return 0
    return int(bool(canonical and ref and ref.strip() and ref_matches(canonical, ref)))


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("baocao_match", 2, _match, deterministic=True)
    conn.create_function("baocao_cites", 2, _cites, deterministic=True)


@hookimpl
def render_cell(value: Any, column: str, table: str | None) -> str | None:
    """The documents table's `json` column (the whole contract document, often 20 KB) as one
    short line in HTML pages, so each row is one line tall; the JSON API and SQL still see it all."""
    if table == "documents" and column == "json" and isinstance(value, str):
        return f"{{…}} {len(value.encode('utf-8')) / 1024:.1f} KB: the row's .json"
    return None


@cache
def _metadata_template() -> dict[str, Any]:
    return resources.data("datasette.yml")


def metadata(db: str | Path) -> dict[str, Any]:
    """Datasette metadata for this file: Datasette names a database after its file stem."""
    data = json.loads(json.dumps(_metadata_template()))
    data["databases"] = {Path(db).stem: data["databases"].pop("corpus")}
    return data


def datasette_command(db: str | Path, port: int, workdir: Path,
                      host: str = "127.0.0.1") -> tuple[list[str], dict[str, str]]:
    """The argv and environment that serve `db` read-only (not immutable: a run may update it, and
    the corpus is in WAL mode, so pages show the last committed state), with our metadata and plugin."""
    (workdir / "metadata.json").write_text(json.dumps(metadata(db), ensure_ascii=False), "utf-8")
    plugins = workdir / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "baocao_functions.py").write_text(_SHIM, "utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    argv = [sys.executable, "-m", "datasette", "serve", str(db),
            "--metadata", str(workdir / "metadata.json"), "--plugins-dir", str(plugins),
            "--host", host, "--port", str(port)]
    return argv, env


def serve(db: str | Path, port: int = 8001, host: str = "127.0.0.1") -> int:
    """Run Datasette on the corpus until interrupted; returns its exit code."""
    connect(db).close()  # a clear StoreError for a missing or foreign file
    with tempfile.TemporaryDirectory(prefix="baocao-datasette-") as tmp:
        argv, env = datasette_command(db, port, Path(tmp), host)
        process = subprocess.Popen(argv, env=env)
        stopped = []

        def stop(*_: object) -> None:
            stopped.append(True)
            process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            code = process.wait()
        except KeyboardInterrupt:
            stop()
            code = process.wait()
        return 0 if stopped else code  # asked to stop (SIGTERM, Ctrl-C) is a normal end
