"""What the command line prints after a run: the exact state of the warehouse, snapshot and report."""

from __future__ import annotations

import sqlalchemy as sa

from pipelines.runner import RELEASE, REPORT, SNAPSHOT, RunOutcome
from warehouse.snapshot import snapshot_path


def state_lines(outcome: RunOutcome) -> list[str]:
    """One line each for the warehouse, the BI snapshot and the report, saying what this run did to them."""
    shown = sa.make_url(outcome.warehouse).render_as_string(hide_password=True)
    lines = [f"warehouse {shown}: " + ("replaced by this run" if RELEASE in outcome.materialized
                                       else "not changed (it holds the previous run's tables)")]
    snap = snapshot_path(outcome.warehouse)
    if snap is not None:
        lines.append(f"BI snapshot {snap}: " + ("replaced by this run" if SNAPSHOT in outcome.materialized
                                                 else "not changed (it holds the previous run's tables)"))
    written = REPORT in outcome.materialized
    lines.append(f"report {outcome.report_dir}/" + ("{summary.md, summary.html, summary.docx}: written" if written
                                                    else ": not written"))
    return lines


def print_summary(outcome: RunOutcome) -> None:
    if not outcome.success:
        print(f"run FAILED as of {outcome.as_of}:")
        for line in outcome.failures or ["(no step reported an error; see the Dagster logs)"]:
            print("  - " + line)
        for line in state_lines(outcome):
            print("  " + line)
        return
    c = outcome.counts
    print(f"run succeeded as of {outcome.as_of}")
    for line in state_lines(outcome):
        print("  " + line)
    print(f"  landing entries: {c.get('landing_entries', 0)} = {c.get('files_used', 0)} used + "
          f"{c.get('files_superseded', 0)} superseded + {c.get('files_rejected', 0)} rejected")
    print(f"  rows:  {c['rows_read']} read = {c['rows_accepted']} accepted + {c['rows_rejected']} rejected + "
          f"{c['rows_duplicate']} duplicate")
    print(f"  visits: {c['marts.fact_visit']}批{c['persons']}人")
    print(f"  findings: {c['quality.unentered_cases']} unentered, {c['quality.pending_entries']} pending entry, "
          f"{c['quality.late_entries']} late, {c['quality.system_only_cases']} system-only, "
          f"{c['quality.field_mismatches']} field mismatches, {c['quality.invalid_ids']} invalid IDs, "
          f"{c['quality.invalid_values']} invalid values, "
          f"{c['quality.missing_submissions']} missing submissions, {c['marts.rpt_overdue_cases']} overdue")
    warned = sorted(name for name, check in outcome.checks.items() if not check["passed"])
    print(f"  checks: {len(outcome.checks) - len(warned)} passed, {len(warned)} with findings"
          + (f" ({', '.join(warned)})" if warned else ""))
    if outcome.warehouse.startswith("duckdb"):
        print("  BI tools: open the snapshot, never the warehouse file (a reader on it blocks the next run)")
