"""Staging layer: typed and validated rows, then one record per case and side."""

import dagster as dg
import polars as pl

from checks.expectations import gx_records
from petitions.rules.cases import case_records
from petitions.runtime.gx import GreatExpectations
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings


@dg.asset(key_prefix="staging", group_name="staging", kinds={"polars"},
          ins=ins(validated="staging.stg_validated_rows"))
def stg_case_records(validated: pl.LazyFrame) -> dg.Output:
    """The winning row of each case on each side (grain: kind × county × case_id)."""
    records = case_records(validated.filter(pl.col("reject_reason").is_null())).collect()
    return frame_output(records, **{f"{k}_cases": v for k, v in records.group_by("kind").len().iter_rows()})


@dg.asset(key_prefix="staging", group_name="staging", kinds={"polars"},
          ins=ins(records="staging.stg_case_records"))
def stg_case_records_gx_sample(landing: LandingZone, settings: RunSettings, gx: GreatExpectations,
                               records: pl.LazyFrame) -> dg.Output:
    """The case records Great Expectations validates: on each side every record the suite's polars twins
    flag, and a seeded random sample of the others (grain: kind × county × case_id). Its blocking GX
    check holds back the warehouse release only: the marts are computed while GX starts."""
    sample = gx_records(records, landing.reference(), settings.max_persons, gx.sample_rows or None).collect()
    return frame_output(sample, **{f"{k}_records": n for k, n in sample.group_by("kind").len().sort("kind").iter_rows()})
