"""Structural checks: ERROR and blocking, because the data behind them must not flow on."""

import dagster as dg
import polars as pl

from petitions.rules.submissions import unaccounted_files
from petitions.runtime.keys import key

OUTCOMES = key("staging.stg_file_outcomes")
VALIDATED = key("staging.stg_validated_rows")
LINEAGE = key("quality.file_lineage")
VISITS = key("marts.fact_visit")

usable_files = dg.AssetCheckSpec(
    "landing_has_usable_files", asset=OUTCOMES, blocking=True,
    description="At least one file could be used; otherwise there is nothing to report on.")
files_have_case_ids = dg.AssetCheckSpec(
    "stg_used_files_have_case_ids", asset=VALIDATED, blocking=True,
    description="Every used file has case ids; a file without any is a broken export, not a set of bad rows.")
rows_accounted = dg.AssetCheckSpec(
    "file_lineage_accounts_for_every_row", asset=LINEAGE, blocking=True,
    description="rows_read = rows_accepted + rows_rejected + rows_duplicate for every used file.")

one_row_per_case = dg.AssetCheckSpec(
    "fact_visit_has_one_row_per_case", asset=VISITS, blocking=True,
    description="county_code × case_id is unique: the grain every mart and BI count relies on (a DuckDB "
                "warehouse holds no primary-key index for it).")


def usable_files_result(outcomes: pl.DataFrame, inventory: pl.DataFrame) -> dg.AssetCheckResult:
    """Counted like quality.file_lineage: every landing entry, misnamed ones among the rejected."""
    counts = dict(outcomes.group_by("status").len().iter_rows())
    counts["rejected"] = counts.get("rejected", 0) + int(inventory["name_error"].is_not_null().sum())
    return dg.AssetCheckResult(
        check_name=usable_files.name, asset_key=OUTCOMES, passed=counts.get("used", 0) > 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"landing_entries": inventory.height, **{f"files_{k}": v for k, v in counts.items()}})


def case_ids_per_file(validated: pl.DataFrame) -> pl.DataFrame:
    """Rows and rows with a case id per file: a file lies in one month, so months' counts concatenate."""
    return validated.group_by("source_file").agg(pl.col("case_id").is_not_null().sum().alias("ids"),
                                                 pl.len().alias("rows"))


def files_have_case_ids_result(per_file: list[pl.DataFrame]) -> dg.AssetCheckResult:
    """``per_file``: ``case_ids_per_file`` of each month validated."""
    found = pl.concat(per_file) if per_file else pl.DataFrame(schema={"source_file": pl.String, "ids": pl.UInt32,
                                                                       "rows": pl.UInt32})
    blank = found.filter(pl.col("ids") == 0).sort("source_file")
    return dg.AssetCheckResult(
        check_name=files_have_case_ids.name, asset_key=VALIDATED, passed=blank.is_empty(),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"files_without_case_ids": blank["source_file"].to_list(),
                  "rows_in_those_files": int(blank["rows"].sum())})


def rows_accounted_result(lineage: pl.DataFrame) -> dg.AssetCheckResult:
    broken = unaccounted_files(lineage.lazy()).collect()
    return dg.AssetCheckResult(
        check_name=rows_accounted.name, passed=broken.is_empty(), severity=dg.AssetCheckSeverity.ERROR,
        metadata={"files_not_adding_up": broken["source_file"].to_list()})


def one_row_per_case_result(visits: pl.DataFrame) -> dg.AssetCheckResult:
    repeated = (visits.group_by("county_code", "case_id").len().filter(pl.col("len") > 1)
                .sort("county_code", "case_id"))
    return dg.AssetCheckResult(
        check_name=one_row_per_case.name, passed=repeated.is_empty(), severity=dg.AssetCheckSeverity.ERROR,
        metadata={"repeated_cases": repeated.height,
                  "first_repeated": [f"{c} {i}" for c, i in repeated.head(10).select("county_code", "case_id").iter_rows()]})
