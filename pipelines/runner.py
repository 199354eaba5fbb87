"""Materialise the Definitions in-process for one landing directory and summarise the warehouse."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg
import sqlalchemy as sa

from ingest.filenames import BadFileName, parse_file_name
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS
from pipelines.partitions import range_tags, run_range
from pipelines.resources import AS_OF_TAG, build_resources
from reference import load_reference
from warehouse.io import connect
from warehouse.schema import fact_visit, file_lineage, metadata


@dataclass
class RunOutcome:
    success: bool
    warehouse: str
    as_of: str
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    checks: dict[str, dict[str, object]] = field(default_factory=dict)
    report_dir: str = ""
    run_id: str = ""


def _root_message(error) -> str:
    """The innermost cause: Dagster wraps user errors in its own step-execution errors."""
    while error.cause is not None:
        error = error.cause
    return (error.message.strip().splitlines() or [error.cls_name])[0]


def _failures(result: dg.ExecuteInProcessResult) -> list[str]:
    found = [f"step {e.step_key} failed: {_root_message(e.step_failure_data.error)}"
             for e in result.all_events if e.is_step_failure and e.step_failure_data.error]
    found += [f"check {c.check_name} on {c.asset_key.to_user_string()} failed ({c.metadata})"
              for c in result.get_asset_check_evaluations()
              if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR]
    return found


def warehouse_counts(engine: sa.Engine) -> dict[str, int]:
    """Row counts of every published table, plus the headline figures of a run."""
    with engine.connect() as conn:
        counts = {key: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                  for key, t in metadata.tables.items()}
        counts["persons"] = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(fact_visit.c.persons), 0))).scalar_one())
        for status, n in conn.execute(sa.select(file_lineage.c.status, sa.func.count()).group_by(file_lineage.c.status)):
            counts[f"files_{status}"] = n
        sums = conn.execute(sa.select(*[sa.func.coalesce(sa.func.sum(file_lineage.c[c]), 0) for c in
                                        ("rows_read", "rows_accepted", "rows_rejected", "rows_duplicate")])).one()
        counts.update(zip(("rows_read", "rows_accepted", "rows_rejected", "rows_duplicate"), map(int, sums)))
    return counts


def file_months(landing: str | Path) -> list[date]:
    """Months named by usable landing file names (names only: nothing is read or hashed here)."""
    ref, months = load_reference(), []
    for path in Path(landing).iterdir():
        try:
            months.append(parse_file_name(path.name, ref).month)
        except BadFileName:
            continue
    return months


def run_pipeline(landing: str | Path, warehouse_url: str, as_of: str, log_level: str = "WARNING",
                 report_dir: str | None = None, instance: dg.DagsterInstance | None = None) -> RunOutcome:
    connect(warehouse_url).dispose()  # fail fast with one clear line before Dagster starts
    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    start, end = run_range(file_months(landing), date.fromisoformat(as_of))
    with tempfile.TemporaryDirectory(prefix="petitions-steps-") as steps:
        # a CLI run rebuilds from the files alone: its step outputs and read cache die with it
        resources = build_resources(landing=str(landing), warehouse_url=warehouse_url, as_of=as_of,
                                    steps_dir=steps, report_dir=report_dir, cache_dir=str(Path(steps, "cache")))
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources=resources,
            instance=instance,
            raise_on_error=False,
            tags={AS_OF_TAG: as_of, **range_tags(start, end)},
            run_config={"loggers": {"console": {"config": {"log_level": log_level.upper()}}}},
        )
    outcome = RunOutcome(
        result.success, warehouse_url, as_of, failures=_failures(result),
        checks={c.check_name: {"passed": c.passed, "severity": c.severity.value,
                               "metadata": {k: v.value for k, v in c.metadata.items()}}
                for c in result.get_asset_check_evaluations()},
        report_dir=str(Path(resources["settings"].report_dir, as_of)),
        run_id=result.run_id,
    )
    if result.success:
        engine = connect(warehouse_url)
        try:
            outcome.counts = warehouse_counts(engine)
        finally:
            engine.dispose()
    return outcome


def print_summary(outcome: RunOutcome) -> None:
    if not outcome.success:
        print(f"run FAILED as of {outcome.as_of}; the warehouse {outcome.warehouse} was left as it was:")
        for line in outcome.failures or ["(no step reported an error; see the Dagster logs)"]:
            print("  - " + line)
        return
    c = outcome.counts
    print(f"run succeeded as of {outcome.as_of} → {sa.make_url(outcome.warehouse).render_as_string(hide_password=True)}")
    print(f"  files: {c.get('files_used', 0)} used, {c.get('files_superseded', 0)} superseded, "
          f"{c.get('files_rejected', 0)} rejected")
    print(f"  rows:  {c['rows_read']} read = {c['rows_accepted']} accepted + {c['rows_rejected']} rejected + "
          f"{c['rows_duplicate']} duplicate")
    print(f"  visits: {c['marts.fact_visit']}批{c['persons']}人")
    print(f"  findings: {c['quality.unentered_cases']} unentered, {c['quality.pending_entries']} pending entry, "
          f"{c['quality.late_entries']} late, {c['quality.system_only_cases']} system-only, "
          f"{c['quality.field_mismatches']} field mismatches, {c['quality.invalid_ids']} invalid IDs, "
          f"{c['quality.missing_submissions']} missing submissions, {c['marts.rpt_overdue_cases']} overdue")
    print(f"  report: {outcome.report_dir}/summary.md, summary.html")
    warned = sorted(name for name, check in outcome.checks.items() if not check["passed"])
    print(f"  checks: {len(outcome.checks) - len(warned)} passed, {len(warned)} with findings"
          + (f" ({', '.join(warned)})" if warned else ""))
