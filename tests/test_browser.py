"""The pages people open, rendered by a real (headless) browser: the compare report, the show page,
Datasette. Skipped when no Chromium is installed (CI installs Debian's)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from corpus_fixtures import build
from typer.testing import CliRunner

from pipeline.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def rendered(url: str, tmp_path: Path) -> str:
    """The DOM after the browser has loaded and rendered the page."""
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_compare_report_renders_with_its_plots(tmp_path):
    db = build(tmp_path / "corpus.db")
    page = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["compare", "--by", "province", "--db", str(db), "--html", str(page)]).exit_code == 0
    dom = rendered(page.as_uri(), tmp_path)
    assert "Cần Thơ" in dom and "Thành phố Hồ Chí Minh" in dom  # Vietnamese intact after rendering
    assert dom.count("data:image/png;base64,") >= 2


def test_the_show_page_renders_marked_spans(tmp_path):
    report = tmp_path / "bao-cao.txt"
    report.write_text("Đảng ủy phường Tân Định quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị; "
                      "kết nạp 15 đảng viên mới.\n", encoding="utf-8")
    page = tmp_path / "show.html"
    assert CliRunner().invoke(app, ["show", str(report), "--html", str(page)]).exit_code == 0
    dom = rendered(page.as_uri(), tmp_path)
    assert "Chỉ thị số 05-CT/TW của Bộ Chính trị" in dom and "<mark" in dom and "15 đảng viên" in dom
