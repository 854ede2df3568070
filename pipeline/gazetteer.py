"""The gazetteer of administrative units (pipeline/data/admin_units.tsv: pre-2025 provinces,
districts and wards and the 2025 wards, with former names; province_aliases.tsv), loaded once, and
the key unit names are matched by: folded, lower case, one space, 'Phường 01' == 'Phường 1'.
pipeline/metadata.py finds places with it, and the entity and reference finders read it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import resources
from pipeline.fold import ascii_fold, fold_all


class MetadataError(ValueError):
    """Bad input to a metadata function, or a broken data file; the message is one line."""


def _tsv(name: str) -> list[dict[str, str]]:
    try:
        return resources.table(name)
    except resources.DataError as error:
        raise MetadataError(str(error)) from None


@dataclass(frozen=True)
class Unit:
    """One administrative unit of the gazetteer."""

    level: str  # province | district | ward
    type: str  # Tỉnh, Thành phố, Quận, Huyện, Thị xã, Phường, Xã, Thị trấn, Đặc khu
    name: str  # 'Bình Thủy', '10'
    province: str  # canonical: 'Thành phố Hồ Chí Minh', 'Hà Nội', 'Cần Thơ'
    district: str  # a legacy ward's district, 'Quận Long Biên'; '' otherwise
    era: str  # legacy (before the 2025 reform) | 2025


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The matching key of a unit name: folded, lower case, one space, 'Phường 01' == 'Phường 1'.
    Cached: a text's mentions ask again for the keys of the same names and of their units."""
    return name_keys([name])[0]


def name_keys(names: list[str]) -> list[str]:
    """`name_key` of many names at once: one fold() over them all (the gazetteer has 14,000)."""
    text = "\n".join(fold_all(names)).lower().replace("\xa0", " ")
    text = re.sub(r"[^\S\n]*-[^\S\n]*", " - ", text)
    text = re.sub(r"(?<!\d)0+(?=\d)", "", text)
    return [" ".join(line.split()) for line in text.split("\n")]


def _former_key(kind: str, name: str) -> str:
    """'Phường', 'Sài Đồng' -> 'phuongsaidong', the package's key of a former name."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(f"{kind}{name}"))


@dataclass(frozen=True)
class Gazetteer:
    names: dict[tuple[str, str], tuple[Unit, ...]]  # (level, name_key) -> units
    former: dict[str, tuple[Unit, ...]]  # ascii key of a former name -> units
    districts: dict[tuple[str, str], Unit]  # (province, 'Quận Long Biên') -> unit
    provinces: dict[str, Unit]  # canonical name -> unit
    aliases: dict[str, str]  # name_key of an alias -> canonical province
    aliases_written: tuple[str, ...]  # the aliases as province_aliases.tsv writes them
    alias_provinces: tuple[str, ...]  # the province of each of them
    units: tuple[Unit, ...] = ()  # every unit, in the file's order


@cache
def gazetteer() -> Gazetteer:
    """pipeline/data/admin_units.tsv and province_aliases.tsv, loaded once."""
    names: dict[tuple[str, str], list[Unit]] = {}
    former: dict[str, list[Unit]] = {}
    try:
        rows = _tsv("admin_units.tsv")
        units = [(Unit(r["level"], r["type"], r["name"], r["province"], r["district"], r["era"]), r["former"])
                 for r in rows]
        alias_rows = _tsv("province_aliases.tsv")
        written = tuple(r["alias"] for r in alias_rows)
        alias_provinces = tuple(r["province"] for r in alias_rows)
        aliases = {name_key(r["alias"]): r["province"] for r in alias_rows}
    except (KeyError, TypeError) as error:
        raise MetadataError(f"pipeline/data/admin_units.tsv or province_aliases.tsv is malformed: {error}") from None
    for (unit, keys), key in zip(units, name_keys([unit.name for unit, _ in units])):
        names.setdefault((unit.level, key), []).append(unit)
        for key in filter(None, keys.split(";")):
            former.setdefault(key, []).append(unit)
    provinces = {u.province: u for u, _ in units if u.level == "province"}
    if not provinces or set(aliases.values()) - set(provinces):
        raise MetadataError("pipeline/data/admin_units.tsv lacks provinces that province_aliases.tsv names")
    return Gazetteer(
        names={k: tuple(v) for k, v in names.items()},
        former={k: tuple(v) for k, v in former.items()},
        districts={(u.province, f"{u.type} {u.name}"): u for u, _ in units if u.level == "district"},
        provinces=provinces,
        aliases=aliases,
        aliases_written=written,
        alias_provinces=alias_provinces,
        units=tuple(unit for unit, _ in units),
    )
