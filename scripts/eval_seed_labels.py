"""Sentence labels on real scraped reports: the classify stage against corpora/seed-labels.tsv.

The seeds (/work/shared/seeds) may not be copied into the repository, so their labels are kept as
offsets into the cleaned text (`baocao analyze FILE --json`: each sentence's start and end). This
runs the pipeline on the seeds, aligns its sentences with the labelled spans and prints accuracy,
per-label precision / recall / F1 and macro-F1 for the keyword rules and the shipped model.

    python scripts/eval_seed_labels.py [--labels corpora/seed-labels.tsv] [--seeds DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.classify import SEEDS_DIR, SPAN_LABELS, ClassifyError, span_evaluation  # noqa: E402
from pipeline.model import LABELS  # noqa: E402


def render(figures: dict) -> str:
    """The figures as plain-text tables: one line per system, then each system's confusion."""
    head = f"{'system':<15}{'n':>5}{'acc':>7}{'macroF1':>9}" + "".join(f"{l[:5] + ' P/R/F1':>20}" for l in LABELS)
    lines = [head, "-" * len(head)]
    for row in figures["rows"]:
        cells = "".join(
            f"{'%.2f/%.2f/%.2f' % (v['precision'], v['recall'], v['f1']):>20}" for v in row["per_label"].values()
        )
        lines.append(f"{row['system']:<15}{row['sentences']:>5}{row['accuracy']:>7.3f}{row['macro_f1']:>9.3f}{cells}")
    support = ", ".join(f"{label} {v['support']}" for label, v in figures["rows"][0]["per_label"].items())
    aligned = ", ".join(f"{n} {how}" for how, n in figures["aligned"].items())
    lines += ["", f"labelled sentences: {support}; aligned: {aligned}"]
    for row in figures["rows"]:
        lines += ["", f"confusion, {row['system']} (rows labelled, columns predicted)",
                  f"{'':<13}" + "".join(f"{p:>13}" for p in (*LABELS, "none"))]
        lines += [f"{g:<13}" + "".join(f"{n:>13}" for n in row["confusion"][g].values()) for g in LABELS]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=SPAN_LABELS, help="TSV seed, start, end, label")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of the labelled reports")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"no seed reports at {args.seeds}: nothing to evaluate", file=sys.stderr)
        return 0
    try:
        figures = span_evaluation(args.labels, args.seeds)
    except ClassifyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
