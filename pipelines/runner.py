"""Materialise the Definitions in-process for one landing directory and say exactly what changed."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg

from petitions.ingest.filenames import BadFileName, parse_file_name
from petitions.reference import load_reference
from petitions.runtime.partitions import range_tags, run_range
from petitions.runtime.resources import AS_OF_TAG, build_resources
from pipelines.definitions import build_definitions
from pipelines.startup import STEPS_PREFIX, preflight, remove_stale_step_folders

RELEASE, SNAPSHOT, REPORT = "warehouse_release", "bi_snapshot", "rpt_annual_summary"


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
    materialized: set[str] = field(default_factory=set)


def _root_message(error) -> str:
    """The innermost cause: Dagster wraps user errors in its own step-execution errors."""
    while error.cause is not None:
        error = error.cause
    return (error.message.strip().splitlines() or [error.cls_name])[0]


def _failures(result: dg.JobExecutionResult) -> list[str]:
    found = [f"step {e.step_key} failed: {_root_message(e.step_failure_data.error)}"
             for e in result.all_events if e.is_step_failure and e.step_failure_data.error]
    found += [f"check {c.check_name} on {c.asset_key.to_user_string()} failed ({c.metadata})"
              for c in result.get_asset_check_evaluations()
              if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR]
    return found


def _release_counts(result: dg.JobExecutionResult) -> dict[str, int]:
    """Table row counts and headline figures, as the release step recorded them."""
    for event in result.get_asset_materialization_events():
        if event.asset_key == dg.AssetKey(RELEASE):
            meta = event.materialization.metadata
            return {k.split("/", 1)[1]: int(v.value) for k, v in meta.items() if k.startswith(("rows/", "headline/"))}
    return {}


def overridden_job(**overrides: str | None) -> dg.JobDefinition:
    """The job with a run's resources; importable by name, as ``execute_job`` requires."""
    return build_definitions(**overrides).resolve_job_def("petitions_job")


def file_months(landing: str | Path) -> list[date]:
    """Months named by usable landing file names (names only: nothing is read or hashed here)."""
    ref, months = load_reference(), []
    with os.scandir(landing) as it:
        for entry in it:
            try:
                months.append(parse_file_name(entry.name, ref).month)
            except BadFileName:
                continue
    return months


def run_pipeline(landing: str | Path, warehouse_url: str, as_of: str, log_level: str = "WARNING",
                 report_dir: str | None = None, instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Raises ``StartupError`` (and the errors it wraps) before any work when the run cannot start."""
    report_root = Path(build_resources(report_dir=report_dir)["settings"].report_dir)
    months = file_months(landing)
    preflight(months, warehouse_url, date.fromisoformat(as_of), report_root)
    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    start, end = run_range(months, date.fromisoformat(as_of))
    remove_stale_step_folders()
    with tempfile.TemporaryDirectory(prefix=f"{STEPS_PREFIX}{os.getpid()}-") as steps:
        # a CLI run rebuilds from the files alone: its step outputs die with it, and it reads each
        # file once, so a read cache would only cost writes
        overrides = {"landing": str(landing), "warehouse_url": warehouse_url, "as_of": as_of, "steps_dir": steps,
                     "report_dir": report_dir, "cache_dir": ""}
        # the same job dagster dev, the sensor and the schedules run, in one process for speed; not
        # execute_in_process, which keeps every step's output frame in memory until the run ends
        job = dg.build_reconstructable_job("pipelines.runner", "overridden_job", reconstructable_kwargs=overrides)
        result = dg.execute_job(
            job,
            instance=instance,
            tags={AS_OF_TAG: as_of, **range_tags(start, end)},
            run_config={"execution": {"config": {"in_process": {}}},
                        "loggers": {"console": {"config": {"log_level": log_level.upper()}}}},
        )
    return RunOutcome(
        result.success, warehouse_url, as_of, failures=_failures(result),
        checks={c.check_name: {"passed": c.passed, "severity": c.severity.value,
                               "metadata": {k: v.value for k, v in c.metadata.items()}}
                for c in result.get_asset_check_evaluations()},
        report_dir=str(report_root / as_of),
        run_id=result.run_id,
        counts=_release_counts(result),
        materialized={e.asset_key.to_user_string() for e in result.get_asset_materialization_events()},
    )
