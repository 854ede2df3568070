"""The same output on every run: two processes with different hash seeds (set and dict orders
differ between them) write byte-identical documents.jsonl for the sample corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(seed: str, out: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    code = "from pipeline.cli import app; app()"
    done = subprocess.run([sys.executable, "-c", code, "run", str(ROOT / "corpora" / "sample"), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return (out / "documents.jsonl").read_bytes()


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    assert _run("0", tmp_path / "a") == _run("2", tmp_path / "b")


TEXT = ("Đoàn công tác làm việc tại TP. Hồ Chí Minh, TP.Vinh, TP. Việt Trì và TP. Tam Điệp. "
        "Ủy ban MTTQ tỉnh, UBMTTQ phường và Ủy ban Mặt trận Tổ quốc Việt Nam huyện cùng dự. "
        "Học tập tư tưởng Hồ Chí Minh; Chủ tịch Hồ Chí Minh; Đoàn TNCS Hồ Chí Minh thành phố.\n")


def test_one_file_is_analysed_the_same_under_any_hash_seed(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    code = "from pipeline.cli import app; app()"
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", code, "analyze", str(report), "--json"],
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
