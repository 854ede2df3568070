"""`baocao show --html`: one page a researcher checks at a glance: metadata, references, and the
text with every reference and entity marked on the original characters (no token spacing added)."""

from __future__ import annotations

import html

from pipeline.entities import non_overlapping
from pipeline.model import Document, Entity

COLORS = {"REF": "#f6c667", "ORG": "#a3d2ca", "PER": "#f4a6a6", "LOC": "#c3b1e1",
          "COUNT": "#b5e48c", "PERCENT": "#99d98c", "DATE": "#d9d9d9", "DURATION": "#e9ecef"}
NAMES = {"REF": "văn bản", "ORG": "tổ chức", "PER": "người", "LOC": "địa danh", "COUNT": "số lượng",
         "PERCENT": "tỉ lệ", "DATE": "thời gian", "DURATION": "thời hạn"}
UNKNOWN = "không rõ"


def _marked(document: Document) -> str:
    """The text with spans as <mark>: references first, then entities that do not overlap them."""
    spans = [Entity("REF", m.text, m.start, m.end, {"key": r.canonical}) for r in document.references
             for m in r.mentions]
    spans = non_overlapping(spans + [e for e in document.entities
                                     if not any(s.start < e.end and e.start < s.end for s in spans)])
    text, out, at = document.text, [], 0
    for span in spans:
        out.append(html.escape(text[at:span.start]))
        tip = span.norm.get("key") or span.norm.get("name") or span.norm.get("value") or ""
        out.append(f"<mark style='background:{COLORS[span.label]}' title='{html.escape(NAMES[span.label])}"
                   f"{': ' + html.escape(str(tip)) if tip else ''}'>{html.escape(text[span.start:span.end])}"
                   f"<sub>{span.label}</sub></mark>")
        at = span.end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n\n", "</p><p>")


def render_html(documents: list[Document]) -> str:
    sections = []
    for document in documents:
        m = document.metadata
        rows = "".join(f"<tr><th align=left>{k}</th><td>{html.escape(str(v) if v else UNKNOWN)}</td></tr>"
                       for k, v in (("tiêu đề", m.title), ("ngày", m.date), ("địa bàn", m.place),
                                    ("tỉnh, thành phố", m.province), ("nguồn", document.source)))
        refs = "".join(f"<li><b>{html.escape(r.canonical or UNKNOWN)}</b>: {html.escape(r.type)}, "
                       f"{html.escape(r.issuer or UNKNOWN)}, {len(r.mentions)} lần nhắc</li>"
                       for r in document.references)
        sections.append(f"<section><h2>{html.escape(m.title or document.source)}</h2><table>{rows}</table>"
                        f"<h3>Văn bản được trích dẫn</h3><ul>{refs or '<li>không có</li>'}</ul>"
                        f"<h3>Nội dung</h3><p>{_marked(document)}</p></section>")
    return ("<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>baocao</title></head>"
            "<body style='font-family:sans-serif;max-width:60em;margin:auto;line-height:1.6'>"
            + "<hr>".join(sections) + "</body></html>")
