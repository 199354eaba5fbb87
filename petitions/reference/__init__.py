"""Reference data (counties, categories, enumerations, header synonyms).

Shipped as CSV files under ``reference/data``; another city points
``PETITIONS_REFERENCE_DIR`` at its own copy of the four files.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date
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
class Event:
    """A named period as the summary prints it (“一带一路”, 十九大), first and last day inclusive."""

    name: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class Reference:
    counties: dict[str, str]
    categories: tuple[str, ...]
    category_lookup: dict[str, str]
    enum_lookup: dict[str, dict[str, str]]
    header_lookup: dict[str, dict[str, str]]
    required_fields: dict[str, tuple[str, ...]]
    events: tuple[Event, ...] = ()
    leaders: tuple[str, ...] = ()
    leader_lookup: dict[str, str] = field(default_factory=dict)
    city: str = ""

    @property
    def principal_leader(self) -> str:
        """The first row of leaders.csv: the leader the summary names in its reception sentence."""
        return self.leaders[0]

    def canonical_values(self, field: str) -> tuple[str, ...]:
        if field == "category":
            return self.categories
        return tuple(dict.fromkeys(self.enum_lookup[field].values()))


COLUMNS = {"counties.csv": ("county_code", "county_name"), "categories.csv": ("category", "aliases"),
           "events.csv": ("event", "first_day", "last_day"), "leaders.csv": ("leader", "aliases"),
           "enumerations.csv": ("field", "canonical", "synonyms"), "headers.csv": ("kind", "field", "headers", "required")}
ENUM_FIELDS = ("visit_kind", "level", "reception_mode", "handling", "extended")
# Canonical values and their order are fixed by the contract (§2, §10: 赴京 → 到县 in every report);
# a city's enumerations.csv supplies synonyms and is checked against these at load, so the two never drift.
LEVELS = ("赴京", "到省", "来市", "到县")
VISIT_KINDS = ("集体访", "个人访")
KIND_SHORT = {"集体访": "集访", "个人访": "个访"}
RECEPTION_MODES = ("日常接待", "领导接访", "联合接访")
CONTRACT_ENUMS = {"level": LEVELS, "visit_kind": VISIT_KINDS, "reception_mode": RECEPTION_MODES}


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


def _events(directory: Path) -> tuple[Event, ...]:
    path, events = directory / "events.csv", []
    for line, r in enumerate(_rows(directory, "events.csv"), start=2):
        try:
            first, last = date.fromisoformat(r["first_day"]), date.fromisoformat(r["last_day"])
        except ValueError:
            raise ReferenceTableError(f"{path} line {line}: first_day and last_day must be dates YYYY-MM-DD") from None
        if last < first:
            raise ReferenceTableError(f"{path} line {line}: period {r['event']} ends before it starts")
        events.append((line, Event(r["event"], first, last)))
    ordered = sorted(events, key=lambda e: e[1].first_day)
    for (_, a), (line, b) in zip(ordered, ordered[1:]):
        if b.first_day <= a.last_day:
            raise ReferenceTableError(f"{path} line {line}: period {b.name} overlaps {a.name}")
    return tuple(e for _, e in ordered)


def _leaders(directory: Path) -> tuple[tuple[str, ...], dict[str, str]]:
    rows = _rows(directory, "leaders.csv")
    if not rows:
        raise ReferenceTableError(f"{directory / 'leaders.csv'} names no leader: its first row is the principal leader")
    _unique(directory, "leaders.csv", [r["leader"] for r in rows], "leader")
    lookup = {a: r["leader"] for r in rows for a in [r["leader"], *_synonyms(r["aliases"])]}
    return tuple(r["leader"] for r in rows), lookup


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
    for name in ENUM_FIELDS:
        if name not in enum_lookup:
            raise ReferenceTableError(f"{directory / 'enumerations.csv'} has no values for {name}")
    for name, values in CONTRACT_ENUMS.items():
        if tuple(dict.fromkeys(enum_lookup[name].values())) != values:
            raise ReferenceTableError(f"{directory / 'enumerations.csv'}: {name} must be {'、'.join(values)} in that "
                                      "order (the contract fixes them; add synonyms freely)")
    for kind in KINDS:
        if not {"case_id", "visit_date", "visit_kind", "persons", "level", "category"} <= set(required[kind]):
            raise ReferenceTableError(f"{directory / 'headers.csv'}: {kind} must require case_id, visit_date, "
                                      "visit_kind, persons, level and category")
    leaders, leader_lookup = _leaders(directory)
    return Reference(
        city=county_rows[0].get("city", "") if county_rows else "",
        events=_events(directory),
        leaders=leaders,
        leader_lookup=leader_lookup,
        counties=counties,
        categories=categories,
        category_lookup=category_lookup,
        enum_lookup=enum_lookup,
        header_lookup=header_lookup,
        required_fields={k: tuple(v) for k, v in required.items()},
    )
