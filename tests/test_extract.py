"""The extract stage as spaCy components over the segmented Doc, and `baocao show`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract import extract
from pipeline.spacy_pipes import nlp, to_doc
from pipeline.model import Document, Metadata
from pipeline.segment import segment

TEXT = ("Thực hiện Nghị quyết số 15 -NQ/TU của Thành uỷ, Ban Thường vụ Quận ủy Hai Bà Trưng đã kiểm tra "
        "12 tổ chức cơ sở đảng. Đồng chí Trần Văn Hùng, Bí thư Quận ủy, yêu cầu tiếp tục thực hiện "
        "Nghị quyết 15 và Chỉ thị 05-CT/TW của Bộ Chính trị; tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 92,5%.")


@pytest.fixture(scope="module")
def document() -> Document:
    doc = Document("t", "t.txt", TEXT, Metadata(province="Hà Nội", place="quận Hai Bà Trưng"))
    return extract(segment(doc))


def test_components_are_registered():
    assert nlp().pipe_names == ["baocao_references", "baocao_entities"]


def test_a_resolution_heading_its_own_text_is_no_reference():
    """The title a text opens with names the document itself, and so does its 'Nghị quyết này';
    what the title cites is a reference."""
    title = "Nghị quyết về việc điều chỉnh Nghị quyết số 21/2023/NQ-HĐND của Hội đồng nhân dân tỉnh"
    text = title + "\n\nĐiều 1. Điều chỉnh định mức chi. Nghị quyết này có hiệu lực từ ngày 1/1/2025."
    doc = extract(segment(Document("r", "r.txt", text, Metadata(title=title, province="Bạc Liêu"))))
    assert [r.number for r in doc.references] == ["21"]
    doc = extract(segment(Document("r", "r.txt", text, Metadata(title=None, province="Bạc Liêu"))))
    assert len(doc.references) == 2  # without a title the heading is read as a citation


def test_references_resolved_with_exact_offsets(document):
    keys = {r.canonical.split("@")[0]: r for r in document.references}
    assert set(keys) == {"15-NQ/TU", "05-CT/TW"}
    resolution = keys["15-NQ/TU"]
    assert [m.text for m in resolution.mentions] == ["Nghị quyết số 15 -NQ/TU của Thành uỷ", "Nghị quyết 15"]
    for ref in document.references:
        for mention in ref.mentions:
            assert TEXT[mention.start:mention.end] == mention.text


def test_entities(document):
    found = {(e.label, e.text) for e in document.entities}
    assert ("PER", "Trần Văn Hùng") in found
    assert ("COUNT", "12 tổ chức cơ sở đảng") in found
    assert ("PERCENT", "92,5%") in found
    assert not any(e.label == "COUNT" and e.text.startswith(("15", "05")) for e in document.entities)


def test_spacy_doc_spans(document):
    doc = to_doc(document)
    assert doc.text == TEXT
    assert {s.text for s in doc.spans["references"]} >= {"Nghị quyết 15", "Chỉ thị 05-CT/TW của Bộ Chính trị"}
    ents = list(doc.ents)
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))  # non-overlapping, in order
    assert "PER" in {e.label_ for e in ents}


def test_show_writes_a_page(tmp_path: Path):
    source = tmp_path / "bao-cao.txt"
    source.write_text("Quận ủy Hai Bà Trưng sơ kết Nghị quyết 15\n\n" + TEXT + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["show", str(source), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    assert "15-NQ/TU" in html and "PER" in html and "COUNT" in html


def test_show_marks_spans_on_the_original_text_and_names_unknowns(tmp_path: Path):
    source = tmp_path / "bao-cao.txt"
    source.write_text("Thực hiện Nghị quyết số 196/2025/QH15 và Chỉ thị 30 (13/10), chi bộ kết nạp 5 đảng viên.\n",
                      encoding="utf-8")
    page = tmp_path / "page.html"
    assert CliRunner().invoke(app, ["show", str(source), "--html", str(page)]).exit_code == 0
    html = page.read_text("utf-8")
    assert "196/2025/QH15" in html and "( 13/10 )" not in html and "196 / 2025" not in html
    assert "None" not in html and "không rõ" in html
