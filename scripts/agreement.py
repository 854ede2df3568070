"""How far two annotators agree: a second, independent annotation of the same real pages scored
against the gold with the project's own scorer, as if it were the pipeline's output. It bounds what
any extractor can be expected to reach on that gold.

    python scripts/agreement.py corpora/real/test-extract corpora/real/agreement/test-extract
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline import realscore
from pipeline.realtext import from_offsets

FIGURES = ("org_f1", "per_f1", "ref_f1", "ref_mention_recall", "ref_issuer_acc", "count_f1",
           "meta_title", "meta_date", "meta_place", "meta_province")


def as_prediction(second: dict) -> dict:
    """The second annotation in the shape of an analysed document (its text is not needed)."""
    entities = [{"label": "ORG", "text": o["mention"]} for o in second.get("organizations", [])]
    entities += [{"label": "PER", "text": p["name"]} for p in second.get("persons", [])]
    entities += [{"label": "PERCENT" if c.get("unit") == "%" else "COUNT", "text": c.get("mention", ""),
                  "norm": {"value": c.get("value"), "unit": c.get("unit")}} for c in second.get("counts", [])]
    references = [{**r, "mentions": [{"text": m} for m in r.get("mentions", [])]}
                  for r in second.get("references", [])]
    return {"text": "", "metadata": second.get("metadata", {}), "references": references,
            "entities": entities, "sentences": []}


def main(gold_folder: Path, second_folder: Path) -> None:
    tally, documents = realscore.Tally(), 0
    for path in sorted(second_folder.glob("*.json")):
        gold_path = gold_folder / path.name
        if not gold_path.exists():
            continue
        gold = from_offsets(json.loads(gold_path.read_text(encoding="utf-8")), realscore.SHARED)
        second = from_offsets(json.loads(path.read_text(encoding="utf-8")), realscore.SHARED)
        gold.pop("clean", None)  # cleaning is judged on the pipeline's text, which a second annotation has not
        realscore.score_document(path.stem, gold, as_prediction(second), tally)
        documents += 1
    tally.counts["documents"] = documents
    figures = realscore.figures(tally)
    print(f"{documents} documents annotated twice")
    for key in FIGURES:
        if key in figures:
            print(f"  {key:22s} {figures[key]:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
