"""Measure and rebuild: `baocao stage` (the DVC pipeline), `eval` (the gold annotations) and
`train` (the sentence classifier)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from pipeline.cli import _progress, _report_skip, app, err, out

# --- One stage at a time, for the DVC pipeline (pipeline/stage.py, dvc.yaml).


@app.command("stage")
def stage_command(
    name: str = typer.Argument(..., metavar="STAGE", help="clean, segment, extract, classify or store."),
    inputs: list[Path] = typer.Argument(..., metavar="PATH...", help="clean: files and folders; the others: contract "
                                        "JSONL files (the previous stage's output)."),
    output: Path = typer.Argument(..., metavar="FILE", help="The JSONL file to write (store: the corpus database)."),
) -> None:
    """Run one pipeline stage: clean files into contract JSONL, apply segment, extract or
    classify to JSONL, or store JSONL in a new corpus database. `dvc repro` chains them."""
    from pipeline.stage import StageError, run_stage
    from pipeline.store import StoreError

    try:
        summary = run_stage(name, inputs, output)
    except (StageError, StoreError) as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for skipped in summary.skipped:
        _report_skip(skipped)
    err.print(summary.line(), highlight=False, soft_wrap=True)
    if summary.documents == 0:
        raise typer.Exit(1)


# --- Evaluation against the gold annotations (pipeline/evaluate.py).


@app.command("eval")
def eval_command(
    gold_dirs: list[Path] = typer.Argument(..., metavar="DIR...", help="Gold folders: ../shared/realgold/gold, "
                                           "corpora/real/dev, corpora/real/test (real text), or "
                                           "corpora/gold, corpora/heldout (the team's writing)."),
    json_path: Path | None = typer.Option(None, "--json", metavar="FILE", help="Also write every figure to this JSON "
                                          "file (DVC metrics)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-document rows (real text) or "
                                 "each document's missed, spurious and wrong items (team writing)."),
    misses: bool = typer.Option(False, "--misses", help="Real text: list missed and spurious "
                                "references, organizations, persons, counts, furniture left and "
                                "mislabelled sentences."),
    floors: Path | None = typer.Option(None, "--floors", metavar="FILE", help="Real text: fail (exit 1) when a "
                                       "headline figure is below its floor in this JSON file."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Skip the underthesea.ner baseline."),
) -> None:
    """Run the pipeline on gold documents and print precision, recall and F1 of references,
    organizations, persons, counts, sentence labels, cleaning and metadata."""
    from pipeline.evaluate import GoldError, evaluate
    from pipeline.render import print_report

    if any(_is_real_gold(folder) for folder in gold_dirs):
        _eval_real(gold_dirs, json_path, verbose, misses, floors)
        return
    try:
        report = evaluate(gold_dirs[0], baseline=not no_baseline)
    except GoldError as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    print_report(report, out, verbose=verbose)
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        err.print(f"figures -> {json_path}", highlight=False)


def _is_real_gold(folder: Path) -> bool:
    """Real-text gold: realgold's own files (with 'doc') or corpora/real annotations (offsets)."""
    first = next(iter(sorted(folder.glob("*.json"))), None)
    if first is None:
        return False
    try:
        data = json.loads(first.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return False  # the team-gold loader says what is wrong with it
    return isinstance(data, dict) and ("fingerprint" in data or "doc" in data)


def _eval_real(gold_dirs: list[Path], json_path: Path | None, verbose: bool, misses: bool,
               floors: Path | None) -> None:
    from pipeline import realscore
    from pipeline.analyze import Skipped, analyze_record
    from pipeline.render import real_figures_text

    try:
        golds = realscore.load(gold_dirs)
    except FileNotFoundError as error:
        err.print(f"skipped: real-text evaluation needs ../shared ({escape(str(error))})", highlight=False)
        return

    def analyse(path: Path, record: int) -> dict:
        result = analyze_record(path, record)
        return {} if isinstance(result, Skipped) else result.to_dict()

    with _progress(len(golds), "evaluating") as advance:
        tally, rows = realscore.evaluate(golds, analyse, on_document=lambda name: advance())
    values = realscore.figures(tally)
    typer.echo(real_figures_text(values, realscore.confusion(tally), rows if verbose else None,
                                 tally.misses if misses else None, tally.pairs if misses else None))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")
    if floors is not None:
        failing = realscore.below(values, json.loads(floors.read_text(encoding="utf-8")))
        for line in failing:
            err.print(f"below floor: {line}", highlight=False)
        if failing:
            raise typer.Exit(1)
        err.print(f"every headline figure at or above its floor ({floors})", highlight=False)


# --- Sentence classifier: retrain the shipped model (pipeline/classify.py).


@app.command()
def train(
    out: Path | None = typer.Option(None, "--out", "-o", metavar="DIR", help="Where to write the model "
                                    "(default: pipeline/data/passage-classifier.npz)."),
    cv: bool = typer.Option(False, "--cv", help="Instead of training, print grouped cross-validation "
                            "on the real labelled sentences with a learning curve."),
) -> None:
    """Retrain the sentence classifier from the team's labelled sentences and the real documents
    labelled by hand (../shared/realgold, corpora/real/dev, corpora/real/train)."""
    from pipeline.model import LABELS
    from pipeline.passage_model import MODEL_PATH, ClassifyError
    from pipeline.training import cross_validate
    from pipeline.training import train as train_model

    try:
        if cv:
            for row in cross_validate():
                labels = " ".join(f"{k[:5]} {v['f1']:.3f}" for k, v in row["per_label"].items())
                typer.echo(f"{row['system']}\n  acc {row['accuracy']:.3f}  macro-F1 {row['macro_f1']:.3f}  {labels}")
            return
        target = out or MODEL_PATH
        counts = train_model(target)
    except ClassifyError as error:
        err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if not counts["real"]:
        err.print("../shared is absent: trained on the team's writing only, NOT the shipped model",
                  highlight=False)
    labels = ", ".join(f"{label} {counts[label]}" for label in LABELS)
    err.print(f"{counts['sentences']} sentences, {counts['real']} real ({labels}) -> {target} "
              f"({target.stat().st_size / 1e6:.1f} MB)", highlight=False, soft_wrap=True)

