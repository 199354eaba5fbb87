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
FIELDS = (
    "case_id", "visit_date", "petitioner_name", "id_number", "phone", "visit_kind", "persons", "level",
    "category", "summary", "reception_mode", "receiving_leader", "handling", "accepted_date", "closed_date",
    "extended", "entry_date",
)


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


COLUMNS = {"counties.csv": ("county_code", "county_name"), "categories.csv": ("category", "aliases"),
           "enumerations.csv": ("field", "canonical", "synonyms"), "headers.csv": ("kind", "field", "headers", "required")}
ENUM_FIELDS = ("visit_kind", "level", "reception_mode", "handling", "extended")


class ReferenceTableError(ValueError):
    """A reference table is missing or malformed; the message names the file and line."""


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    path = directory / name
    if not path.is_file():
        raise ReferenceTableError(f"reference file missing: {path}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(COLUMNS[name]) - set(reader.fieldnames or ())
            if missing:
                raise ReferenceTableError(f"{path}: header lacks column(s) {', '.join(sorted(missing))}")
            rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ReferenceTableError(f"{path} is not a UTF-8 CSV file ({type(exc).__name__})") from None
    for line, row in enumerate(rows, start=2):
        if not row.get(COLUMNS[name][0]):
            raise ReferenceTableError(f"{path} line {line}: {COLUMNS[name][0]} is empty")
    return rows


def _unique(directory: Path, name: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for line, value in enumerate(values, start=2):
        if value in seen:
            raise ReferenceTableError(f"{directory / name} line {line}: {what} {value} appears twice")
        seen.add(value)


def _synonyms(value: str) -> list[str]:
    return [s.strip() for s in value.split("|") if s.strip()]


def load_reference(directory: str | Path | None = None) -> Reference:
    directory = Path(directory or os.environ.get("PETITIONS_REFERENCE_DIR") or DEFAULT_DIR)
    return _load(directory.resolve())


@cache
def _load(directory: Path) -> Reference:
    county_rows = _rows(directory, "counties.csv")
    _unique(directory, "counties.csv", [r["county_code"] for r in county_rows], "county code")
    for line, r in enumerate(county_rows, start=2):
        if not (r["county_code"].isascii() and r["county_code"].isdigit() and len(r["county_code"]) == 6):
            raise ReferenceTableError(f"{directory / 'counties.csv'} line {line}: county code must be 6 digits")
    counties = {r["county_code"]: r["county_name"] for r in county_rows}
    cat_rows = _rows(directory, "categories.csv")
    _unique(directory, "categories.csv", [r["category"] for r in cat_rows], "category")
    categories = tuple(r["category"] for r in cat_rows)
    category_lookup = {a: r["category"] for r in cat_rows for a in [r["category"], *_synonyms(r["aliases"])]}
    enum_lookup: dict[str, dict[str, str]] = {}
    for r in _rows(directory, "enumerations.csv"):
        for s in [r["canonical"], *_synonyms(r["synonyms"])]:
            enum_lookup.setdefault(r["field"], {})[s] = r["canonical"]
    header_lookup: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    required: dict[str, list[str]] = {k: [] for k in KINDS}
    for line, r in enumerate(_rows(directory, "headers.csv"), start=2):
        if r["kind"] not in KINDS or r["field"] not in FIELDS:
            raise ReferenceTableError(f"{directory / 'headers.csv'} line {line}: kind must be register or system "
                                      "and field one of the contract's fields")
        for h in _synonyms(r["headers"]):
            header_lookup[r["kind"]][h] = r["field"]
        if r["required"] == "yes":
            required[r["kind"]].append(r["field"])
    for field in ENUM_FIELDS:
        if field not in enum_lookup:
            raise ReferenceTableError(f"{directory / 'enumerations.csv'} has no values for {field}")
    for kind in KINDS:
        if not {"case_id", "visit_date", "visit_kind", "persons", "level", "category"} <= set(required[kind]):
            raise ReferenceTableError(f"{directory / 'headers.csv'}: {kind} must require case_id, visit_date, "
                                      "visit_kind, persons, level and category")
    return Reference(
        counties=counties,
        categories=categories,
        category_lookup=category_lookup,
        enum_lookup=enum_lookup,
        header_lookup=header_lookup,
        required_fields={k: tuple(v) for k, v in required.items()},
    )
