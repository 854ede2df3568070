"""Word-segmentation precision / recall / F1 on a CoNLL-U gold file (UD Vietnamese VTB).

Each FORM of the gold file is one word (a multi-syllable word has spaces inside). The input
to every segmenter is the sentence's FORMs joined by spaces; a word is compared by its span
in character coordinates with whitespace removed, so segmenters that change spacing or
rewrite tone marks ('hoà' -> 'hòa', same length) are scored alike.

    python scripts/eval_segmentation.py [--gold PATH] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ud-vtb" / "vi_vtb-ud-test.conllu"

Segmenter = Callable[[str], list[str]]


def read_conllu(path: Path) -> list[list[str]]:
    """The FORMs of each sentence (multiword-token and empty-node lines skipped)."""
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
    if words:
        sentences.append(words)
    return sentences


def spans(words: list[str]) -> dict[tuple[int, int], str]:
    """Each word's span in whitespace-free character coordinates."""
    out, pos = {}, 0
    for word in words:
        size = len("".join(word.replace("_", " ").split()))
        out[(pos, pos + size)] = word
        pos += size
    return out


def score(gold: list[list[str]], segment: Segmenter, errors: Counter | None = None) -> tuple[float, float, float, float]:
    """Precision, recall, F1 and seconds; `errors` counts (gold words, predicted words) that disagree."""
    started = time.perf_counter()
    tp = fp = fn = 0
    for words in gold:
        g, p = spans(words), spans(segment(" ".join(words)))
        hits = g.keys() & p.keys()
        tp, fp, fn = tp + len(hits), fp + len(p) - len(hits), fn + len(g) - len(hits)
        if errors is not None:
            for key in sorted(g.keys() - hits):
                cover = [w for (a, b), w in p.items() if a < key[1] and b > key[0]]
                errors[(g[key], " | ".join(cover))] += 1
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall), time.perf_counter() - started


def segmenters() -> dict[str, Segmenter]:
    from underthesea import word_tokenize

    from pipeline.segment import word_spans

    def ours(lexicon: bool) -> Segmenter:
        return lambda text: [text[a:b] for a, b in word_spans(text, lexicon=lexicon)]

    rows: dict[str, Segmenter] = {"underthesea word_tokenize": word_tokenize}
    try:
        from pyvi import ViTokenizer

        rows["pyvi"] = lambda text: ViTokenizer.tokenize(text).split()
    except ImportError:
        print("(pyvi not installed: its row is skipped)")
    rows["ours, no lexicon"] = ours(False)
    rows["ours, with lexicon"] = ours(True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="CoNLL-U gold file")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print our N most frequent disagreements")
    args = parser.parse_args()
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold} (pass --gold PATH)")
        return 0
    gold = read_conllu(args.gold)
    print(f"{args.gold.name}: {len(gold)} sentences, {sum(map(len, gold))} words\n")
    print(f"{'segmenter':28} {'P':>7} {'R':>7} {'F1':>7} {'s':>6}")
    errors: Counter = Counter()
    for name, segment in segmenters().items():
        precision, recall, f1, seconds = score(gold, segment, errors if name == "ours, with lexicon" else None)
        print(f"{name:28} {precision:7.4f} {recall:7.4f} {f1:7.4f} {seconds:6.1f}")

    from pipeline.segment import word_spans

    changed = sum(word_spans(text, lexicon=True) != word_spans(text, lexicon=False) for text in map(" ".join, gold))
    print(f"\nthe lexicon changes the segmentation of {changed} of {len(gold)} gold sentences")
    if args.errors:
        print(f"\nmost frequent disagreements (gold word -> our words), of {sum(errors.values())}:")
        for (gold_word, ours), count in errors.most_common(args.errors):
            print(f"{count:5}  {gold_word!r:30} -> {ours}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
