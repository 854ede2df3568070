"""Every command and option of `baocao` is documented: docs/cli.md is the commands' own --help
(scripts/cli_docs.py writes it), so it is checked to be current, as sqlite-utils checks its
CLI reference; and each command is introduced in the README."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import typer

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text("utf-8") == _script().reference(), \
        "docs/cli.md is out of date: run python scripts/cli_docs.py"


def test_every_command_and_option_is_in_the_reference_and_every_command_in_the_readme():
    reference = (ROOT / "docs" / "cli.md").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in typer.main.get_command(app).commands.items():
        assert f"## baocao {name}\n" in reference
        assert f"baocao {name}" in readme, f"the README never mentions `baocao {name}`"
        for param in command.params:
            for flag in (o for o in param.opts if o.startswith("--")):
                assert flag in reference.split(f"## baocao {name}\n")[1].split("\n## ")[0], (name, flag)


def test_help_shows_names_not_type_placeholders():
    assert not re.findall(r"<(?:bool|path|str|int|text|integer)>", _script().reference())
