"""Annotating real documents: show the annotation text, check a draft, store it as offsets.

    python scripts/annotate.py text corpus/web-pages/x.md [--record N]
    python scripts/annotate.py check DRAFT.json            # every string found? (nothing written)
    python scripts/annotate.py store DRAFT.json corpora/real/dev/NAME.json

A draft is a gold object in ../shared/realgold's format (GUIDE.md) with two more keys: "source"
(the path under ../shared) and "record" (the record's index in a .json/.jsonl/.csv file, else
null). `store` writes offsets only: no text of ../shared enters the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.realtext import fingerprint, source_text, to_offsets  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["text", "check", "store"])
    parser.add_argument("path")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--record", type=int)
    args = parser.parse_args()
    if args.command == "text":
        sys.stdout.write(source_text(SHARED / args.path, args.record))
        return 0
    draft = json.loads(Path(args.path).read_text(encoding="utf-8"))
    text = source_text(SHARED / draft["source"], draft.get("record"))
    annotation, misses = to_offsets(draft, text)
    for miss in misses:
        print(f"not found: {miss!r}")
    counts = {part: len(annotation[part]) for part in
              ("references", "organizations", "persons", "counts", "sentences", "indicators")
              if part in annotation}
    print(f"{len(misses)} not found; kept {counts}")
    if args.command == "store" and args.out:
        stored = {"source": draft["source"], "record": draft.get("record"),
                  "fingerprint": fingerprint(text), **annotation}
        if "indicators" not in draft:
            stored.pop("indicators", None)  # not annotated: not scored, rather than scored as none
        if draft.get("parts"):  # an annotation of some parts only ('indicators')
            stored = {"parts": draft["parts"], **{k: v for k, v in stored.items() if k in
                                                   ("source", "record", "fingerprint", *draft["parts"])}}
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
