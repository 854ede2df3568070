"""Every threshold in one settings object: a YAML file overrides it, and the stages read it."""

from __future__ import annotations

from dataclasses import replace

import pytest

import pipeline.clean
from pipeline.readers import BadInput, RawDocument
from pipeline.settings import SETTINGS, load


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
