"""Exports of the corpus for other tools: every table as Parquet (with real types) or CSV."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import TABLES, Corpus, StoreError, reading


def export(db: str | Path | Corpus, out_dir: str | Path, fmt: str = "parquet",
           excel: bool = False) -> dict[str, Path]:
    """Write every table to `out_dir/<table>.parquet` (or .csv); returns the paths.

    Parquet keeps real types: dates as dates, years and counts as integers. CSV is UTF-8; with
    `excel` it starts with a byte-order mark, which Excel needs to read Vietnamese."""
    import pandas as pd

    if fmt not in ("parquet", "csv"):
        raise StoreError(f"unknown export format {fmt!r}: use parquet or csv")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    with reading(db) as conn:
        for table in TABLES:
            frame = pd.read_sql_query(f"SELECT * FROM {table}", conn)
            path = out / f"{table}.{fmt}"
            if fmt == "csv":
                frame.to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8")
            else:
                _typed(frame).to_parquet(path, index=False)
            paths[table] = path
    return paths


def _typed(frame):
    """Columns as what they hold: 'date' as a date, 'year' and counts as nullable integers."""
    import pandas as pd

    for column in frame.columns:
        if column == "date":
            frame[column] = pd.to_datetime(frame[column], errors="coerce", format="%Y-%m-%d").dt.date
        elif column in ("year", "n_sentences", "start", "end", "idx", "sentence_idx", "paragraph"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame
