"""Staging layer: typed and validated rows, then one record per case and side."""

import dagster as dg
import polars as pl

from checks.structural import files_have_case_ids, files_have_case_ids_result
from petitions.rules.cases import case_records
from petitions.rules.validation import validate_rows
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output
from petitions.runtime.partitions import MONTHS, single_run_backfill
from petitions.runtime.resources import LandingZone, RunSettings


@single_run_backfill
@dg.asset(
    key_prefix="staging", group_name="staging", kinds={"polars"},
    partitions_def=MONTHS, metadata={"partition_column": "file_month"},
    ins=ins(raw="staging.stg_raw_rows"),
    check_specs=[files_have_case_ids],
)
def stg_validated_rows(landing: LandingZone, settings: RunSettings, raw: pl.LazyFrame):
    """Every data row with typed values and its reject reason, null when accepted (grain: file row)."""
    validated = validate_rows(raw, landing.reference(), settings.max_persons).collect()
    yield frame_output(
        validated,
        preview=validated.filter(pl.col("reject_reason").is_not_null()).select(
            "source_file", "row_number", "case_id", "reject_reason"),
        rows_rejected=int(validated["reject_reason"].is_not_null().sum()),
    )
    yield files_have_case_ids_result(validated)


@dg.asset(key_prefix="staging", group_name="staging", kinds={"polars"},
          ins=ins(validated="staging.stg_validated_rows"))
def stg_case_records(validated: pl.LazyFrame) -> dg.Output:
    """The winning row of each case on each side (grain: kind × county × case_id)."""
    records = case_records(validated.filter(pl.col("reject_reason").is_null())).collect()
    return frame_output(records, **{f"{k}_cases": v for k, v in records.group_by("kind").len().iter_rows()})
