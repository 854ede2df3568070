"""`baocao serve`: a real Datasette on a free local port, queried through its JSON API."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from corpus_fixtures import build

pytest.importorskip("datasette")

from pipeline.serve import metadata  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str, **params: str) -> dict | list:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


_DB: list[Path] = []


def server_db() -> Path:
    return _DB[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("serve") / "corpus.db")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _DB[:] = [db]
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            try:
                get(base, "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)  # `baocao serve` stops Datasette and cleans up
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_canned_search_folds_like_baocao_search(server):
    rows = get(server, "/corpus/search.json", q="nghi quyet", _shape="array")
    assert {(r["doc_id"], r["sentence_idx"]) for r in rows} == {
        ("q10-2023", 0), ("binhthuy-2022", 0), ("binhthuy-2022", 4), ("hoankiem-2023", 1)}
    assert any("«Nghị quyết» số 15-NQ/TU" in r["snippet"] for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_canned_search_with_fts_syntax_and_empty_input(server):
    rows = get(server, "/corpus/search.json", q='"Thành uỷ" OR "vỉa hè"', _shape="array")
    assert {r["doc_id"] for r in rows} == {"q10-2023", "binhthuy-2022", "hoankiem-2023", "q10-2024"}
    assert get(server, "/corpus/search.json", q="", _shape="array") == []


def test_canned_who_cites(server):
    rows = get(server, "/corpus/cites.json", ref="05-ct/tw", _shape="array")
    assert len(rows) == 4 and {r["canonical"] for r in rows} == {"5-CT/TW"}
    assert {r["mention"] for r in rows} == {"Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị 05",
                                            "Chỉ thị số 05-CT/TW"}
    assert all(r["mention"] in r["sentence"] for r in rows)
    local = get(server, "/corpus/cites.json", ref="15-NQ/TU@Hà Nội", _shape="array")
    assert [r["place"] for r in local] == ["Quận Hoàn Kiếm"]


def test_table_with_configured_facets(server):
    data = get(server, "/corpus/passages.json", _size="1")
    assert {"label", "province", "place", "year"} <= set(data["facet_results"])
    labels = {f["value"]: f["count"] for f in data["facet_results"]["label"]["results"]}
    assert labels == {"achievement": 8, "shortcoming": 5, "task": 5, "other": 2}
    cited = get(server, "/corpus/citations.json", _size="0")["facet_results"]["canonical"]["results"]
    assert cited[0] == {**cited[0], "value": "5-CT/TW", "count": 4}


def test_a_served_corpus_shows_a_later_run_and_refuses_writes(server):
    """A run may update the corpus while it is served: pages show the last committed state."""
    import sqlite3

    count = "select count(*) as n from documents"
    before = get(server, "/corpus.json", sql=count, _shape="array")[0]["n"]
    with sqlite3.connect(server_db()) as conn:  # what a run does: write in WAL mode, commit
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("insert into documents (id, source, json) select id || 'x', source || 'x', json "
                     "from documents limit 1")
    assert get(server, "/corpus.json", sql=count, _shape="array")[0]["n"] == before + 1
    with pytest.raises(urllib.error.HTTPError):
        get(server, "/corpus.json", sql="delete from documents")


def test_the_json_column_is_one_short_line_in_html_and_whole_in_the_api(server):
    with urllib.request.urlopen(f"{server}/corpus/documents", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert re.search(r"\{…\} \d+\.\d KB", page) and '"sentences":' not in page and "&#34;sentences&#34;" not in page
    reports = get(server, "/corpus/reports.json", _shape="array")
    assert list(reports[0])[:3] == ["title", "place", "province"] and "json" not in reports[0]
    row = get(server, "/corpus/documents.json", id="q10-2023", _shape="array")[0]
    assert json.loads(row["json"])["metadata"]["place"] == "Quận 10"  # whole, not the short line


def test_metadata_follows_the_database_file_name():
    data = metadata("build/baocao-2024.db")
    assert list(data["databases"]) == ["baocao-2024"]
    assert {"search", "cites"} <= set(data["databases"]["baocao-2024"]["queries"])


def test_datasette_pages_render_in_a_browser(server, tmp_path):
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium installed")
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update",
                           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f"{server}/corpus/documents"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "documents" in done.stdout and "Quận" in done.stdout  # the table, Vietnamese intact
