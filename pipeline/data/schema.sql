-- The corpus database (pipeline/store.py creates it; SCHEMA_VERSION there changes with it).
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT,
    title TEXT,
    date TEXT,
    year INTEGER,
    place TEXT,
    province TEXT,
    url TEXT,
    format TEXT,
    content_hash TEXT,
    n_sentences INTEGER,
    json TEXT  -- the whole contract document, so documents.jsonl can be written from the store
);
-- A search filtered by place or province reads their spellings here, not the documents' rows.
CREATE INDEX IF NOT EXISTS documents_place ON documents(place);
CREATE INDEX IF NOT EXISTS documents_province ON documents(province);
-- Input files already analysed, for incremental and resumed runs.
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    doc_ids TEXT NOT NULL,  -- JSON list, in file order
    skipped TEXT NOT NULL   -- JSON list of [source, reason]
);
CREATE TABLE IF NOT EXISTS indicators (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    indicator TEXT NOT NULL,  -- an id of pipeline/data/indicators.tsv
    value REAL,
    unit TEXT,
    period TEXT,  -- '2024', '2024-H1', '2024-Q1', '2024-05', '2020-2025'
    sentence_idx INTEGER,
    start INTEGER,
    "end" INTEGER,
    text TEXT
);
CREATE INDEX IF NOT EXISTS indicators_doc ON indicators(doc_id);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    label TEXT,
    confidence REAL,
    paragraph INTEGER,
    heading INTEGER,
    tokens TEXT,
    UNIQUE (doc_id, idx)
);
CREATE INDEX IF NOT EXISTS sentences_label ON sentences(label);
CREATE TABLE IF NOT EXISTS refs (
    canonical TEXT PRIMARY KEY,
    type TEXT,
    number TEXT,
    symbol TEXT,
    issuer TEXT,
    plenum TEXT,
    term TEXT,
    session TEXT,
    date TEXT,
    subject TEXT
);
CREATE TABLE IF NOT EXISTS ref_mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    canonical TEXT NOT NULL REFERENCES refs(canonical),
    sentence_idx INTEGER,
    start INTEGER,
    "end" INTEGER,
    text TEXT
);
CREATE INDEX IF NOT EXISTS ref_mentions_doc ON ref_mentions(doc_id);
CREATE INDEX IF NOT EXISTS ref_mentions_canonical ON ref_mentions(canonical);
CREATE TABLE IF NOT EXISTS entities (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    label TEXT,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    norm TEXT,
    value REAL,
    unit TEXT
);
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc_id);
CREATE INDEX IF NOT EXISTS entities_label ON entities(label);
-- Sentences with their document's metadata: the table to facet on in Datasette.
-- One row per report, what people read first first (the documents table also holds the whole JSON).
CREATE VIEW IF NOT EXISTS reports AS
    SELECT title, place, province, date, year, n_sentences, format, url, source, id FROM documents;
CREATE VIEW IF NOT EXISTS passages AS
    SELECT s.id, s.doc_id, d.title, d.place, d.province, d.year, d.date,
           s.idx, s.label, s.confidence, s.heading, s.text
    FROM sentences s JOIN documents d ON d.id = s.doc_id;
-- Who cites what, where.
CREATE VIEW IF NOT EXISTS citations AS
    SELECT m.canonical, r.type, r.number, r.symbol, r.issuer, m.doc_id, d.title,
           d.place, d.province, d.year, m.sentence_idx, m.text
    FROM ref_mentions m JOIN documents d ON d.id = m.doc_id
    LEFT JOIN refs r ON r.canonical = m.canonical;
CREATE VIEW IF NOT EXISTS sentences_fts_content AS
    SELECT id, text AS loose, text AS exact FROM sentences;
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    loose, exact,
    content='sentences_fts_content', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0',
    prefix='2 3 4'  -- prefix queries ('quan*') read these indexes instead of merging every term
);
