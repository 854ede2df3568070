"""Every threshold in one settings object: a YAML file overrides it, and the stages read it."""

from __future__ import annotations

from dataclasses import replace

import pytest

import pipeline.clean
from pipeline.readers import BadInput, RawDocument
from pipeline.settings import DEFAULTS, SETTINGS, load, overrides, use


def test_a_yaml_section_overrides_named_fields_only(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("corpus: corpora/sample\nsettings:\n  caption_max_words: 12\n  rank_window: 50\n",
                    encoding="utf-8")
    changed = load(path)
    assert (changed.caption_max_words, changed.rank_window) == (12, 50)
    assert changed.max_chars == SETTINGS.max_chars  # the rest stays as it was


def test_an_unknown_setting_is_one_clear_error(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("settings:\n  caption_words: 12\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown setting 'caption_words'"):
        load(path)


def test_the_stage_reads_the_setting_when_it_runs(monkeypatch):
    text = "Đảng bộ phường đã kết nạp 12 đảng viên mới trong năm 2024."
    raw = RawDocument("bao-cao.txt", text.encode(), text, "txt")
    assert pipeline.clean.clean(raw).text.startswith("Đảng bộ phường")
    monkeypatch.setattr(pipeline.clean, "SETTINGS", replace(SETTINGS, max_chars=20))
    with pytest.raises(BadInput, match=r"document too long \(58 characters > 20\)"):
        pipeline.clean.clean(raw)


@pytest.fixture()
def restore_settings():
    yield
    use(DEFAULTS)


REPORT = ("Báo cáo công tác xây dựng Đảng năm 2024\n\nĐảng bộ phường đã kết nạp 12 đảng viên mới, "
          "đạt 120% kế hoạch năm. Công tác kiểm tra, giám sát được tăng cường.\n")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_settings_file_reaches_every_stage_and_worker(tmp_path, restore_settings, workers):
    """`baocao --settings FILE run`: the stages read the file's values, in worker processes too."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bao-cao.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "params.yaml").write_text("settings:\n  max_chars: 40\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--settings", str(tmp_path / "params.yaml"), "run", str(tmp_path / "in"),
                                      "--out", str(tmp_path / "out"), "--workers", workers])
    assert "document too long" in result.output and "0 documents done, 1 skipped" in result.output
    assert overrides() == {"max_chars": 40}


@pytest.mark.parametrize("content, message", [
    ("settings:\n  max_chars: many\n", "setting 'max_chars' must be a int"),
    ("settings: [1, 2]\n", "'settings:' must map names to values"),
    ("settings:\n  max_chars: [1\n", "cannot read settings"),
])
def test_a_bad_settings_file_is_one_line(tmp_path, restore_settings, content, message):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "params.yaml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["--settings", str(tmp_path / "params.yaml"), "segment"], input="")
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert overrides() == {}
