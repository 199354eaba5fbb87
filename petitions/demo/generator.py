"""Generate a landing directory of county registers with known defects, and the record of them.

The manifest is the generator's own account of what it planted; the demo prints it next to
what the warehouse found and the tests assert the two agree.
"""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

from petitions.demo.manifest import Manifest, month_seq
from petitions.demo.plan import LandingPlan
from petitions.demo.plan_files import write_submissions
from petitions.reference import Reference, load_reference


def generate_landing(directory: str | Path, seed: int = 20171, counties: list[str] | None = None,
                     first_month: date = date(2023, 1, 1), months: int = 24, ref: Reference | None = None,
                     clean: bool = True, cases_per_month: tuple[int, int] = (6, 14)) -> Manifest:
    ref = ref or load_reference()
    directory = Path(directory)
    if clean and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plan = LandingPlan(directory, random.Random(seed), ref, counties or list(ref.counties),
                       month_seq(first_month, months), cases_per_month)
    write_submissions(plan, plan.plan())
    plan.manifest.files_written = sum(1 for _ in directory.iterdir())  # every entry, as lineage counts them
    # the contract expects every county of the reference table, not just the generated ones
    plan.manifest.missing_submissions |= {(c, m, k) for c in ref.counties if c not in plan.counties
                                          for m in plan.months for k in ("register", "system")}
    return plan.manifest
