"""Reference data (counties, categories, enumerations, header synonyms).

Shipped as CSV files under ``reference/data``; another city points
``PETITIONS_REFERENCE_DIR`` at its own copy of the four files.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_DIR = Path(__file__).parent / "data"
KINDS = ("register", "system")


@dataclass(frozen=True)
class Reference:
    counties: dict[str, str]
    categories: tuple[str, ...]
    category_lookup: dict[str, str]
    enum_lookup: dict[str, dict[str, str]]
    header_lookup: dict[str, dict[str, str]]
    required_fields: dict[str, tuple[str, ...]]

    def canonical_values(self, field: str) -> tuple[str, ...]:
        if field == "category":
            return self.categories
        return tuple(dict.fromkeys(self.enum_lookup[field].values()))


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    path = directory / name
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _synonyms(value: str) -> list[str]:
    return [s.strip() for s in value.split("|") if s.strip()]


def load_reference(directory: str | Path | None = None) -> Reference:
    directory = Path(directory or os.environ.get("PETITIONS_REFERENCE_DIR") or DEFAULT_DIR)
    return _load(directory.resolve())


@cache
def _load(directory: Path) -> Reference:
    counties = {r["county_code"]: r["county_name"] for r in _rows(directory, "counties.csv")}
    cat_rows = _rows(directory, "categories.csv")
    categories = tuple(r["category"] for r in cat_rows)
    category_lookup = {a: r["category"] for r in cat_rows for a in [r["category"], *_synonyms(r["aliases"])]}
    enum_lookup: dict[str, dict[str, str]] = {}
    for r in _rows(directory, "enumerations.csv"):
        for s in [r["canonical"], *_synonyms(r["synonyms"])]:
            enum_lookup.setdefault(r["field"], {})[s] = r["canonical"]
    header_lookup: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    required: dict[str, list[str]] = {k: [] for k in KINDS}
    for r in _rows(directory, "headers.csv"):
        for h in _synonyms(r["headers"]):
            header_lookup[r["kind"]][h] = r["field"]
        if r["required"] == "yes":
            required[r["kind"]].append(r["field"])
    return Reference(
        counties=counties,
        categories=categories,
        category_lookup=category_lookup,
        enum_lookup=enum_lookup,
        header_lookup=header_lookup,
        required_fields={k: tuple(v) for k, v in required.items()},
    )
