"""The furniture patterns of data/furniture.tsv (whole lines, by where a line stands) and
data/furniture_inline.tsv (pieces of a line), loaded once, each with what every match of it
contains (pipeline/needs.py); and the first whole-line rule that matches a line, found with one
regex call instead of one a rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline import resources
from pipeline.needs import lowered, may_match, needs


@dataclass
class Rule:
    reason: str
    where: str  # any | head | tail (line rules); inline rules are 'any'
    pattern: re.Pattern[str]
    needs: tuple[str, ...] | None = field(init=False)  # what every match contains (pipeline/needs.py)

    def __post_init__(self) -> None:
        self.needs = needs(self.pattern)


def _rules(name: str, columns: int) -> tuple[Rule, ...]:
    return tuple(Rule(row[0], row[1] if columns == 3 else "any", re.compile(row[-1], re.IGNORECASE))
                 for row in resources.rows(name))


@cache
def line_rules() -> tuple[Rule, ...]:
    """The whole-line patterns of data/furniture.tsv."""
    return _rules("furniture.tsv", 3)


@cache
def line_patterns(reason: str) -> list[re.Pattern[str]]:
    """The whole-line patterns of one reason ('toc', 'notice'), for the boxes that need them."""
    return [rule.pattern for rule in line_rules() if rule.reason == reason]


@cache
def _line_matcher(head: bool, tail: bool) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """The line rules that apply to a line in the head or the tail or neither: as one pattern those
    that open with a fixed part (its first alternative to match the whole line is the first of them
    to: one regex call, not sixty); apart, those that open with '.{0,n}', which the regex engine
    tries at every character: they run only on a line that holds their needs."""
    rules = line_rules()
    applying = [i for i, rule in enumerate(rules)
                if rule.where == "any" or (rule.where == "head" and head) or (rule.where == "tail" and tail)]
    anywhere = tuple(i for i in applying if rules[i].pattern.pattern.startswith("."))
    return re.compile("|".join(f"(?P<rule{i}>{rules[i].pattern.pattern})" for i in applying if i not in anywhere),
                      re.IGNORECASE), anywhere


def line_reason(folded: str, head: bool, tail: bool) -> str | None:
    """The reason of the first line rule (in data/furniture.tsv's order) that matches the whole line."""
    rules = line_rules()
    matcher, anywhere = _line_matcher(head, tail)
    match = matcher.fullmatch(folded)
    first = int(match.lastgroup.removeprefix("rule")) if match else len(rules)
    low = lowered(folded)
    first = next((i for i in anywhere if i < first and may_match(rules[i].needs, low)
                  and rules[i].pattern.fullmatch(folded)), first)
    return rules[first].reason if first < len(rules) else None


@cache
def inline_rules() -> tuple[Rule, ...]:
    """The in-line patterns of data/furniture_inline.tsv."""
    return _rules("furniture_inline.tsv", 2)
