"""The corpus database: what `Corpus.add` stores, incremental runs, removal, export."""

from __future__ import annotations

import copy
import json
import sqlite3

import pandas as pd
import pytest
from corpus_fixtures import DOCS, build, make_doc

from pipeline.export import export
from pipeline.query import search
from pipeline.store import TABLES, Corpus, StoreError, connect


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("store") / "corpus.db")


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.parametrize("table, count", [
    ("documents", 4), ("sentences", 20), ("refs", 6), ("ref_mentions", 10), ("entities", 9),
])
def test_row_counts(db, table, count):
    assert rows(db, f"SELECT count(*) FROM {table}") == [(count,)]


def test_document_row(db):
    assert rows(db, "SELECT title, date, year, place, province, format, content_hash, n_sentences"
                    " FROM documents WHERE id = 'binhthuy-2022'") == [
        ("Báo cáo quận Bình Thủy", "2022-07-15", 2022, "quận Bình Thủy", "Cần Thơ", "txt",
         "hash-binhthuy-2022", 5)]


def test_sentence_spans_and_labels_are_kept(db):
    text = DOCS[2]["text"]
    for idx, start, end, sentence, label, heading in rows(
            db, 'SELECT idx, start, "end", text, label, heading FROM sentences'
                " WHERE doc_id = 'hoankiem-2023' ORDER BY idx"):
        assert text[start:end] == sentence
        assert (label, heading) == ((DOCS[2]["sentences"][idx]["label"]), int(idx == 0))


@pytest.mark.parametrize("tokens, stored", [
    (["Ban Thường vụ", "Quận ủy", "đã", "lãnh đạo"], "Ban_Thường_vụ Quận_ủy đã lãnh_đạo"),
    (["Nghị quyết", "số", "15-NQ/TU"], "Nghị_quyết số 15-NQ/TU"),
    ([], ""),
])
def test_tokens_are_stored_vlsp_style(tmp_path, tokens, stored):
    doc = make_doc("t", "Quận 3", None, None, [("Ban Thường vụ Quận ủy đã lãnh đạo.", "other")])
    doc["sentences"][0]["tokens"] = tokens
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add(doc, "h")
    assert rows(tmp_path / "c.db", "SELECT tokens FROM sentences") == [(stored,)]


@pytest.mark.parametrize("text, label, value, unit", [
    ("4.164 đảng viên", "COUNT", 4164.0, "đảng viên"),
    ("101 TCCSĐ", "COUNT", 101.0, "TCCSĐ"),
    ("102%", "PERCENT", 102.0, "%"),
    ("Ban Thường vụ Quận ủy", "ORG", None, None),
])
def test_entity_value_and_unit_come_from_norm(db, text, label, value, unit):
    found = rows(db, "SELECT label, value, unit, norm FROM entities WHERE doc_id = 'q10-2023' AND text = ?", text)
    assert [(lab, val, u) for lab, val, u, _ in found] == [(label, value, unit)]
    assert isinstance(json.loads(found[0][3]), dict)


@pytest.mark.parametrize("doc_id, mention, sentence_idx", [
    ("q10-2023", "Chỉ thị 05-CT/TW của Bộ Chính trị", 2),
    ("q10-2023", "Chỉ thị 05", 4),
    ("hoankiem-2023", "Nghị quyết 15-NQ/TU của Thành ủy Hà Nội", 1),
    ("binhthuy-2022", "Nghị quyết Trung ương 4 khóa XII", 0),
])
def test_mentions_know_their_sentence(db, doc_id, mention, sentence_idx):
    assert rows(db, "SELECT sentence_idx FROM ref_mentions WHERE doc_id = ? AND text = ?",
                doc_id, mention) == [(sentence_idx,)]


def test_refs_one_row_per_document_with_gazetteer_subject(db):
    assert rows(db, "SELECT canonical, type, number, symbol, issuer, subject FROM refs"
                    " WHERE canonical = '5-CT/TW'") == [
        ("5-CT/TW", "Chỉ thị", "5", "CT/TW", "Bộ Chính trị",
         "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")]


def test_later_reports_fill_what_earlier_ones_left_empty(tmp_path):
    bare = make_doc("a", "Quận 5", None, None, [("Thực hiện Quy định 101.", "other")],
                    refs=[{"type": "Quy định", "number": "101", "canonical": "101-QĐ/TW",
                           "mentions": ["Quy định 101"]}])
    full = make_doc("b", "Quận 6", None, None, [("Thực hiện Quy định 101-QĐ/TW của Ban Bí thư.", "other")],
                    refs=[{"type": "Quy định", "number": "101", "symbol": "QĐ/TW", "issuer": "Ban Bí thư",
                           "canonical": "101-QĐ/TW", "mentions": ["Quy định 101-QĐ/TW"]}])
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add(bare, "h")
        corpus.add(full, "h")
    assert rows(tmp_path / "c.db", "SELECT symbol, issuer FROM refs") == [("QĐ/TW", "Ban Bí thư")]


def test_has_tells_an_incremental_run_what_to_skip(tmp_path):
    path = build(tmp_path / "c.db")
    with Corpus(path) as corpus:
        assert corpus.has("q10-2023", "hash-q10-2023")
        assert not corpus.has("q10-2023", "hash-of-a-newer-version")
        assert not corpus.has("unknown", "hash-q10-2023")


def test_adding_again_replaces_the_old_version(tmp_path):
    path = build(tmp_path / "c.db")
    newer = copy.deepcopy(DOCS[3])
    newer["sentences"] = newer["sentences"][:1]
    newer["sentences"][0]["label"] = "other"
    newer["references"] = []
    with Corpus(path) as corpus:
        corpus.add(newer, "hash-2")
        assert corpus.has("q10-2024", "hash-2") and not corpus.has("q10-2024", "hash-q10-2024")
    assert rows(path, "SELECT count(*), min(label) FROM sentences WHERE doc_id = 'q10-2024'") == [(1, "other")]
    assert rows(path, "SELECT count(*) FROM ref_mentions WHERE doc_id = 'q10-2024'") == [(0,)]
    # The full-text index forgot the sentences that are gone.
    assert search(path, "biên chế").empty
    assert list(search(path, "sáu tháng đầu năm").doc_id) == ["q10-2024"]


def test_remove_missing_deletes_documents_and_orphaned_refs(tmp_path):
    path = build(tmp_path / "c.db")
    with Corpus(path) as corpus:
        removed = corpus.remove_missing(["q10-2023", "hoankiem-2023", "q10-2024"])
        assert removed == 1 and corpus.ids() == {"q10-2023", "hoankiem-2023", "q10-2024"}
    canonicals = {c for (c,) in rows(path, "SELECT canonical FROM refs")}
    assert "NQTW4/XII" not in canonicals and "15-NQ/TU@Cần Thơ" not in canonicals
    assert "5-CT/TW" in canonicals  # still cited by the others
    assert search(path, "vỉa hè").empty
    assert rows(path, "SELECT count(*) FROM sentences WHERE doc_id = 'binhthuy-2022'") == [(0,)]


def test_a_failed_transaction_stores_nothing(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        with pytest.raises(RuntimeError), corpus.transaction():
            corpus.add(DOCS[0], "h")
            raise RuntimeError("crash half-way through a run")
        assert corpus.ids() == set()
        with corpus.transaction():
            corpus.add(DOCS[0], "h")
        assert corpus.ids() == {"q10-2023"}


@pytest.mark.parametrize("broken", [
    {"source": "x"},  # no id
    {"id": "x", "sentences": [{"text": "Câu không có vị trí."}]},
    "not a document",
])
def test_a_malformed_document_is_a_store_error_and_leaves_nothing(tmp_path, broken):
    with Corpus(tmp_path / "c.db") as corpus:
        with pytest.raises(StoreError, match="not a contract document"):
            corpus.add(broken, "h")
        assert corpus.ids() == set()


def test_missing_or_foreign_database_gives_a_one_line_error(tmp_path):
    with pytest.raises(StoreError, match="run `baocao run` first") as missing:
        connect(tmp_path / "nowhere.db")
    assert "\n" not in str(missing.value)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a baocao corpus"):
        connect(other)
    (tmp_path / "text.db").write_text("không phải SQLite " * 100)
    with pytest.raises(StoreError):
        connect(tmp_path / "text.db")


@pytest.mark.parametrize("fmt, read", [("parquet", pd.read_parquet), ("csv", pd.read_csv)])
def test_export_writes_every_table_readable_by_pandas(db, tmp_path, fmt, read):
    paths = export(db, tmp_path / fmt, fmt)
    assert sorted(paths) == sorted(TABLES)
    sentences = read(paths["sentences"])
    assert len(sentences) == 20 and {"doc_id", "idx", "label", "text", "tokens"} <= set(sentences.columns)
    assert "Thành uỷ" in " ".join(sentences.text)
    assert len(read(paths["documents"])) == 4


def test_export_rejects_unknown_format(db, tmp_path):
    with pytest.raises(StoreError, match="parquet or csv"):
        export(db, tmp_path, "xlsx")
