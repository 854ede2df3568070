"""Search, references and comparison over a small corpus built here."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest
from corpus_fixtures import build, make_doc

from pipeline.query import (QueryError, citing, compare, indicators, match_expression, place_matches, ref_matches,
                            refs, resolve, search)
from pipeline.report import compare_report


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("query") / "corpus.db")


def hits(db, query, **filters) -> set[tuple[str, int]]:
    found = search(db, query, limit=100, **filters)
    return set(zip(found.doc_id, found.sentence_idx))


# --- folding: loose search ignores diacritics and tone style; exact keeps diacritics.

@pytest.mark.parametrize("query, exact, expected", [
    ("Nghị quyết", False, {("q10-2023", 0), ("binhthuy-2022", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1)}),
    ("nghi quyet", False, {("q10-2023", 0), ("binhthuy-2022", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1)}),
    ("NGHỊ QUYẾT", True, {("q10-2023", 0), ("binhthuy-2022", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1)}),
    ('"Thành uỷ"', False, {("q10-2023", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1), ("q10-2024", 3)}),
    ('"Thành ủy"', False, {("q10-2023", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1), ("q10-2024", 3)}),
    ('"Thành uỷ"', True, {("q10-2023", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1), ("q10-2024", 3)}),
    ('"thanh uy"', True, set()),  # exact: no diacritics, no match
    ("Bình Thủy", False, {("binhthuy-2022", 2)}),  # written 'Bình Thuỷ'
    ("quy định", False, {("q10-2023", 4), ("q10-2024", 1)}),  # 'Quy định' and 'Qui định'
    ("đang", True, {("binhthuy-2022", 1)}),  # not 'Đảng', not 'đảng viên'
    ("vỉa hè", True, {("binhthuy-2022", 1)}),
])
def test_folding(db, query, exact, expected):
    assert hits(db, query, exact=exact) == expected


def test_exact_dang_is_not_dang(db):
    party = hits(db, "Đảng", exact=True)
    assert ("binhthuy-2022", 1) not in party  # 'đang có chiều hướng'
    assert {("q10-2024", 0), ("binhthuy-2022", 2)} <= party
    assert ("binhthuy-2022", 1) in hits(db, "Đảng")  # loose search folds 'đ' and tones


@pytest.mark.parametrize("query, expected", [
    ('"Nghị quyết số 15"', {("q10-2023", 0), ("binhthuy-2022", 4)}),  # a phrase
    ("Nghị quyết số 15", {("q10-2023", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1)}),  # all words
    ('"vỉa hè" OR "biên chế"', {("binhthuy-2022", 1), ("q10-2024", 3)}),
    ("kết nạp NOT mới", {("q10-2024", 0)}),
    ("chỉnh đố*", {("binhthuy-2022", 2)}),
    ("05-CT/TW", {("q10-2023", 2), ("binhthuy-2022", 2)}),
    ("(vỉa OR biên) AND chế", {("q10-2024", 3)}),
])
def test_fts_syntax(db, query, expected):
    assert hits(db, query) == expected


@pytest.mark.parametrize("query, exact, expression", [
    ("Nghị quyết", False, 'loose : ("nghi" "quyet")'),
    ("Đảng", True, 'exact : ("đảng")'),
    ('"Thành uỷ" OR Huyện*', False, 'loose : ("thanh uy" OR "huyen"*)'),
    ('"Thành uỷ" OR Huyện*', True, 'exact : ("thành ủy" OR "huyện"*)'),
    ("15-NQ/TU: col", False, 'loose : ("15-nq/tu:" "col")'),
])
def test_match_expression(query, exact, expression):
    assert match_expression(query, exact) == expression


@pytest.mark.parametrize("query", ['"unbalanced', "AND AND", "đảng AND AND viên", "NOT", "(đảng",
                                   "- / ,"])
def test_bad_queries_raise_a_one_line_query_error(db, query):
    with pytest.raises(QueryError) as error:
        search(db, query)
    assert "\n" not in str(error.value)


# --- filters, ranking, snippets.

@pytest.mark.parametrize("filters, expected", [
    ({"label": "shortcoming"}, {("hoankiem-2023", 2)}),
    ({"place": "Quận 10"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("q10-2024", 0)}),
    ({"place": "quận 10"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("q10-2024", 0)}),
    ({"place": "10"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("q10-2024", 0)}),
    ({"place": "Quận 1"}, set()),
    ({"place": "Bình Thuỷ"}, {("binhthuy-2022", 0), ("binhthuy-2022", 3)}),
    ({"province": "Hồ Chí Minh"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("q10-2024", 0)}),
    ({"province": "Cần Thơ", "label": "task"}, {("binhthuy-2022", 3)}),
    ({"year": 2023}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("hoankiem-2023", 2)}),
    ({"ref": "05-CT/TW"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("binhthuy-2022", 0),
                           ("binhthuy-2022", 3), ("hoankiem-2023", 2)}),
    ({"ref": "101-qd/tw"}, {("q10-2023", 0), ("q10-2023", 1), ("q10-2023", 5), ("q10-2024", 0)}),
    ({"ref": "NQTW4/XII", "year": 2022}, {("binhthuy-2022", 0), ("binhthuy-2022", 3)}),
])
def test_filters(db, filters, expected):
    assert hits(db, "đảng viên", **filters) == expected


def test_empty_query_lists_what_the_filters_select(db):
    found = search(db, "", label="shortcoming", place="Hoàn Kiếm")
    assert list(found.sentence_idx) == [1, 2] and found.score.isna().all()


def test_unknown_label_is_a_query_error(db):
    with pytest.raises(QueryError, match="achievement, shortcoming, task, other"):
        search(db, "đảng", label="hạn chế")


def test_bm25_ranks_dense_short_sentences_first(tmp_path):
    path = build(tmp_path / "rank.db", [make_doc("r", "Quận 3", "Thành phố Hồ Chí Minh", "2023-01-05", [
        ("Công tác kiểm tra, giám sát của Ủy ban Kiểm tra Quận ủy được duy trì thường xuyên, đúng quy "
         "định, trong đó có nội dung liên quan đến việc phát triển đảng viên ở các chi bộ khu phố.", "other"),
        ("Kết nạp đảng viên mới.", "achievement"),
        ("Chất lượng đảng viên và chất lượng sinh hoạt chi bộ từng bước được nâng lên.", "achievement"),
        ("Công tác cải cách hành chính được đẩy mạnh.", "achievement"),
    ])])
    found = search(path, "đảng viên")
    assert list(found.sentence_idx) == [1, 2, 0]
    assert found.score.is_monotonic_decreasing and found.score.iloc[-1] > 0


@pytest.mark.parametrize("query, exact, marked", [
    ("nghi quyet", False, "«Nghị quyết» số 15-NQ/TU của Thành uỷ"),
    ('"Thành ủy"', True, "của «Thành uỷ» về"),
    ("4.164", False, "có «4.164» đảng viên"),
])
def test_snippets_mark_hits_in_the_original_text(db, query, exact, marked):
    found = search(db, query, exact=exact, place="Quận 10", year=2023)
    assert any(marked in snippet for snippet in found.snippet), list(found.snippet)


@pytest.mark.parametrize("value, query, expected", [
    ("quận Bình Thủy", "Bình Thuỷ", True),
    ("quận Bình Thủy", "QUẬN BÌNH THỦY", True),
    ("Quận 10", "10", True),
    ("Quận 10", "Quận 1", False),
    ("Quận 10", "uận 10", False),
    (None, "Quận 10", False),
])
def test_place_matches(value, query, expected):
    assert place_matches(value, query) is expected


# --- references.

def test_refs_counts_reports_mentions_and_places(db):
    table = refs(db).set_index("canonical")
    assert table.loc["5-CT/TW", ["n_reports", "n_mentions", "places"]].tolist() == [
        3, 4, "Quận 10; Quận Hoàn Kiếm; quận Bình Thủy"]
    assert table.loc["101-QĐ/TW", ["n_reports", "n_mentions", "places"]].tolist() == [2, 2, "Quận 10"]
    assert table.index[0] == "5-CT/TW"  # most reports first
    assert table.loc["5-CT/TW", "subject"].startswith("Đẩy mạnh học tập")


@pytest.mark.parametrize("query, expected", [
    ("CT/TW", ["5-CT/TW"]),
    ("chỉ thị 05", ["5-CT/TW"]),
    ("bo chinh tri", ["5-CT/TW"]),
    ("nghị quyết 15", ["15-NQ/TU@Cần Thơ", "15-NQ/TU@Hà Nội", "15-NQ/TU@Thành phố Hồ Chí Minh"]),
    ("qđ/tw", ["101-QĐ/TW"]),
    ("kết luận", []),
])
def test_refs_partial_query_filters_the_table(db, query, expected):
    assert sorted(refs(db, query).canonical) == expected


@pytest.mark.parametrize("ref, expected", [
    ("05-CT/TW", ["5-CT/TW"]),
    ("5-CT/TW", ["5-CT/TW"]),
    ("05-ct/tw", ["5-CT/TW"]),
    ("NQTW4/XII", ["NQTW4/XII"]),
    ("nqtw4/xii", ["NQTW4/XII"]),
    ("101-qd/tw", ["101-QĐ/TW"]),
    ("15-NQ/TU", ["15-NQ/TU@Cần Thơ", "15-NQ/TU@Hà Nội", "15-NQ/TU@Thành phố Hồ Chí Minh"]),
    ("15-NQ/TU@Ha Noi", ["15-NQ/TU@Hà Nội"]),
    ("15-nq/tu@Cần Thơ", ["15-NQ/TU@Cần Thơ"]),
    ("16-NQ/TU", []),
    ("05", []),
])
def test_resolve_reference(db, ref, expected):
    assert resolve(db, ref) == expected


@pytest.mark.parametrize("canonical, query, expected", [
    ("01-CTr/QU@Hà Nội/Quận Long Biên", "01-CTr/QU", True),
    ("01-CTr/QU@Hà Nội/Quận Long Biên", "1-ctr/qu@Hà Nội", True),
    ("01-CTr/QU@Hà Nội/Quận Long Biên", "01-CTr/QU@Long Biên", True),
    ("01-CTr/QU@Hà Nội/Quận Long Biên", "01-CTr/QU@Hà Nội/Quận 1", False),
    ("15-NQ/TU@Cần Thơ", "15-NQ/TU@Hà Nội", False),
    ("60/2003/NĐ-CP", "60/2003/nd-cp", True),
    ("NQTW6(2)/VIII", "NQTW6(2)/VIII", True),
    ("NQTW6(2)/VIII", "NQTW6/VIII", False),
])
def test_ref_matches(canonical, query, expected):
    assert ref_matches(canonical, query) is expected


def test_citing_gives_each_mention_with_the_sentences_around_it(db):
    found = citing(db, "05-ct/tw")
    assert list(dict.fromkeys(found.doc_id)) == ["binhthuy-2022", "hoankiem-2023", "q10-2023"]  # by date
    q10 = found[found.doc_id == "q10-2023"]
    assert list(q10.sentence_idx) == [1, 2, 3, 4, 5]
    assert list(q10.role) == ["context", "mention", "context", "mention", "context"]
    assert list(q10.label) == ["achievement", "achievement", "shortcoming", "task", "other"]
    assert q10.mention.tolist()[1::2] == ["Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị 05"]
    # A mention in the last sentence has only the sentence before it.
    assert list(found[found.doc_id == "hoankiem-2023"].sentence_idx) == [3, 4]


def test_citing_a_local_reference_stays_in_its_province(db):
    assert set(citing(db, "15-NQ/TU@Hà Nội").doc_id) == {"hoankiem-2023"}
    assert set(citing(db, "15-NQ/TU").doc_id) == {"hoankiem-2023", "binhthuy-2022", "q10-2023"}
    assert citing(db, "16-NQ/TU").empty


# --- compare.

@pytest.mark.parametrize("by", ["place", "province", "year"])
def test_compare_shares_sum_to_one(db, by):
    table = compare(db, by)
    shares = table[[c for c in table.columns if c.startswith("share_")]].sum(axis=1)
    assert shares.round(3).eq(1).all()
    assert table.documents.sum() == 4 and table.sentences.sum() == 20


def test_compare_by_place(db):
    table = compare(db, "place").set_index("place")
    assert table.documents.to_dict() == {"Quận 10": 2, "quận Bình Thủy": 1, "Quận Hoàn Kiếm": 1}
    q10 = table.loc["Quận 10"]
    assert (q10.n_achievement, q10.n_shortcoming, q10.n_task, q10.n_other) == (5, 2, 2, 1)
    assert q10.share_achievement == 0.5
    assert q10.top_refs == "101-QĐ/TW (2); 5-CT/TW (2); 15-NQ/TU@Thành phố Hồ Chí Minh (1)"
    # indicators, never sums: the latest period of each ('2024-H1' after '2023'), not 245 + 130
    assert (q10.members_admitted, q10.members_admitted_period) == (130, "2024-H1")
    assert (q10.members_total, q10.members_total_period, q10.grassroots_orgs) == (4164, "2023", 101)
    assert table.loc["Quận Hoàn Kiếm", "orgs_rated_good"] == 96.5
    assert table.loc["quận Bình Thủy"].isna()[["members_admitted", "conflicts"]].all()  # a target is no value
    assert not any(c.endswith(("_sum", "_mean")) for c in table.columns)
    assert "members_total" not in compare(db, "province")  # a district's figure is not its province's


def test_compare_shows_disagreeing_reports_as_a_conflict(tmp_path):
    docs = [make_doc(f"d{i}", "Huyện Yên Mỹ", "Hưng Yên", "2023-12-01",
                     [(f"Đảng bộ huyện có {n} đảng viên.", "other")],
                     indicators=[("members_total", f"{n} đảng viên", n, "2023")])
            for i, n in enumerate(["7.120", "7.210"])]
    for doc, value in zip(docs, (7120, 7210)):
        doc["indicators"][0]["value"] = value
    row = compare(build(tmp_path / "c.db", docs), "place").iloc[0]
    assert pd.isna(row.members_total) and row.members_total_period == "2023"
    assert row.conflicts == "members_total 2023: 7120 / 7210"


def test_compare_keeps_a_share_apart_from_the_count_it_was_read_beside(tmp_path):
    sentence = "Có 4.164 đảng viên hoàn thành tốt nhiệm vụ (đạt tỷ lệ 94,87%)."
    doc = make_doc("d", "quận Bình Thủy", "Cần Thơ", "2018-01-10", [(sentence, "achievement")],
                   indicators=[("members_rated_good", "4.164 đảng viên", 4164, "2017", "đảng viên"),
                               ("members_rated_good", "94,87%", 94.87, "2017")])
    db = build(tmp_path / "c.db", [doc])
    row = compare(db, "place").iloc[0]
    assert (row.members_rated_good, row.members_rated_good_period) == (94.87, "2017")
    assert pd.isna(row.conflicts)
    assert not indicators(db).conflict.any() and set(indicators(db).unit) == {"đảng viên", "%"}


def test_compare_by_year(db):
    table = compare(db, "year").set_index("year")
    assert table.documents.to_dict() == {2022: 1, 2023: 2, 2024: 1}
    assert table.loc[2023, "top_refs"].startswith("5-CT/TW (3)")


def test_compare_rejects_unknown_grouping(db):
    with pytest.raises(QueryError, match="place, province, year"):
        compare(db, "district")


def test_compare_report_is_one_self_contained_page(db, tmp_path):
    page = compare_report(db, "place", tmp_path / "report.html").read_text("utf-8")
    plots = re.findall(r'<img alt="([^"]*)" src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)
    # shares, references, a bar chart per indicator found, and a time series for the one
    # indicator a place states in two years (Quận 10's admissions in 2023 and 2024-H1)
    assert plots[:2] == ["Tỉ lệ câu kết quả / hạn chế / nhiệm vụ / khác",
                         "Số lần nhắc đến các văn bản được trích dẫn nhiều nhất"]
    assert plots[2:] == ["Đảng viên kết nạp mới (đảng viên)", "Tổng số đảng viên (đảng viên)",
                         "Tổ chức cơ sở đảng (tổ chức)", "TCCSĐ hoàn thành tốt nhiệm vụ (%)",
                         "Đảng viên kết nạp mới (đảng viên)"]
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "quận Bình Thủy" in page and "tỉ lệ hạn chế" in page and "101-QĐ/TW (2)" in page
    assert "Các giá trị và câu nguồn" in page and "Toàn quận có 96,5% tổ chức cơ sở đảng" in page
    assert "(tổng)" not in page and "trung bình" not in page


def test_compare_without_any_reference(tmp_path):
    """A corpus whose reports cite nothing still compares (top_refs empty)."""
    from pipeline.store import Corpus

    db = tmp_path / "plain.db"
    text = "Đảng bộ phường tổ chức hội nghị sơ kết."
    with Corpus(db) as corpus:
        corpus.add({"id": "a", "source": "a.txt", "metadata": {"title": "Sơ kết", "date": "2021-03-02",
                    "place": "Phường 5", "province": "Thành phố Hồ Chí Minh"}, "text": text,
                    "sentences": [{"text": text, "start": 0, "end": len(text), "label": "achievement",
                                   "confidence": 0.9, "tokens": text.split()}],
                    "references": [], "entities": []}, "hash")
    frame = compare(db, by="place")
    assert frame.loc[0, "place"] == "Phường 5"
    assert frame.loc[0, "share_achievement"] == 1.0
    assert frame["top_refs"].isna().all()


def test_too_broad_query_is_flagged_unranked(db, monkeypatch):
    """Past SETTINGS.rank_window matches, results are unranked and say so (the CLI prints a note)."""
    import pipeline.query

    ranked = search(db, "đảng", limit=3)
    assert ranked.attrs["ranked"] and ranked["score"].notna().all()
    monkeypatch.setattr(pipeline.query, "SETTINGS", replace(pipeline.query.SETTINGS, rank_window=1))
    broad = search(db, "đảng", limit=3)
    assert broad.attrs["ranked"] is False
    assert broad["score"].isna().all() and 1 <= len(broad) <= 3
    assert all("«" in s for s in broad["snippet"])


@pytest.mark.parametrize("written", ["Chỉ thị 5-CT/TW", "Chỉ thị số 05-CT/TW", "chỉ thị 05", "CT 05-CT/TƯ"])
def test_a_reference_as_people_write_it_resolves_to_its_key(db, written):
    from pipeline.query import resolve

    assert resolve(db, written) == resolve(db, "05-CT/TW") != []


def test_words_side_by_side_and_sentences_rank_before_scattered_words_and_headings(tmp_path):
    path = build(tmp_path / "phrase.db", [make_doc("p", "Quận 3", "Thành phố Hồ Chí Minh", "2023-01-05", [
        ("Hội nghị đã biểu quyết thông qua chương trình.", "other"),
        ("NGHỊ QUYẾT", "other"),
        ("Các chi bộ đã quán triệt Nghị quyết của Đảng ủy phường đến toàn thể đảng viên.", "achievement"),
    ])])
    found = search(path, "nghi quyet")
    assert list(found.sentence_idx)[0] == 2
