"""A built wheel installed outside the checkout analyses a file: the model and every data file ship
inside the package (no path into the repository)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ("Sáng 12/3/2025, Đảng ủy phường Tân Định tổ chức hội nghị sơ kết công tác xây dựng Đảng. "
          "Năm 2024, Đảng bộ đã kết nạp 15 đảng viên mới.\n\n"
          "Tuy nhiên, một số chi bộ còn sinh hoạt hình thức.\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip().splitlines()[-1:]}")
    [wheel] = (tmp / "dist").glob("baocao-*.whl")
    target = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=600)
    return target


def test_the_installed_wheel_analyses_a_file(installed, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    site = sysconfig.get_paths()["purelib"]  # the dependencies, not the checkout
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), site])}
    code = ("import json, sys, pipeline; from pipeline.analyze import analyze; import pipeline.cli; "
            "[d] = analyze(sys.argv[1]); print(json.dumps({'file': pipeline.__file__, "
            "'modules': [m.__file__ for n, m in sys.modules.items() if n.startswith('pipeline')], "
            "'version': pipeline.__version__, 'doc': d.to_dict()}, ensure_ascii=False))")
    done = subprocess.run([sys.executable, "-c", code, str(report)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert Path(out["file"]).is_relative_to(installed)  # the wheel's copy, not the checkout
    # every module of the package too: subpackages (references, entities, cli) are in the wheel
    assert [m for m in out["modules"] if not Path(m).is_relative_to(installed)] == []
    assert {"references", "entities", "cli"} <= {Path(m).parent.name for m in out["modules"]}
    assert out["version"] != "0.0.0+source"
    labels = {s["label"] for s in out["doc"]["sentences"]}
    assert {"achievement", "shortcoming"} <= labels
    assert any(e["label"] == "COUNT" and e["norm"]["value"] == 15 for e in out["doc"]["entities"])
