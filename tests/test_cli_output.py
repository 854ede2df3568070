"""What `baocao` prints: document text never goes through rich markup, the version is printed."""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app

runner = CliRunner()


def test_text_with_brackets_prints_as_written(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Báo cáo sơ kết công tác Đảng [/b] năm 2024\n\n"
                      "Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới [theo kế hoạch].\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(report)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "[achievement]" in result.stdout and "[theo kế hoạch]" in result.stdout
    assert "không rõ" in result.stdout and "None" not in result.stdout


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"baocao {__version__}"
