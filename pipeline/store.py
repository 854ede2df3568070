"""Store stage: contract documents -> one SQLite file people can query.

Tables mirror the contract (documents, sentences, refs, ref_mentions, entities), so the
same file serves the Python queries (pipeline/query.py), the CLI and Datasette.

Full-text search: `sentences_fts` (FTS5) indexes each sentence twice, as syllables
(the tokenizer splits at spaces and at the '_' of segmented words, so a phrase query
"Nghị quyết" matches whatever the word segmenter did):
- `loose`: ascii_fold(fold(text)), for search that ignores diacritics and tone style;
- `exact`: fold(text).lower(), which keeps diacritics ('Đảng' is not 'đang').
FTS5's own remove_diacritics keeps 'đ', hence the folding here. The index is an
external-content table over the view `sentences_fts_content`, which gives the ORIGINAL
sentence text for both columns: folding keeps every token boundary, so snippet() and
highlight() mark the original, accented text. (For the same reason never run the FTS5
'rebuild' command: it would index the unfolded text.)
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.fold import ascii_fold, fold
from pipeline.model import sentence_at
from pipeline.settings import SETTINGS

SCHEMA_VERSION = 4
TABLES = ("documents", "sentences", "refs", "ref_mentions", "entities", "indicators")
RUN_FIRST = "run `baocao run` first"


_REF_FIELDS = ("type", "number", "symbol", "issuer", "plenum", "term", "session", "date")


class StoreError(Exception):
    """A corpus database that cannot be used (missing, not a corpus, bad document)."""


def loose_key(text: str) -> str:
    """The diacritic-, tone-style- and case-insensitive form used by loose search."""
    return ascii_fold(fold(text))


def exact_key(text: str) -> str:
    """The case- and tone-style-insensitive form used by exact search."""
    return fold(text).lower()


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function("loose_key", 1, loose_key, deterministic=True)
    conn.create_function("exact_key", 1, exact_key, deterministic=True)




def connect(db: str | Path | Corpus | sqlite3.Connection) -> sqlite3.Connection:
    """A read-only connection to an existing corpus, or a clear StoreError."""
    if isinstance(db, sqlite3.Connection):
        return db
    if isinstance(db, Corpus):
        return db.conn
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"no corpus database at {path}: {RUN_FIRST}")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=SETTINGS.busy_seconds)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(f"{path} is not a SQLite database ({error}): {RUN_FIRST}") from None
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path} is not a baocao corpus (schema {version}, expected "
                         f"{SCHEMA_VERSION}): {RUN_FIRST}")
    _register(conn)
    return conn


@contextmanager
def reading(db: str | Path | Corpus | sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A connection for the length of a query; closed after if this call opened it."""
    conn = connect(db)
    try:
        yield conn
    finally:
        if conn is not db and not isinstance(db, Corpus):
            conn.close()


class Corpus:
    """A corpus database opened for writing.

    >>> with Corpus("build/corpus.db") as corpus, corpus.transaction():
    ...     if not corpus.has(doc["id"], digest):
    ...         corpus.add(doc, digest)

    Each `add` is atomic on its own; wrap many in `transaction()` for speed.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=SETTINGS.busy_seconds)
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            # write-ahead log: readers (search, Datasette) see the last committed state while a run writes
            self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open {self.path} as a corpus: {error}") from None
        if version not in (0, SCHEMA_VERSION):
            self.conn.close()
            raise StoreError(f"{self.path} has corpus schema {version}, expected {SCHEMA_VERSION}: "
                             "delete it and run `baocao run` again")
        _register(self.conn)
        self.conn.execute("PRAGMA synchronous = NORMAL")
        if version == 0:
            self.conn.executescript(f"BEGIN; {resources.text('schema.sql')}; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Roll back what is not committed; leave one self-contained file (the write-ahead log
        folded back in) unless another connection is still reading it."""
        if self.conn.in_transaction:
            self.conn.rollback()
        try:
            self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError:  # a reader holds it: the log stays until the next run
            pass
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Corpus]:
        """All or nothing; nests (an inner block is a savepoint)."""
        outer = not self.conn.in_transaction
        self.conn.execute("BEGIN" if outer else "SAVEPOINT inner")
        try:
            yield self
        except BaseException:
            try:
                self.conn.execute("ROLLBACK" if outer else "ROLLBACK TO inner")
                if not outer:
                    self.conn.execute("RELEASE inner")
            except sqlite3.Error:
                pass  # SQLite rolled back already (a full disk): the error that matters is the first
            raise
        self.conn.execute("COMMIT" if outer else "RELEASE inner")

    def has(self, doc_id: str, content_hash: str) -> bool:
        """True when this document is stored with this content hash: an incremental run skips it."""
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ? AND content_hash = ?",
                                (doc_id, content_hash)).fetchone()
        return row is not None

    def ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT id FROM documents")}

    def add(self, doc: dict[str, Any], content_hash: str) -> None:
        """Store one contract document, replacing an earlier version with the same id."""
        try:
            with self.transaction():
                self._add(doc, content_hash)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            name = doc.get("id") if isinstance(doc, dict) else None
            raise StoreError(f"document {name}: not a contract document ({error!r})") from None

    def _add(self, doc: dict[str, Any], content_hash: str) -> None:
        doc_id = doc["id"]
        meta = doc.get("metadata") or {}
        sentences = doc.get("sentences") or []
        self._delete(doc_id)
        date = meta.get("date")
        year = int(date[:4]) if isinstance(date, str) and re.match(r"\d{4}", date) else None
        self.conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, doc.get("source"), meta.get("title"), date, year, meta.get("place"),
             meta.get("province"), meta.get("url"), meta.get("format"), content_hash,
             len(sentences), json.dumps(doc, ensure_ascii=False)))
        self.conn.executemany(
            'INSERT INTO sentences (doc_id, idx, start, "end", text, label, confidence,'
            " paragraph, heading, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((doc_id, i, s["start"], s["end"], s["text"], s.get("label"), s.get("confidence"),
              s.get("paragraph"), int(bool(s.get("heading"))), _vlsp(s.get("tokens") or []))
             for i, s in enumerate(sentences)))
        self.conn.execute(
            "INSERT INTO sentences_fts (rowid, loose, exact)"
            " SELECT id, loose_key(text), exact_key(text) FROM sentences WHERE doc_id = ?",
            (doc_id,))
        starts = [s["start"] for s in sentences]
        for ref in doc.get("references") or []:
            canonical = _canonical(ref)
            self._upsert_ref(canonical, ref)
            self.conn.executemany(
                'INSERT INTO ref_mentions (doc_id, canonical, sentence_idx, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                ((doc_id, canonical, sentence_at(starts, m["start"]), m["start"], m["end"],
                  m["text"]) for m in ref.get("mentions") or []))
        self.conn.executemany(
            'INSERT INTO entities (doc_id, label, text, start, "end", norm, value, unit)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_entity_row(doc_id, e) for e in doc.get("entities") or []))
        self.conn.executemany(
            'INSERT INTO indicators (doc_id, indicator, value, unit, period, sentence_idx, start, "end", text)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((doc_id, i["indicator"], i["value"], i["unit"], i.get("period"), i.get("sentence"), i["start"],
              i["end"], i["text"]) for i in doc.get("indicators") or []))

    def source(self, path: str, content_hash: str) -> tuple[list[str], list[tuple[str, str]]] | None:
        """(document ids, skipped) of an input file analysed with this content hash, else None."""
        row = self.conn.execute("SELECT doc_ids, skipped FROM sources WHERE path = ? AND content_hash = ?",
                                (path, content_hash)).fetchone()
        return None if row is None else (json.loads(row[0]), [tuple(s) for s in json.loads(row[1])])

    def add_source(self, path: str, content_hash: str, docs: list[dict[str, Any]],
                   skipped: list[tuple[str, str]]) -> None:
        """Store the documents of one input file (or one batch of a large dump's records) and
        remember it, in one transaction. A file that changed loses the documents it no longer holds."""
        with self.transaction():
            row = self.conn.execute("SELECT doc_ids FROM sources WHERE path = ?", (path,)).fetchone()
            for doc in docs:
                self.add(doc, content_hash)
            self.conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                              (path, content_hash, json.dumps([d["id"] for d in docs]),
                               json.dumps(skipped, ensure_ascii=False)))
            if row is not None:
                self._drop_orphans(set(json.loads(row[0])) - {d["id"] for d in docs})

    def retire(self, path: str, keep: Iterable[str]) -> None:
        """Forget how an input file was stored before (whole, or as batches 'path#000000100')
        where it is not among `keep`, with the documents no other input holds."""
        keep = set(keep)
        rows = self.conn.execute("SELECT path, doc_ids FROM sources WHERE path = ? OR (path > ? AND path < ?)",
                                 (path, path + "#", path + "$")).fetchall()
        gone = [(unit, json.loads(ids)) for unit, ids in rows if unit not in keep]
        if gone:
            with self.transaction():
                for unit, _ in gone:
                    self.conn.execute("DELETE FROM sources WHERE path = ?", (unit,))
                self._drop_orphans({doc_id for _, ids in gone for doc_id in ids})

    def _drop_orphans(self, doc_ids: set[str]) -> None:
        """Delete those of `doc_ids` that no stored input holds any more."""
        if not doc_ids:
            return
        held = {i for (ids,) in self.conn.execute("SELECT doc_ids FROM sources") for i in json.loads(ids)}
        for doc_id in sorted(doc_ids - held):
            self._delete(doc_id)
        self._prune_refs()

    def documents_json(self, ids: Iterable[str]) -> Iterator[str]:
        """The stored contract JSON of these documents, in the order given."""
        for doc_id in ids:
            row = self.conn.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None:
                yield row[0]

    def forget_sources(self, keep_paths: Iterable[str]) -> None:
        keep = set(keep_paths)
        with self.transaction():
            for (path,) in self.conn.execute("SELECT path FROM sources").fetchall():
                if path not in keep:
                    self.conn.execute("DELETE FROM sources WHERE path = ?", (path,))

    def stored_ids(self) -> list[str]:
        """Every stored document id, by input file path, in file order: the corpus in one order."""
        ids: dict[str, None] = {}
        for (doc_ids,) in self.conn.execute("SELECT doc_ids FROM sources ORDER BY path"):
            ids.update(dict.fromkeys(json.loads(doc_ids)))
        return list(ids)

    def remove_missing(self, keep_ids: Iterable[str]) -> int:
        """Delete the documents not in `keep_ids` (inputs that are gone); returns how many."""
        gone = self.ids() - set(keep_ids)
        with self.transaction():
            for doc_id in gone:
                self._delete(doc_id)
            self._prune_refs()
        return len(gone)

    def _delete(self, doc_id: str) -> None:
        self.conn.execute(
            "INSERT INTO sentences_fts (sentences_fts, rowid, loose, exact)"
            " SELECT 'delete', id, loose_key(text), exact_key(text) FROM sentences WHERE doc_id = ?",
            (doc_id,))
        for table in ("sentences", "ref_mentions", "entities", "indicators"):
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _prune_refs(self) -> None:
        self.conn.execute("DELETE FROM refs WHERE canonical NOT IN (SELECT canonical FROM ref_mentions)")

    def _upsert_ref(self, canonical: str, ref: dict[str, Any]) -> None:
        """One row per referenced document; later reports fill what earlier ones left empty."""
        fields = (*_REF_FIELDS, "subject")
        values = [ref.get(f) for f in _REF_FIELDS] + [_subject(ref.get("gazetteer"))]
        fill = ", ".join(f"{f} = coalesce(refs.{f}, excluded.{f})" for f in fields)
        self.conn.execute(
            f"INSERT INTO refs (canonical, {', '.join(fields)}) VALUES ({', '.join('?' * 10)})"
            f" ON CONFLICT (canonical) DO UPDATE SET {fill}",
            (canonical, *values))


def _vlsp(tokens: list[str]) -> str:
    """Tokens as VLSP writes them: syllables of a word joined by '_', words by spaces."""
    return " ".join("_".join(token.split()) for token in tokens)


def _canonical(ref: dict[str, Any]) -> str:
    if ref.get("canonical"):
        return ref["canonical"]
    code = "-".join(str(x) for x in (ref.get("number"), ref.get("symbol")) if x)
    return " ".join(x for x in (ref.get("type") or "?", code) if x)


def _subject(gazetteer: Any) -> str | None:
    """What the referenced document is about, when the gazetteer knows it."""
    if isinstance(gazetteer, str):
        return gazetteer
    if isinstance(gazetteer, dict):
        for key in ("subject", "title", "name"):
            if isinstance(gazetteer.get(key), str):
                return gazetteer[key]
    return None


def _entity_row(doc_id: str, entity: dict[str, Any]) -> tuple[Any, ...]:
    norm = entity.get("norm") or {}
    value = unit = None
    if entity.get("label") in ("COUNT", "PERCENT"):
        raw = norm.get("value")
        value = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
        unit = norm.get("unit") or ("%" if entity.get("label") == "PERCENT" else None)
    return (doc_id, entity.get("label"), entity.get("text"), entity.get("start"), entity.get("end"),
            json.dumps(norm, ensure_ascii=False), value, unit)
