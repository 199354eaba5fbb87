"""Great Expectations suites for the staged case records, run in an ephemeral context.

GX validates the compact staged frame (one row per case and side, never the raw rows) with a
SUMMARY result. On pandas it costs ~12 s per million rows plus ~4 s to import, so it sees a
sample: every row that the same expectations written as polars predicates flag on the whole
frame, plus up to ``PETITIONS_GX_SAMPLE_ROWS`` other rows drawn at random (seeded). A failure on
any row therefore reaches GX, and GX's own verdict on the sample guards the polars twins.
Only columns without personal data are handed to GX, and no unexpected value leaves it: the
check metadata carries counts and ``file row N`` only.
"""

from __future__ import annotations

import time

import dagster as dg
import polars as pl

from petitions.reference import Reference
from petitions.runtime.gx import GreatExpectations
from petitions.runtime.keys import key
from petitions.runtime.resources import LandingZone, RunSettings

COLUMNS = ("kind", "county_code", "case_id", "visit_date", "visit_kind", "persons", "level", "category", "entry_date")
SIDES = ("register", "system")
NOT_NULL, IN_SET = "expect_column_values_to_not_be_null", "expect_column_values_to_be_in_set"
BETWEEN, UNIQUE = "expect_column_values_to_be_between", "expect_compound_columns_to_be_unique"


def suite_spec(ref: Reference, side: str, max_persons: int) -> list[tuple[str, dict]]:
    """The expectations of one side as (GX type, kwargs): plain data, so a GX-free process can sample."""
    required = ["case_id", "county_code", "visit_date", "visit_kind", "persons", "level", "category"]
    required += ["entry_date"] if side == "system" else []
    return [(NOT_NULL, {"column": c}) for c in required] + [
        (IN_SET, {"column": "county_code", "value_set": list(ref.counties)}),
        (IN_SET, {"column": "visit_kind", "value_set": list(ref.canonical_values("visit_kind"))}),
        (IN_SET, {"column": "level", "value_set": list(ref.canonical_values("level"))}),
        (IN_SET, {"column": "category", "value_set": list(ref.categories)}),
        (BETWEEN, {"column": "persons", "min_value": 1, "max_value": max_persons}),
        (UNIQUE, {"column_list": ["county_code", "case_id"]}),
    ]


def violates(expectation: str, kwargs: dict) -> pl.Expr:
    """The polars twin of one expectation: true on a row GX would count as unexpected."""
    column = kwargs.get("column")
    predicate = {
        NOT_NULL: lambda: pl.col(column).is_null(),
        IN_SET: lambda: ~pl.col(column).is_in(list(kwargs.get("value_set") or [])),
        BETWEEN: lambda: ~pl.col(column).is_between(kwargs["min_value"], kwargs["max_value"]),
        UNIQUE: lambda: pl.struct(kwargs["column_list"]).is_duplicated(),
    }[expectation]()
    # GX skips nulls in every expectation but the not-null one
    return predicate if expectation == NOT_NULL else predicate.fill_null(False)


def gx_sample(side_rows: pl.LazyFrame, spec: list[tuple[str, dict]], rows: int | None, seed: int = 0) -> pl.LazyFrame:
    """Every row some expectation flags, plus ``rows`` others at random (all rows when ``rows`` is None)."""
    if rows is None:
        return side_rows
    flagged = pl.any_horizontal(*(violates(t, kw) for t, kw in spec))
    return side_rows.filter(flagged | (pl.int_range(pl.len()).shuffle(seed) < rows))


def _first_rows(frame: pl.DataFrame, expectation: str, kwargs: dict) -> list[str]:
    found = frame.filter(violates(expectation, kwargs)).head(5)
    return [f"{f} row {r}" for f, r in found.select("source_file", "row_number").iter_rows()]


def validate_sample(sample: pl.DataFrame, ref: Reference, max_persons: int, gx: GreatExpectations) -> dict[str, dict]:
    """One GX validation per side of what ``gx_records`` picked; a JSON-safe summary per side. The sample
    holds every flagged record in its original order, so the first rows named are those of all records."""
    summary = {}
    for side in SIDES:
        side_rows = sample.filter(pl.col("kind") == side)
        spec = suite_spec(ref, side, max_persons)
        started = time.perf_counter()
        result = gx.validate(f"stg_{side}_case_records",
                             side_rows.select(COLUMNS).with_columns(pl.col("persons").cast(pl.Int64)), spec)
        summary[side] = {
            "rows_validated_by_gx": side_rows.height,
            "success": result["success"],
            "seconds": round(time.perf_counter() - started, 3),
            "failed": [{k: v for k, v in f.items() if k != "spec_index"}
                       | {"first_rows": _first_rows(side_rows, *spec[f["spec_index"]])} for f in result["failed"]],
            "evaluated": result["evaluated"],
        }
    return summary


def validate_case_records(records: pl.DataFrame, ref: Reference, max_persons: int = 10_000,
                          gx: GreatExpectations | None = None) -> dict[str, dict]:
    """Sample the staged records as the pipeline does, then validate the sample; ``rows`` per side is
    the number of records the sample was drawn from."""
    gx = gx or GreatExpectations()
    sample = gx_records(records.lazy(), ref, max_persons, gx.sample_rows or None).collect()
    summary = validate_sample(sample, ref, max_persons, gx)
    return {side: {"rows": records.filter(pl.col("kind") == side).height} | result for side, result in summary.items()}


def gx_records(records: pl.LazyFrame, ref: Reference, max_persons: int, sample_rows: int | None) -> pl.LazyFrame:
    """What GX is handed, both sides: each side's flagged records and its random sample."""
    return pl.concat([gx_sample(records.filter(pl.col("kind") == side).select(*COLUMNS, "source_file", "row_number"),
                                suite_spec(ref, side, max_persons), sample_rows) for side in SIDES])


# on the sample, not on stg_case_records: a blocking check holds back every step downstream of its asset,
# and only the release needs to wait; run last (priority), GX has been imported by then
@dg.asset_check(asset=key("staging.stg_case_records_gx_sample"), blocking=True, op_tags={"dagster/priority": "-1"},
                description="GX suites for register and system case records: required values present, "
                            "enumerations canonical, persons within the row rule, one record per county × case_id.")
def stg_case_records_meet_expectations(landing: LandingZone, settings: RunSettings, gx: GreatExpectations,
                                       stg_case_records_gx_sample: pl.LazyFrame) -> dg.AssetCheckResult:
    # already sampled by its asset: validated as it is
    summary = validate_sample(stg_case_records_gx_sample.collect(), landing.reference(), settings.max_persons, gx)
    return dg.AssetCheckResult(
        passed=all(s["success"] for s in summary.values()),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"gx_summary": dg.MetadataValue.json(summary),
                  "gx_seconds": sum(s["seconds"] for s in summary.values()),
                  "rows_validated_by_gx": sum(s["rows_validated_by_gx"] for s in summary.values()),
                  "failed_expectations": sum(len(s["failed"]) for s in summary.values())},
    )


GX_CHECKS = [stg_case_records_meet_expectations]
