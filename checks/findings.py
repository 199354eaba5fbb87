"""Findings about cases and files: WARN, never blocking. Quality findings are results, not failures.

Each check states one property of one quality table and, when it fails, says how many, where
(per county or per file), shows the oldest ten (case ids and dates only) and names the table.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import dagster as dg
import polars as pl

from petitions.runtime.metadata import frame_output, preview_markdown


@dataclass(frozen=True)
class Finding:
    check: str
    table: str
    description: str
    schema: str = "quality"
    group_by: str = "county_code"
    oldest_by: str | None = "visit_date"
    shown: tuple[str, ...] = ("case_id", "county_code", "visit_date")


FINDINGS = (
    Finding("registered_cases_are_entered_in_system", "unentered_cases", "未录入: every register case past the entry deadline is in the system.",
            shown=("case_id", "county_code", "visit_date", "days_since_visit")),
    Finding("entries_are_made_within_deadline", "late_entries", "录入不及时: every case was entered within the entry deadline.",
            shown=("case_id", "county_code", "visit_date", "entry_lag_days")),
    Finding("system_cases_are_in_register", "system_only_cases", "Every case in the system export is in the county register."),
    Finding("register_and_system_agree", "field_mismatches", "Register and system agree on date, kind, persons, level and category.",
            oldest_by=None, shown=("case_id", "county_code", "field")),
    Finding("all_rows_pass_validation", "rejected_rows", "No row of a used file was quarantined.",
            group_by="source_file", oldest_by=None, shown=("source_file", "row_number", "reason")),
    Finding("all_files_are_usable", "rejected_files", "Every file in the landing directory could be used.",
            group_by="source_file", oldest_by=None, shown=("source_file", "reason")),
    Finding("every_county_submitted_both_registers", "missing_submissions", "Every county sent both files for every month.",
            oldest_by="month", shown=("county_code", "month", "kind")),
    Finding("cases_are_handled_within_deadline", "rpt_overdue_cases", "办理期限: every accepted case was closed by its due date.",
            schema="marts", oldest_by="due_date", shown=("case_id", "county_code", "due_date", "days_overdue")),
)


def finding_result(frame: pl.DataFrame, finding: Finding) -> dg.AssetCheckResult:
    ordered = frame.sort(finding.oldest_by) if finding.oldest_by else frame
    per_group = dict(frame.group_by(finding.group_by).len().sort(finding.group_by).iter_rows()) if frame.height else {}
    sample = ordered.select(finding.shown).head(10)
    return dg.AssetCheckResult(
        check_name=finding.check,
        asset_key=dg.AssetKey([finding.schema, finding.table]),
        passed=frame.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "count": frame.height,
            f"count_per_{finding.group_by}": dg.MetadataValue.json({str(k): v for k, v in per_group.items()}),
            "first_ten": dg.MetadataValue.md(preview_markdown(sample, rows=10) if sample.height else "(none)"),
            "table": f"{finding.schema}.{finding.table}",
        },
    )


BY_TABLE = {f.table: f for f in FINDINGS}


def finding_spec(table: str) -> dg.AssetCheckSpec:
    """The check travels with the asset that produces its table (``check_specs``): no second read."""
    f = BY_TABLE[table]
    return dg.AssetCheckSpec(f.check, asset=dg.AssetKey([f.schema, f.table]), description=f.description)


def output_with_finding(table: str, frame: pl.DataFrame, preview: pl.DataFrame | None = None,
                        **extra: object) -> Iterator[dg.Output | dg.AssetCheckResult]:
    """The asset's output (row count, preview) and the result of its finding check."""
    yield frame_output(frame, preview, **extra)
    yield finding_result(frame, BY_TABLE[table])
