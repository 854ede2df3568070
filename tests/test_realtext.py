"""Real-text gold as offsets (pipeline/realtext.py) and its scorer (pipeline/realscore.py), on files
written here; the real annotations themselves are checked when ../shared is beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import realscore
from pipeline.cli import app
from pipeline.realtext import fingerprint, from_offsets, locate, source_text, to_offsets

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGE = ("Năm 2024, Đảng bộ phường Tân Định đã kết nạp 15 đảng viên mới theo Chỉ thị số 05-CT/TW.\n\n"
        "Tuy nhiên, một số chi bộ còn sinh hoạt hình thức.\n\nLượt xem: 804\n")
DRAFT = {"source": "page.md", "record": None, "metadata": {"title": None, "date": "2024-12-20", "place": "phường Tân Định",
                                                           "province": "Thành phố Hồ Chí Minh"},
         "clean": {"forbidden": ["Lượt xem"], "required": ["đã kết nạp 15 đảng viên mới"], "boilerplate": ["Lượt xem: 804"]},
         "references": [{"type": "Chỉ thị", "number": "5", "symbol": "CT/TW", "issuer": None,
                         "mentions": ["Chỉ thị số 05-CT/TW"]}],
         "organizations": [{"mention": "Đảng bộ phường Tân Định", "kind": "party"}],
         "persons": [], "counts": [{"mention": "15 đảng viên", "value": 15, "unit": "đảng viên", "kind": "count"}],
         "sentences": [{"text": "Năm 2024, Đảng bộ phường Tân Định đã kết nạp 15 đảng viên mới theo Chỉ thị số 05-CT/TW.",
                        "label": "achievement"},
                       {"text": "Tuy nhiên, một số chi bộ còn sinh hoạt hình thức.", "label": "shortcoming"}]}


def test_a_draft_becomes_offsets_and_comes_back(tmp_path):
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    text = source_text(tmp_path / "page.md")
    stored, misses = to_offsets(DRAFT, text)
    assert misses == []
    assert "Tân Định" not in json.dumps(stored, ensure_ascii=False).replace("phường Tân Định\"", "")  # offsets, no text
    gold = from_offsets({"source": "page.md", "fingerprint": fingerprint(text), **stored}, tmp_path)
    assert [s["text"] for s in gold["sentences"]] == [s["text"] for s in DRAFT["sentences"]]
    assert gold["references"][0]["mentions"] == ["Chỉ thị số 05-CT/TW"] and gold["clean"]["forbidden"] == ["Lượt xem"]


def test_a_file_with_a_broken_tail_is_annotated_on_what_reads(tmp_path):
    """A crawl whose last bytes are cut inside a character: its text up to there is annotated,
    not refused with a traceback (the pipeline reads such a file the same way)."""
    (tmp_path / "page.md").write_bytes(PAGE.encode("utf-8") + "Đả".encode("utf-8")[:-1])  # cut inside "ả"
    text = source_text(tmp_path / "page.md")
    assert text.startswith(PAGE) and text.endswith("\ufffd")
    assert to_offsets(DRAFT, text)[1] == []


def test_a_csv_record_is_annotated_on_the_text_the_pipeline_reads(tmp_path):
    """A quoted field with doubled quotes and commas ('""Dân vận khéo"", ...') is one field: the
    annotation text keeps its commas, as the pipeline's reader does."""
    from pipeline.analyze import analyze_record

    body = ('Năm 2025, phường triển khai mô hình ""Dân vận khéo"", kết nạp 12 đảng viên, '
            'đạt 120% kế hoạch. Tuy nhiên, một số chi bộ còn sinh hoạt hình thức.')
    (tmp_path / "row.csv").write_text(f'id,title,content.text\n1,Phường sơ kết công tác,"{body}"\n', encoding="utf-8")
    text = source_text(tmp_path / "row.csv")
    assert 'mô hình "Dân vận khéo", kết nạp 12 đảng viên, đạt 120%' in text
    assert "kết nạp 12 đảng viên, đạt 120% kế hoạch" in analyze_record(tmp_path / "row.csv", 0).text


def test_a_changed_source_is_refused(tmp_path):
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    stored, _ = to_offsets(DRAFT, PAGE)
    (tmp_path / "page.md").write_text(PAGE.replace("15", "16"), encoding="utf-8")
    with pytest.raises(ValueError, match="changed"):
        from_offsets({"source": "page.md", "fingerprint": fingerprint(PAGE), **stored}, tmp_path)


def test_markup_and_word_segmentation_between_words_are_found():
    html = "<p>Đảng bộ <a href='x'>phường</a> kết nạp 15 đảng viên.</p>"
    assert locate(html, "Đảng bộ phường kết nạp") is not None
    assert locate("Ban_Thường_vụ Quận_ủy họp .", "Ban Thường vụ Quận ủy") == [0, 21]


def test_the_scorer_counts_as_score_py_does():
    gold = {**DRAFT, "doc": "page.md"}
    pred = {"text": PAGE.replace("\n\nLượt xem: 804\n", ""), "metadata": {"date": "2024-12-20", "place": "Phường Tân Định"},
            "references": [{"type": "Chỉ thị", "number": "5", "issuer": "Bộ Chính trị", "symbol": "CT/TW",
                            "mentions": [{"text": "Chỉ thị số 05-CT/TW"}]}],
            "entities": [{"label": "ORG", "text": "Đảng bộ phường Tân Định"},
                         {"label": "COUNT", "text": "15 đảng viên", "norm": {"value": 15, "unit": "đảng viên"}},
                         {"label": "COUNT", "text": "2024 x", "norm": {"value": 2024, "unit": "x"}}],
            "sentences": [{"text": DRAFT["sentences"][0]["text"], "label": "achievement", "confidence": 0.9},
                          {"text": DRAFT["sentences"][1]["text"], "label": "other", "confidence": 0.7}]}
    tally = realscore.Tally()
    realscore.score_document("page", gold, pred, tally)
    tally.counts["documents"] = 1
    values = realscore.figures(tally)
    assert values["ref_f1"] == 1.0 and values["org_f1"] == 1.0 and values["meta_place"] == 1.0
    assert values["clean_boilerplate_dropped"] == 1.0 and values["clean_forbidden_hits"] == 0
    assert values["count_p"] == 0.5 and values["count_r"] == 1.0
    assert values["sent_acc"] == 0.5 and values["sent_r_shortcoming"] == 0.0
    # calibration: one right at 0.9 and one wrong at 0.7 are off by 0.1 and 0.7 in their bins
    assert values["sent_confidence"] == pytest.approx(0.8) and values["sent_ece"] == pytest.approx(0.4)


def test_a_bare_tag_of_furniture_is_not_scored():
    """An image tag resolves to no text: it can be neither dropped nor left, so it is not counted."""
    gold = {"clean": {"boilerplate": ["", "Lượt xem: 804"]}}
    tally = realscore.Tally()
    realscore.score_document("page", gold, {"text": "Đảng bộ phường họp.\n\nLượt xem: 804"}, tally)
    assert tally.counts["clean_boiler_total"] == 1 and tally.counts["clean_boiler_dropped"] == 0


def test_eval_without_shared_says_so_in_one_line(tmp_path, monkeypatch):
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"source": "corpus/none.md", "fingerprint": "x"}), encoding="utf-8")
    monkeypatch.setattr(realscore, "SHARED", tmp_path / "no-shared")
    result = CliRunner().invoke(app, ["eval", str(folder)])
    assert result.exit_code == 0 and "needs ../shared" in " ".join(result.output.split())


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
def test_every_real_annotation_resolves_against_shared():
    golds = realscore.load(sorted(p for p in (ROOT / "corpora" / "real").rglob("*") if p.is_dir()
                                  and any(p.glob("*.json"))))
    assert len(golds) >= 190
    assert sum(len(g.gold.get("sentences", [])) for g in golds) >= 4000


def _probes(text: str) -> tuple[set[str], str]:
    """Stretches of a document's middle, letters and digits only: a page a crawler stored twice
    (two crawl files, another site) shares them whatever its furniture."""
    import re

    text = re.sub(r"<(style|script)\b.*?</\1>|<[^>]*>", " ", text, flags=re.S | re.I)  # HTML bodies
    flat = re.sub(r"[\W_]+", "", text.lower())
    return {flat[k:k + 80] for k in range(len(flat) // 5, len(flat) * 4 // 5, 300)}, flat


def _repeats(held: list[Path], seen: list[Path]) -> list[tuple[str, str]]:
    """Pairs (held, seen) of annotations whose documents are one page stored twice."""
    def probes(path: Path) -> tuple[set[str], str]:
        gold = json.loads(path.read_text("utf-8"))
        return _probes(source_text(SHARED / gold["source"], gold.get("record")))

    seen_probes = {path: probes(path) for path in seen}
    pairs = []
    for path in held:
        these, flat = probes(path)
        for other, (other_probes, other_flat) in seen_probes.items():
            if any(mine and sum(probe in text for probe in mine) >= max(2, len(mine) // 2)
                   for mine, text in ((these, other_flat), (other_probes, flat))):  # either way round
                pairs.append((path.name, other.name))
    return pairs


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
def test_no_training_document_repeats_a_test_or_dev_document():
    """The test split is only honest if no copy of its pages is trained on (nor dev's, tuned on)."""
    real = ROOT / "corpora" / "real"
    held = [*real.glob("test/*.json"), *real.glob("test2/*.json"), *real.glob("dev/*.json")]
    assert _repeats(held, sorted(real.glob("train/*.json"))) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
def test_no_indicator_test_document_repeats_one_tuned_on():
    """The indicator stage learns nothing from the label training set; it is tuned on the indicator
    dev split, so that is what its test split must not repeat."""
    real = ROOT / "corpora" / "real" / "indicators"
    assert _repeats(sorted(real.glob("test/*.json")), sorted(real.glob("dev/*.json"))) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
def test_no_extraction_test_document_repeats_one_tuned_on():
    """The extractors and the cleaner are tuned on dev and dev-extract (and realgold); test-extract,
    the label-training documents annotated for extraction and never tuned on, must not repeat them."""
    real = ROOT / "corpora" / "real"
    tuned = sorted([*real.glob("dev/*.json"), *real.glob("dev-extract/*.json")])
    assert _repeats(sorted(real.glob("test-extract/*.json")), tuned) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
@pytest.mark.parametrize("folder, shown, hidden", [
    ("indicators/test", ["indicators (indicator, value, period)"], ["sentence labels", "organizations"]),
    ("dev-extract", ["organizations", "counts"], ["sentence labels", "indicators"]),
    ("test-extract", ["organizations", "references"], ["sentence labels", "indicators"]),
])
def test_eval_shows_only_what_a_folder_annotates(folder, shown, hidden):
    """A part nobody annotated is not scored: no empty 1.000s, no 0.000s from predictions of it."""
    result = CliRunner().invoke(app, ["eval", str(ROOT / "corpora" / "real" / folder)])
    assert result.exit_code == 0, result.output
    sections = [line for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert all(s in sections for s in shown) and not any(h in line for h in hidden for line in sections)


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared")
def test_a_second_annotation_is_scored_as_the_pipeline_is(capsys):
    """scripts/agreement.py: the gold agrees with itself completely; the committed second annotation
    of test-extract is read and scored (its figures are in docs/figures.md)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("agreement", ROOT / "scripts" / "agreement.py")
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    gold = ROOT / "corpora" / "real" / "test-extract"
    agreement.main(gold, gold)
    itself = capsys.readouterr().out
    assert "24 documents annotated twice" in itself and "org_f1                 1.000" in itself
    agreement.main(gold, ROOT / "corpora" / "real" / "agreement" / "test-extract")
    second = capsys.readouterr().out
    assert "21 documents annotated twice" in second and "org_f1                 1.000" not in second
