"""The generator's plan: decide every case's fate, then write the files and record what was planted."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from petitions.demo.junk import JUNK_REGISTER, JUNK_SYSTEM
from petitions.demo.manifest import Manifest, month_end
from petitions.demo.people import Case, Person, id_number, make_case, make_person
from petitions.reference import Reference

P_REGISTER_ONLY, P_SYSTEM_ONLY, P_LATE, P_INVALID_ID, P_NO_ID = 0.04, 0.04, 0.04, 0.02, 0.05
P_MISMATCH, P_REEXPORT, P_DUPLICATE, P_JUNK, P_MISSING, P_RESUBMIT = 0.03, 0.03, 0.02, 0.15, 0.03, 0.04


def row_of(case: Case, kind: str) -> dict[str, object]:
    row: dict[str, object] = {
        "case_id": case.case_id, "visit_date": case.visit_date, "petitioner_name": case.person.name,
        "id_number": case.person.id_number, "visit_kind": case.visit_kind, "persons": case.persons,
        "level": case.level, "category": case.category,
    }
    if kind == "system":
        return row | {"entry_date": case.entry_date}
    return row | {
        "phone": case.person.phone, "summary": "反映问题", "reception_mode": case.reception_mode,
        "receiving_leader": case.leader, "handling": case.handling,
        "accepted_date": case.accepted_date, "closed_date": case.closed_date,
        "extended": "是" if case.extended else ("否" if int(case.case_id[-1]) % 2 else ""),
    }


@dataclass
class Submission:
    county: str
    month: date
    kind: str
    rows: list[tuple[str, object]]  # ("case", Case) | ("dup", Case) | ("junk", reason)


class LandingPlan:
    def __init__(self, directory: Path, rng: random.Random, ref: Reference, counties: list[str], months: list[date],
                 cases_per_month: tuple[int, int] = (6, 14)):
        self.dir, self.rng, self.ref, self.counties, self.months = directory, rng, ref, counties, months
        self.cases_per_month = cases_per_month
        self.as_of = month_end(months[-1])
        self.manifest = Manifest(self.as_of, months[0], months[-1], len(counties))
        self.people: dict[str, list[Person]] = {c: [] for c in counties}
        self.returning: dict[str, Person] = {}

    def _person(self, county: str) -> Person:
        pool = self.people[county]
        if pool and self.rng.random() < 0.35:
            return self.rng.choice(pool)
        person = make_person(county, self.rng, len(pool))
        roll = self.rng.random()
        if roll < P_NO_ID:
            person = Person(person.name, None, person.phone)
        elif roll < P_NO_ID + P_INVALID_ID:
            born = date(1970, 1, 1) + timedelta(days=len(pool))
            person = Person(person.name, id_number(county, born, len(pool), valid=False), person.phone)
        pool.append(person)
        return person

    def _system_copy(self, case: Case) -> Case:
        if self.rng.random() < P_LATE:
            case = case.with_(entry_date=case.visit_date + timedelta(days=self.rng.randint(16, 40)))
        if self.rng.random() >= P_MISMATCH:
            return case
        match self.rng.choice(["visit_date", "level", "persons", "category"]):
            case "visit_date":
                moved = case.visit_date + timedelta(days=-1 if case.visit_date.day > 1 else 1)
                return case.with_(visit_date=moved, entry_date=max(case.entry_date, moved))
            case "level":
                return case.with_(level=self.rng.choice([v for v in ("赴京", "到省", "来市", "到县") if v != case.level]))
            case "persons":
                return case.with_(persons=case.persons - 1 if case.persons in (4, 40) else case.persons + 1)
            case _:
                return case.with_(category=self.rng.choice([c for c in self.ref.categories if c != case.category]))

    def _with_leader(self, case: Case) -> Case:
        """Leader receptions in a named period of events.csv are the principal leader's (the summary names them)."""
        if case.reception_mode != "领导接访":
            return case
        in_event = any(e.first_day <= case.visit_date <= e.last_day for e in self.ref.events)
        return case.with_(leader=self.ref.principal_leader if in_event else self.rng.choice(self.ref.leaders))

    def _returning(self, county: str, month: date, case: Case) -> Case:
        """A group that comes back to 赴京/到省 every quarter of the last year: the summary's 回流访."""
        if county not in self.counties[:3] or month.year != self.as_of.year or month.month % 3 != 1:
            return case
        person = self.returning.setdefault(county, Person(f"回流{county[-2:]}", id_number(county, date(1960, 1, 1), 999),
                                                          f"1390000{county[-4:]}"))
        return case.with_(person=person, visit_kind="集体访", persons=8 + month.month, level=("赴京", "到省")[month.month % 2])

    def _junk(self, kind: str) -> tuple[str, object]:
        return ("junk", self.rng.choice(list(JUNK_SYSTEM if kind == "system" else JUNK_REGISTER)))

    def plan(self) -> list[Submission]:
        subs: dict[tuple[str, date, str], Submission] = {}
        for county in self.counties:
            for i, month in enumerate(self.months):
                reg = subs.setdefault((county, month, "register"), Submission(county, month, "register", []))
                sys = subs.setdefault((county, month, "system"), Submission(county, month, "system", []))
                for seq in range(1, self.rng.randint(*self.cases_per_month) + 1):
                    case = make_case(county, month, seq, self._person(county), self.rng, self.ref.categories)
                    case = self._with_leader(self._returning(county, month, case) if seq == 1 else case)
                    roll = self.rng.random()
                    if roll >= P_SYSTEM_ONLY:
                        reg.rows.append(("case", case))
                        if self.rng.random() < P_DUPLICATE:
                            reg.rows.append(("dup", case))
                    copy = self._system_copy(case)
                    if P_SYSTEM_ONLY <= roll < P_SYSTEM_ONLY + P_REGISTER_ONLY or copy.entry_date > self.as_of:
                        continue
                    sys.rows.append(("case", copy))
                    if i + 1 < len(self.months) and self.rng.random() < P_REEXPORT:
                        nxt = subs.setdefault((county, self.months[i + 1], "system"),
                                              Submission(county, self.months[i + 1], "system", []))
                        nxt.rows.insert(0, ("case", copy))
                        sys.rows[-1] = ("dup", copy)
                for sub in (reg, sys):
                    if self.rng.random() < P_JUNK:
                        sub.rows.insert(self.rng.randint(0, len(sub.rows)), self._junk(sub.kind))
        return list(subs.values())
