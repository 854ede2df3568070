"""`baocao search|refs|compare|export|serve`: the CLI mirrors pipeline/query.py and fails in one line."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from corpus_fixtures import build
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
COMMANDS = ["search", "refs", "compare", "export", "serve"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(build(tmp_path_factory.mktemp("cli") / "corpus.db"))


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.stdout and "Usage" in result.stdout


@pytest.mark.parametrize("args", [[c] for c in ("search x", "refs", "compare", "serve")])
def test_a_missing_database_says_to_run_baocao_run_first(tmp_path, args):
    command, *rest = args[0].split()
    result = run(command, *rest, "--db", str(tmp_path / "corpus.db"))
    assert result.exit_code == 1
    assert "run `baocao run` first" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_without_database(tmp_path):
    result = run("export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "baocao run" in result.stderr


@pytest.mark.parametrize("columns", [80, 200])
def test_search_in_a_pipe_prints_each_hit_in_full(db, columns):
    result = runner.invoke(app, ["search", "nghi quyet", "--db", db, "--place", "Hoàn Kiếm"],
                           env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    text = " ".join(" ".join(lines).split())
    assert "«Nghị quyết» 15-NQ/TU của Thành ủy Hà Nội ở một số cơ sở còn chậm." in text
    assert "place: Quận Hoàn Kiếm" in text and "label: shortcoming" in text and "[bold" not in text


@pytest.mark.parametrize("command", [["refs"], ["compare", "--by", "place"]])
def test_tables_in_a_pipe_lose_no_column_at_80_columns(db, command):
    narrow = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": "80"})
    wide = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": "200"})
    assert narrow.exit_code == wide.exit_code == 0
    assert all(len(line) <= 80 for line in narrow.stdout.splitlines())
    assert "…" not in narrow.stdout
    assert " ".join(narrow.stdout.split()) .replace(" ", "") == " ".join(wide.stdout.split()).replace(" ", "")


@pytest.mark.parametrize("args, expected", [
    (["Thành ủy", "--province", "Hồ Chí Minh"], {("q10-2023", 0), ("q10-2024", 3)}),
    (["đang", "--exact"], {("binhthuy-2022", 1)}),
    (["đảng viên", "--label", "task", "--year", "2022"], {("binhthuy-2022", 3)}),
    (["Đảng", "--ref", "05-CT/TW", "--exact", "--label", "achievement", "--place", "Bình Thủy"],
     {("binhthuy-2022", 0), ("binhthuy-2022", 2)}),
])
def test_search_csv_mirrors_the_query_api(db, args, expected):
    result = run("search", *args, "--db", db, "--csv")
    assert result.exit_code == 0, result.stderr
    found = pd.read_csv(io.StringIO(result.stdout))
    assert set(zip(found.doc_id, found.sentence_idx)) == expected
    assert {"document", "place", "date", "label", "snippet", "score"} <= set(found.columns)


def test_search_json(db):
    result = run("search", "vỉa hè", "--db", db, "--json")
    records = json.loads(result.stdout)
    assert [r["doc_id"] for r in records] == ["binhthuy-2022"] and "«vỉa hè»" in records[0]["snippet"]


@pytest.mark.parametrize("args, message", [
    (['"unbalanced'], "unbalanced quote"),
    (["AND AND"], "nothing to search for"),
])
def test_search_errors_are_one_line(db, args, message):
    result = run("search", *args, "--db", db)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_refs_without_query_lists_referenced_documents(db):
    result = run("refs", "--db", db, "--csv")
    table = pd.read_csv(io.StringIO(result.stdout))
    assert table.canonical.iloc[0] == "5-CT/TW" and table.n_reports.iloc[0] == 3
    assert len(table) == 6


def test_refs_with_a_type_and_number_lists_every_such_document(db):
    """'nghị quyết 15' names no issuer: the citations of every Nghị quyết 15 are listed."""
    result = run("refs", "nghị quyết 15", "--db", db, "--csv")
    canonicals = pd.read_csv(io.StringIO(result.stdout)).canonical.dropna()
    assert sorted(set(canonicals)) == ["15-NQ/TU@Cần Thơ", "15-NQ/TU@Hà Nội", "15-NQ/TU@Thành phố Hồ Chí Minh"]


def test_refs_with_words_filters_the_table(db):
    result = run("refs", "NQ/TU", "--db", db, "--csv")
    assert {"15-NQ/TU@Hà Nội"} <= set(pd.read_csv(io.StringIO(result.stdout)).canonical)


def test_refs_with_a_reference_shows_citing_reports_and_context(db):
    result = run("refs", "05-ct/tw", "--db", db)
    assert result.exit_code == 0, result.stderr
    for text in ("Báo cáo quận Bình Thủy", "Báo cáo Quận 10", "[nhiệm vụ]",
                 "Tuy nhiên, công tác kiểm tra, giám sát"):
        assert text in result.stdout
    rows = json.loads(run("refs", "05-ct/tw", "--db", db, "--json").stdout)
    assert {r["role"] for r in rows} == {"mention", "context"} and len(rows) == 10


def test_compare_writes_the_html_report(db, tmp_path):
    html = tmp_path / "report.html"
    result = run("compare", "--by", "province", "--html", str(html), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "Cần Thơ" in result.stdout and html.read_text("utf-8").count("data:image/png;base64,") == 2
    assert "members_total" not in result.stdout  # a district's figure is not its province's
    by_place = run("compare", "--by", "place", "--html", str(html), "--db", db)
    assert "members_total (period)" in by_place.stdout and "4164 (2023)" in by_place.stdout
    assert html.read_text("utf-8").count("data:image/png;base64,") == 7  # + 4 indicators, 1 series


def test_compare_csv_and_bad_grouping(db):
    table = pd.read_csv(io.StringIO(run("compare", "--by", "year", "--db", db, "--csv").stdout))
    assert table.year.tolist() == [2022, 2023, 2024]
    result = run("compare", "--by", "ward", "--db", db)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert all(choice in result.stderr for choice in ("place", "province", "year"))


def test_choices_are_listed_in_help_and_checked(db):
    assert "achievement|shortcoming|task|other" in run("search", "--help").stdout
    assert "local|dask" in run("run", "--help").stdout and "parquet|csv" in run("export", "--help").stdout
    assert "<bool>" not in run("search", "--help").stdout
    result = run("search", "đảng", "--label", "bad", "--db", db)
    assert result.exit_code == 2 and "achievement" in result.stderr


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export(db, tmp_path, fmt):
    result = run("export", "--db", db, "--out", str(tmp_path), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    assert len(read(tmp_path / f"ref_mentions.{fmt}")) == 10


@pytest.mark.parametrize("args", [["dang", "--year", "99999999999999999999"], ["dang", "--limit", "99999999999999999999"],
                                  [" ".join(["dang"] * 2000)]])
def test_out_of_range_searches_are_one_line(db, args):
    result = run("search", *args, "--db", db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_exports_keep_types_and_excel_gets_a_bom(db, tmp_path):
    import pyarrow.parquet as pq

    assert run("export", "--db", db, "--out", str(tmp_path / "p")).exit_code == 0
    schema = pq.read_schema(tmp_path / "p" / "documents.parquet")
    assert str(schema.field("date").type) == "date32[day]" and str(schema.field("year").type) == "int64"
    assert run("export", "--db", db, "--out", str(tmp_path / "c"), "--format", "csv", "--excel").exit_code == 0
    assert (tmp_path / "c" / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert run("export", "--db", db, "--out", str(tmp_path / "u"), "--format", "csv").exit_code == 0
    assert not (tmp_path / "u" / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
