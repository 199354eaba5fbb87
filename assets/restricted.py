"""Personal data needed to follow a case up, kept apart from everything BI tools can read."""

import dagster as dg
import polars as pl

from rules.cases import contacts


@dg.asset(key_prefix="restricted", group_name="restricted", kinds={"polars"},
          ins={"records": dg.AssetIn(key=["staging", "stg_case_records"])})
def petitioner_contacts(records: pl.DataFrame) -> dg.Output:
    """Who to contact about each visit; personal data, published to the restricted schema only
    (grain: county × case_id). Metadata shows counts, never the values."""
    found = contacts(records.lazy()).collect()
    return dg.Output(found, metadata={"dagster/row_count": found.height,
                                      "with_phone": int(found["phone"].is_not_null().sum())})
