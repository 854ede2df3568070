"""Benchmark baocao: speed per stage, memory, incremental re-runs, workers, search latency.

    python benchmarks/bench.py --docs 1000
    python benchmarks/bench.py --docs 10000 --workers 2 --search-docs 100000
    python benchmarks/bench.py --one-file ../shared/seeds/000_2abe2f609db4f967.txt

The corpus is synthetic: the paragraphs of corpora/sample (read and cleaned), shuffled and
recombined with a fixed seed into N plain-text reports of the sample's lengths, written to a
temporary folder. Measured, in this order:

1. stages: read, clean and every stage of `pipeline.analyze.stages()`, in this process, on
   the first --stage-docs documents (CPU seconds, so other load on the machine matters less);
   the floor is underthesea's `word_tokenize` alone on the same cleaned text, block by block;
2. the whole pipeline, `run()` (store and documents.jsonl included) in a child process on all
   N documents with one worker: documents/s, characters/s, CPU, peak RSS;
3. the same run again on the unchanged corpus (incremental: nothing to analyse);
4. with --workers W: a fresh run in W worker processes, and its speed-up over one worker;
5. with --search-docs M: a store of M synthetic documents, built directly with `Corpus.add`
   from contract dicts made by recombining the sentences (with their references and
   entities) of the documents analysed in step 2, so the NLP does not run M times; then the
   latency of `pipeline.query.search` over a set of queries (p50, p95).

Targets (issue 6): pipeline >= 0.8x the speed of segmentation alone; peak RSS <= 600 MB at
10k documents; unchanged re-run <= 5% of a full run; 2 workers >= 1.8x one; search p95 <= 50 ms
at 100k documents.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "corpora" / "sample"
QUERIES = [  # (query, filters): common and rare words, phrases, no diacritics, filters
    ("đảng viên", {}), ("nghi quyet", {}), ('"Ban Thường vụ"', {}), ("kiểm tra giám sát", {}),
    ("chi bo", {"label": "shortcoming"}), ("kết nạp", {"year": 2020}), ("tham nhũng", {}),
    ("Nghị quyết 15", {}), ("cải cách hành chính", {"label": "task"}), ("chuyển đổi số", {}),
    ("đảng", {}), ("quan*", {}), ("tổ chức cơ sở đảng", {"province": "Hà Nội"}),
    ("dan van", {"label": "achievement"}), ("phòng chống dịch", {}), ("công tác cán bộ", {}),
]


# ---------------------------------------------------------------- the synthetic corpus


def sample_reports() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every sample document, after the clean stage."""
    from pipeline.clean import clean
    from pipeline.readers import BadInput, iter_files, read

    reports = []
    for path in iter_files([SAMPLE]):
        try:
            for raw in read(path):
                document = clean(raw)
                reports.append((document.metadata.title or "Báo cáo",
                                [p for p in document.text.split("\n\n") if p.strip()]))
        except BadInput:
            continue
    return reports


def build_corpus(n: int, folder: Path, seed: int = 0) -> int:
    """Write n reports to folder (paragraphs of the sample recombined); returns their characters."""
    reports = sample_reports()
    pool = [p for _, paragraphs in reports for p in paragraphs]
    sizes = [sum(map(len, paragraphs)) for _, paragraphs in reports]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(n):
        title = rng.choice(reports)[0]
        want, body = rng.choice(sizes), []
        while sum(map(len, body)) < want:
            body.append(rng.choice(pool))
        text = "\n\n".join([title, *body]) + "\n"
        (folder / f"{i // 1000:03d}" / f"report-{i:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"report-{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


# ---------------------------------------------------------------- 1. stages, and the floor


def time_stages(files: list[Path]) -> dict:
    """CPU seconds per stage over these files, in this process (models loaded first)."""
    from pipeline.analyze import stages
    from pipeline.clean import clean
    from pipeline.analyze import warm_up
    from pipeline.readers import BadInput, read

    warm_up()
    steps = stages()
    cpu = {"read": 0.0, "clean": 0.0, **{step.__name__: 0.0 for step in steps}}
    texts, chars = [], 0
    for path in files:
        t = time.process_time()
        try:
            raws = list(read(path))
        except BadInput:
            continue
        cpu["read"] += time.process_time() - t
        for raw in raws:
            t = time.process_time()
            document = clean(raw)
            cpu["clean"] += time.process_time() - t
            for step in steps:
                t = time.process_time()
                document = step(document)
                cpu[step.__name__] += time.process_time() - t
            texts.append(document.text)
            chars += len(document.text)
    floor = time_word_tokenize(texts)
    return {"documents": len(texts), "chars": chars, "cpu": cpu, "floor_cpu": floor}


def time_word_tokenize(texts: list[str]) -> float:
    """CPU seconds of underthesea.word_tokenize alone on the same cleaned text, block by block."""
    from underthesea import word_tokenize

    word_tokenize("Ban Thường vụ Quận ủy")  # load the model
    t = time.process_time()
    for text in texts:
        for block in text.split("\n"):
            if block.strip():
                word_tokenize(block)
    return time.process_time() - t


# ---------------------------------------------------------------- 2-4. whole runs, in a child process

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from pipeline.analyze import run
imported = time.perf_counter() - started
from pathlib import Path
args = json.loads(sys.argv[1])
t = time.perf_counter()
summary = run([Path(args["corpus"])], Path(args["out"]), workers=args["workers"], engine=args["engine"])
seconds = time.perf_counter() - t
# the workers are the fork server's children: stop it (multiprocessing's own test hook) so that it and
# the workers it reaped count in RUSAGE_CHILDREN
from multiprocessing import forkserver
getattr(forkserver._forkserver, "_stop", lambda: None)()
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
# VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the high-water mark of the process that forked us.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "import_seconds": imported, "documents": summary.documents,
                  "reused": summary.reused, "skipped": len(summary.skipped),
                  "cpu": me.ru_utime + me.ru_stime, "cpu_workers": kids.ru_utime + kids.ru_stime,
                  "rss_mb": peak / 1024, "rss_workers_mb": kids.ru_maxrss / 1024}))
"""


def run_child(corpus: Path, out: Path, workers: int = 1, engine: str = "local") -> dict:
    """`run()` in a fresh process (its own peak RSS), with the time of run() alone and the
    machine's load average over it (other work on the machine slows the run down)."""
    args = json.dumps({"corpus": str(corpus), "out": str(out), "workers": workers, "engine": engine})
    done = subprocess.run([sys.executable, "-c", CHILD, args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"run failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load": os.getloadavg()[0]}


# ---------------------------------------------------------------- 5. search at scale


def synthetic_documents(analysed: Path, n: int, seed: int = 0):
    """n contract dicts, each a recombination of sentences of the analysed documents, every
    sentence with the references and entities inside it, offsets moved to the new text."""
    rng = random.Random(seed)
    pieces, metas = [], []
    with analysed.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            metas.append(doc["metadata"])
            for s in doc["sentences"]:
                inside = lambda span, s=s: s["start"] <= span["start"] and span["end"] <= s["end"]  # noqa: E731
                refs = [(r, [m for m in r["mentions"] if inside(m)]) for r in doc["references"]]
                pieces.append((s, [(r, ms) for r, ms in refs if ms], [e for e in doc["entities"] if inside(e)]))
            if len(pieces) > 200_000:
                break
    sizes = [12, 15, 18, 20, 25, 30, 40]
    for i in range(n):
        text, sentences, references, entities = "", [], {}, []
        for s, refs, ents in (rng.choice(pieces) for _ in range(rng.choice(sizes))):
            shift = len(text) - s["start"]
            text += s["text"] + ("\n\n" if rng.random() < 0.3 else " ")
            sentences.append({**s, "start": s["start"] + shift, "end": s["end"] + shift})
            for r, mentions in refs:
                ref = references.setdefault(r["canonical"] or r["type"], {**r, "mentions": []})
                ref["mentions"] += [{**m, "start": m["start"] + shift, "end": m["end"] + shift} for m in mentions]
            entities += [{**e, "start": e["start"] + shift, "end": e["end"] + shift} for e in ents]
        meta = dict(rng.choice(metas))
        meta["date"] = f"{rng.randint(1999, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield {"id": f"syn{i:07d}", "source": f"synthetic/{i}.txt", "metadata": meta, "text": text,
               "sentences": sentences, "paragraphs": [], "references": list(references.values()),
               "entities": entities}


def build_store(db: Path, analysed: Path, n: int) -> float:
    from pipeline.store import Corpus

    started = time.perf_counter()
    with Corpus(db) as corpus:
        have = len(corpus.ids())
        if have >= n:
            return 0.0
        docs = synthetic_documents(analysed, n)
        for i, doc in enumerate(docs):
            if i < have:
                continue
            if i % 5000 == 0:
                if corpus.conn.in_transaction:
                    corpus.conn.execute("COMMIT")
                corpus.conn.execute("BEGIN")
                print(f"  store: {i:,} documents, {time.perf_counter() - started:.0f} s", file=sys.stderr)
            corpus.add(doc, f"synthetic-{i}")
        corpus.conn.execute("COMMIT")
    return time.perf_counter() - started


def time_search(db: Path, repeat: int = 5) -> dict:
    """Latency of pipeline.query.search (ms) for every query, each run `repeat` times after a first
    run that warms the page cache."""
    from pipeline.query import search

    per_query, times = {}, []
    for query, filters in QUERIES:
        search(db, query, **filters)
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            search(db, query, **filters)
            runs.append((time.perf_counter() - t) * 1000)
        per_query[f"{query} {filters or ''}".strip()] = statistics.median(runs)
        times += runs
    times.sort()
    return {"p50_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95) - 1],
            "max_ms": times[-1], "per_query_ms": per_query}


# ---------------------------------------------------------------- report


def time_one_file(path: Path, repeat: int = 3) -> dict:
    """Whole-process CPU (user + system) of `baocao analyze FILE` and of a bare process that
    imports underthesea and segments the same file, medians of `repeat` runs, side by side."""
    import resource

    bare = ("import sys; from underthesea import word_tokenize; "
            "word_tokenize(open(sys.argv[1], encoding='utf-8', errors='replace').read())")
    commands = {"analyze": [sys.executable, "-m", "pipeline.cli", "analyze", str(path)],
                "word_tokenize": [sys.executable, "-c", bare, str(path)]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic documents to run (default 1000)")
    parser.add_argument("--stage-docs", type=int, default=1000, help="of which timed stage by stage")
    parser.add_argument("--workers", type=int, default=0, help="also run with this many worker processes")
    parser.add_argument("--engine", default="local", help="engine of the --workers run: local or dask")
    parser.add_argument("--search-docs", type=int, default=0, help="build a store this big and time search")
    parser.add_argument("--search-db", type=Path, help="keep (and reuse) the search store here")
    parser.add_argument("--skip-run", action="store_true", help="only the search benchmark")
    parser.add_argument("--keep", type=Path, help="keep corpus and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--one-file", type=Path, help="only time `baocao analyze FILE` against a bare "
                        "word_tokenize process on it (whole-process CPU, medians of 3)")
    args = parser.parse_args()
    if args.one_file:
        one = time_one_file(args.one_file)
        print(f"{args.one_file.name}: baocao analyze {one['analyze']:.2f} s CPU, bare word_tokenize process "
              f"{one['word_tokenize']:.2f} s: {one['analyze'] / one['word_tokenize']:.2f}x (target <= 2x)")
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    corpus, figures = work / "corpus", {"docs": args.docs}
    try:
        if not args.skip_run or not (work / "one" / "documents.jsonl").exists():
            if not corpus.exists():
                chars = build_corpus(args.docs, corpus)
                print(f"corpus: {args.docs:,} documents, {chars:,} characters in {corpus}")
            files = sorted(corpus.rglob("*.txt"))[: args.stage_docs]
            stage = figures["stages"] = time_stages(files)
            total = sum(stage["cpu"].values())
            print(f"\nstages, {stage['documents']:,} documents in this process (CPU seconds):")
            for name, seconds in stage["cpu"].items():
                print(f"  {name:10s} {seconds:8.1f} s  {seconds / total:6.1%}")
            segment_cpu = stage["cpu"].get("segment", 0.0)
            print(f"  {'total':10s} {total:8.1f} s  {stage['documents'] / total:.2f} documents/s, "
                  f"{stage['chars'] / total:,.0f} characters/s")
            print(f"  floor: underthesea word_tokenize alone {stage['floor_cpu']:.1f} s; pipeline speed "
                  f"{stage['floor_cpu'] / total:.2f}x of it (target >= 0.8); everything but "
                  f"segmentation {(total - segment_cpu) / total:.0%} of the time (target <= 25%)")

            one = figures["run"] = run_child(corpus, work / "one")
            print(f"\nwhole pipeline, run() with 1 worker on {one['documents']:,} documents: "
                  f"{one['seconds']:.1f} s wall, {one['cpu']:.1f} s CPU, "
                  f"{one['documents'] / one['seconds']:.2f} documents/s wall "
                  f"({one['documents'] / one['cpu']:.2f}/s CPU), peak RSS {one['rss_mb']:.0f} MB "
                  f"(target <= 600 MB at 10k); imports {one['import_seconds']:.1f} s; "
                  f"load average {one['load']:.1f} on {os.cpu_count()} cores")
            again = figures["rerun"] = run_child(corpus, work / "one")
            print(f"unchanged re-run: {again['seconds']:.2f} s = {again['seconds'] / one['seconds']:.1%} "
                  f"of the full run (target <= 5%); {again['reused']:,} documents reused")
            if args.workers:
                many = figures["workers"] = run_child(corpus, work / "many", args.workers, args.engine)
                same = (work / "one" / "documents.jsonl").read_bytes() == (work / "many" / "documents.jsonl").read_bytes()
                print(f"{args.workers} workers ({args.engine}): {many['seconds']:.1f} s wall, speed-up "
                      f"{one['seconds'] / many['seconds']:.2f}x (target >= 1.8x with 2 on 2 cores); "
                      f"peak RSS parent {many['rss_mb']:.0f} MB, largest worker "
                      f"{many['rss_workers_mb']:.0f} MB; documents.jsonl identical: {same}; CPU "
                      f"{many['cpu'] + many['cpu_workers']:.1f} s; load average {many['load']:.1f}")
        if args.search_docs:
            db = args.search_db or work / "search.db"
            seconds = build_store(db, work / "one" / "documents.jsonl", args.search_docs)
            size = db.stat().st_size / 2**20
            print(f"\nsearch store: {args.search_docs:,} synthetic documents (recombined from the "
                  f"analysed ones, stored with Corpus.add), built in {seconds:.0f} s, {size:,.0f} MB")
            found = figures["search"] = time_search(db)
            for query, ms in found["per_query_ms"].items():
                print(f"  {ms:8.1f} ms  {query}")
            print(f"search latency: p50 {found['p50_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms "
                  f"(target p95 <= 50 ms), max {found['max_ms']:.1f} ms")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
