"""The generator's own record of what it planted: the truth the demo and the tests compare against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from petitions.demo.people import Case
from petitions.rules.reconcile import ENTRY_DEADLINE_DAYS


def month_seq(first: date, count: int) -> list[date]:
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass
class Manifest:
    as_of: date
    first_month: date
    last_month: date
    counties: int
    files_written: int = 0
    register: dict[tuple[str, str], Case] = field(default_factory=dict)
    system: dict[tuple[str, str], Case] = field(default_factory=dict)
    rejected_rows: dict[tuple[str, int], str] = field(default_factory=dict)
    duplicate_rows: set[tuple[str, int]] = field(default_factory=set)
    invalid_id_rows: set[tuple[str, int]] = field(default_factory=set)
    rejected_files: set[str] = field(default_factory=set)
    superseded_files: set[str] = field(default_factory=set)
    missing_submissions: set[tuple[str, date, str]] = field(default_factory=set)

    @property
    def visits(self) -> dict[tuple[str, str], Case]:
        return self.system | self.register  # register values win

    def _register_only(self) -> list[Case]:
        return [c for k, c in self.register.items() if k not in self.system]

    @property
    def unentered(self) -> set[str]:
        return {c.case_id for c in self._register_only() if (self.as_of - c.visit_date).days > ENTRY_DEADLINE_DAYS}

    @property
    def pending(self) -> set[str]:
        return {c.case_id for c in self._register_only() if (self.as_of - c.visit_date).days <= ENTRY_DEADLINE_DAYS}

    @property
    def late(self) -> set[str]:
        return {c.case_id for c in self.system.values()
                if (c.entry_date - self.visits[(c.county, c.case_id)].visit_date).days > ENTRY_DEADLINE_DAYS}

    @property
    def system_only(self) -> set[str]:
        return {c.case_id for k, c in self.system.items() if k not in self.register}

    @property
    def mismatches(self) -> set[tuple[str, str]]:
        fields = ("visit_date", "visit_kind", "persons", "level", "category")
        return {(r.case_id, f) for k, r in self.register.items() if k in self.system
                for f in fields if getattr(r, f) != getattr(self.system[k], f)}

    def expected_counts(self) -> dict[str, int]:
        return {
            "marts.fact_visit": len(self.visits), "persons": sum(c.persons for c in self.visits.values()),
            "quality.rejected_rows": len(self.rejected_rows), "quality.duplicate_rows": len(self.duplicate_rows),
            "quality.invalid_ids": len(self.invalid_id_rows), "quality.rejected_files": len(self.rejected_files),
            "files_superseded": len(self.superseded_files),
            "quality.missing_submissions": len(self.missing_submissions),
            "quality.unentered_cases": len(self.unentered), "quality.pending_entries": len(self.pending),
            "quality.late_entries": len(self.late), "quality.system_only_cases": len(self.system_only),
            "quality.field_mismatches": len(self.mismatches),
        }

    def compare(self, found: dict[str, int]) -> list[str]:
        return [f"{'✓' if found.get(k) == v else '✗'} {k}: planted {v}, found {found.get(k)}"
                for k, v in self.expected_counts().items()]
