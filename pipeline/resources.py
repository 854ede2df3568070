"""The package's data files (pipeline/data/): word lists, tables and patterns that the stages
read, kept out of the code so that adding a furniture line, a title or an indicator needs no
Python. One reader for all of them, so every file follows the same rules: UTF-8, blank lines
and lines starting with '#' are comments, tables are tab-separated (no quoting: a '"' is a
character like any other) with a header line.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from typing import Any

import yaml


class DataError(ValueError):
    """A data file of the package that is missing or cannot be read (a broken installation)."""


def text(name: str) -> str:
    """The text of pipeline/data/NAME."""
    try:
        return resources.files("pipeline").joinpath("data", name).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"cannot read pipeline/data/{name}: {error}") from None


def _content(name: str) -> list[str]:
    return [line for line in text(name).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def lines(name: str) -> list[str]:
    """The entries of a word list, one per line, stripped."""
    return [line.strip() for line in _content(name)]


def rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated table without a header line."""
    return list(csv.reader(_content(name), delimiter="\t", quoting=csv.QUOTE_NONE))


def table(name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated table, keyed by its header line."""
    return list(csv.DictReader(_content(name), delimiter="\t", quoting=csv.QUOTE_NONE))


def data(name: str) -> Any:
    """A JSON or YAML data file, parsed."""
    content = text(name)
    return yaml.safe_load(content) if name.endswith((".yml", ".yaml")) else json.loads(content)
