"""dvc.lock is up to date with what the DVC pipeline (dvc.yaml) depends on.

The pipeline depends on the data (corpora/), params.yaml and the code's version
(pyproject.toml), not on the source files (docs/pipeline.md says why). So this fails when
the corpus, the gold annotations, a parameter, the version or a stage's command changed
without `dvc repro` and a committed dvc.lock. Outputs are not checked: a fresh clone has
none (build/ is not committed, there is no remote), and they move with the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest.importorskip("dvc", reason="dvc is not installed (pip install dvc)")

ROOT = Path(__file__).resolve().parents[1]


def pipeline_outputs() -> set[str]:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text("utf-8"))["stages"]
    paths = set()
    for stage in stages.values():
        for item in [*stage.get("outs", []), *stage.get("metrics", [])]:
            paths.update(item if isinstance(item, dict) else [item])
    return paths


def stale(status: dict, outputs: set[str]) -> list[str]:
    """What in `dvc status --json` says dvc.lock is out of date. Missing or changed outputs,
    and deps that are the outputs of earlier stages, say nothing about the lock."""
    problems = []
    for stage, changes in status.items():
        for change in changes:
            if isinstance(change, str):  # 'changed command', 'always changed'...
                problems.append(f"{stage}: {change}")
                continue
            for kind, paths in change.items():
                if kind == "changed outs":
                    continue
                for path, state in paths.items():
                    if kind == "changed deps" and path in outputs:
                        continue
                    problems.append(f"{stage}: {kind} {path}: {state}")
    return problems


@pytest.mark.parametrize("status, expected", [
    ({}, []),
    ({"segment": [{"changed deps": {"build/dvc/clean.jsonl": "deleted"}},
                  {"changed outs": {"build/dvc/segment.jsonl": "deleted"}}]}, []),
    ({"clean": [{"changed deps": {"corpora/sample": "modified"}}]},
     ["clean: changed deps corpora/sample: modified"]),
    ({"compare": [{"changed deps": {"params.yaml": {"compare.by": "modified"}}}]},
     ["compare: changed deps params.yaml: {'compare.by': 'modified'}"]),
    ({"store": ["changed command"]}, ["store: changed command"]),
])
def test_stale_reads_dvc_status(status: dict, expected: list[str]):
    outputs = {"build/dvc/clean.jsonl", "build/dvc/segment.jsonl"}
    assert stale(status, outputs) == expected


def test_every_stage_is_locked():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text("utf-8"))["stages"]
    lock = yaml.safe_load((ROOT / "dvc.lock").read_text("utf-8"))["stages"]
    assert list(lock) == list(stages), "run `dvc repro` and commit dvc.lock"
    text = (ROOT / "dvc.lock").read_text("utf-8")
    assert str(ROOT) not in text and "/home/" not in text and "/tmp/" not in text


def test_lock_is_up_to_date():
    if not (ROOT / ".git").exists():
        pytest.skip("dvc status needs the git checkout")
    env = {**os.environ, "DVC_NO_ANALYTICS": "1"}
    result = subprocess.run([sys.executable, "-m", "dvc", "status", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    problems = stale(json.loads(result.stdout or "{}"), pipeline_outputs())
    assert not problems, "dvc.lock is out of date; run `dvc repro` and commit dvc.lock:\n" + "\n".join(problems)
