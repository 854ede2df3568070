"""One mention of a document as the finder reads it: what the mention itself says (symbol, type,
number, issuer, date, term...), before resolving groups mentions into documents."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.references.lexicon import Issuer


@dataclass
class _Hit:
    """One mention and what it says about the document it names."""

    start: int
    end: int
    kind: str  # code | short | plenum | congress | law
    type: str | None = None
    typed: bool = False  # a type word in the text names the type
    number: int | None = None
    system: str | None = None  # party | state | law (a QH symbol)
    tcode: str | None = None  # type part of the symbol, canonical spelling
    icode: str | None = None  # issuer part of the symbol, usual spelling ('TU', 'TTg')
    year: str | None = None  # the year inside a state symbol
    body: Issuer | None = None  # issuer named in the text ('của Bộ Chính trị')
    issuer_text: str | None = None  # joint issuers ('Bộ Chính trị, Ban Bí thư')
    date: str | None = None
    stated_year: str | None = None  # 'năm 2025' after the symbol
    plenum: int | None = None
    session: str | None = None
    term: str | None = None
    name: str | None = None  # law name, congress body
    national: bool = False
    period: str | None = None
    amended: bool = False
    term_from: str | None = None  # gazetteer | context, when the term was not stated
    place: str | None = None  # the unit named after a local body ('quận Bình Thạnh'), as keys write it
    said_national: bool = False  # a congress called 'toàn quốc' or 'của Đảng'

    @property
    def any_year(self) -> str | None:
        return (self.date or "")[:4] or self.stated_year or self.year
