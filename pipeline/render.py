"""Rendering for people: plain-text evaluation figures and records, readable in an 80-column pipe,
and the team-gold evaluation as tables."""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from typing import Any

from pipeline.model import LABELS

WIDTH = 80
SECTIONS = (
    ("cleaning", ("clean_required", "clean_boilerplate_dropped", "clean_forbidden_hits")),
    ("metadata", ("meta_title", "meta_date", "meta_place", "meta_province")),
    ("references", ("ref_p", "ref_r", "ref_f1", "ref_mention_recall", "ref_issuer_acc",
                    "ref_symbol_acc", "ref_term_acc", "ref_date_acc")),
    ("organizations", ("org_p", "org_r", "org_f1", "org_strict_f1")),
    ("persons", ("per_p", "per_r", "per_f1")),
    ("counts", ("count_p", "count_r", "count_f1")),
    ("indicators (indicator, value, period)", ("indicator_documents", "indicator_p", "indicator_r", "indicator_f1",
                                               "indicator_f1_without_period")),
    ("sentence labels", ("sent_n", "sent_missing", "sent_acc", "sent_macro_f1", "sent_confidence", "sent_ece")),
)


def records_text(rows: list[dict[str, str]], headers: dict[str, str], main: str | None,
                 title: str | None = None, width: int = WIDTH) -> str:
    """Rows as blocks, one record each, for a pipe or a narrow terminal: the `main` column (or the
    first) wrapped in full, the others on a line below as 'header: value', each block numbered."""
    main = main or next(iter(headers))
    lines = [title] if title else []
    for number, row in enumerate(rows, 1):
        lead = f"{number:>3}. "
        lines += textwrap.wrap(row.get(main, "") or "–", width, initial_indent=lead,
                               subsequent_indent=" " * len(lead))
        rest = " · ".join(f"{headers[k]}: {row[k]}" for k in headers if k != main and row.get(k))
        lines += textwrap.wrap(rest, width, initial_indent=" " * len(lead), subsequent_indent=" " * len(lead))
    return "\n".join(lines)


def _value(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def real_figures_text(values: dict[str, Any], matrix: dict[str, Counter], rows: list[dict] | None = None,
                      misses: list[tuple[str, str, str]] | None = None,
                      pairs: list[tuple[str, str, str, str]] | None = None) -> str:
    """The figures of ../shared/realgold/score.py by section, per-label P/R/F1, the confusion
    matrix; optionally per-document rows and the misses."""
    lines = [f"real-text evaluation: {values['documents']} documents"]
    labelled = values.get("sent_n", 0) > 0  # gold without sentence labels (dev-extract) shows none
    for title, keys in SECTIONS:
        if values.get("indicators_only") and not title.startswith("indicators"):
            continue  # annotations of indicator values only: the other sections would show empty 1.000s
        if title == "sentence labels" and not labelled or not any(key in values for key in keys):
            continue
        lines.append(f"\n{title}")
        lines += [f"  {key:28s} {_value(values[key])}" for key in keys if key in values]
    if values.get("indicators_only"):
        return "\n".join(lines + _misses(misses))
    lines += _label_tables(values, matrix) if labelled else []
    if rows:
        lines.append(f"\n  {'document':34s} {'sent':>4s} {'acc':>5s} {'refs':>8s} {'org':>5s} "
                     f"{'count':>5s} {'furn':>6s} date")
        for r in rows:
            lines.append(f"  {r['document'][-34:]:34s} {r['sentences']:4d} {r['label_acc']:5.2f} "
                         f"{r['refs']:>8s} {r['org_f1']:5.2f} {r['count_f1']:5.2f} {r['furniture']:>6s} {r['date']}")
    lines += _misses(misses)
    if pairs is not None:
        lines.append("\nmislabelled sentences (gold -> predicted)")
        for document, text, gold, got in pairs:
            if gold != got:
                lines += textwrap.wrap(f"{document}: {gold} -> {got}: {text}", WIDTH,
                                       initial_indent="  ", subsequent_indent="      ")
    return "\n".join(lines)


def _label_tables(values: dict[str, Any], matrix: dict[str, Counter]) -> list[str]:
    """Per-label P/R/F1 with support, and the confusion matrix."""
    lines = [f"\n  {'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}"]
    support = {label: sum(matrix.get(label, Counter()).values()) for label in LABELS}
    for label in LABELS:
        lines.append(f"  {label:12s} {values[f'sent_p_{label}']:6.3f} {values[f'sent_r_{label}']:6.3f} "
                     f"{values[f'sent_f1_{label}']:6.3f} {support[label]:5d}")
    predicted = [*LABELS, "missing"]
    lines.append("\n  confusion (rows gold, columns predicted)")
    lines.append("  " + " " * 12 + "".join(f"{p[:7]:>8s}" for p in predicted))
    for label in LABELS:
        lines.append(f"  {label:12s}" + "".join(f"{matrix.get(label, Counter())[p]:8d}" for p in predicted))
    return lines


def _misses(misses: list[tuple[str, str, str]] | None) -> list[str]:
    if misses is None:
        return []
    lines = ["\nmisses"]
    for document, kind, what in misses:
        lines += textwrap.wrap(f"{document}: {kind}: {what}", WIDTH, initial_indent="  ", subsequent_indent="      ")
    return lines


# --- the team-gold evaluation (pipeline/evaluate.py) as rich tables

def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


HEADERS = {"predicted": "pred", "correct": "ok", "precision": "P", "recall": "R", "f1": "F1",
           "norm_accuracy": "norm", "mention_recall": "mention R", "accuracy": "acc", "macro_f1": "macro F1"}


def _table(frame, title: str, caption: str | None = None, index: str | None = None):
    from rich import box
    from rich.table import Table

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    if index:
        table.add_column(index, no_wrap=True)
    for column in frame.columns:
        numeric = frame[column].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all()
        table.add_column(HEADERS.get(column, str(column)), no_wrap=not numeric,
                         justify="right" if numeric else "left")
    for key, row in zip(frame.index, frame.itertuples(index=False)):
        table.add_row(*([str(key)] if index else []), *(_fmt(v) for v in row))
    return table


def print_report(report, console, verbose: bool = False) -> None:
    """The tables of a report on a rich Console; with `verbose`, each document's mistakes.
    Column headers are short (HEADERS) so that the tables fit 80 columns."""
    s = report.summary
    show = console.print
    show(_table(report.entities, f"Entities ({report.documents} documents): matched on (label, text)",
                "norm_accuracy: matched entities whose norm (value/unit, iso, title) is right"))
    show(_table(report.references, "References: matched on (type, number), or (type, plenum, term)",
                "mention_recall: gold mentions found among the matched reference's mentions"))
    show(_table(report.fields, "Reference fields over matched references"))
    show(_table(report.labels, "Sentence labels",
                f"accuracy {_fmt(s['labels_accuracy'])}, macro-F1 {_fmt(s['labels_macro_f1'])}; "
                f"gold sentences aligned: {s['sentences_aligned_exact']} exact, "
                f"{s['sentences_aligned_split']} split differently, {s['sentences_aligned_overlap']} "
                f"by word overlap, {s['sentences_aligned_missing']} not found"
                + ("; the shipped model was trained on these sentences (held-out figures: "
                   "`baocao train --cv`)" if s.get("labels_in_training_data") else "")))
    show(_table(report.confusion, "Confusion (rows gold, columns predicted)", index="gold"))
    show(_table(report.metadata, "Metadata", f"overall {_fmt(s['metadata_accuracy'])}"))
    if verbose:
        for name, rows in report.errors.groupby("document", sort=True):
            console.rule(f"[bold]{name}[/] ({len(rows)} mistakes)")
            for row in rows.itertuples(index=False):
                shown = {"missed": [row.gold], "spurious": [row.predicted], "wrong": [row.gold, row.predicted]}
                what = " → ".join(_short(v) for v in shown.get(row.kind, []))
                console.print(f"  {row.kind:8} {row.part:15} {row.label}: {what}", highlight=False, markup=False,
                              soft_wrap=True)


def _short(value: Any, width: int = 100) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= width else text[: width - 1] + "…"
