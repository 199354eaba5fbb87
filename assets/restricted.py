"""Personal data needed to follow a case up, kept apart from everything BI tools can read."""

import dagster as dg
import polars as pl

from petitions.rules.cases import contacts
from petitions.rules.validation import rejected_row_values as raw_cells
from petitions.runtime.keys import ins


@dg.asset(key_prefix="restricted", group_name="restricted", kinds={"polars"},
          ins=ins(records="staging.stg_case_records"))
def petitioner_contacts(records: pl.LazyFrame) -> dg.Output:
    """Who to contact about each visit; personal data, published to the restricted schema only
    (grain: county × case_id). Metadata shows counts, never the values."""
    found = contacts(records).collect()
    return dg.Output(found, metadata={"dagster/row_count": found.height,
                                      "with_phone": int(found["phone"].is_not_null().sum())})


@dg.asset(key_prefix="restricted", group_name="restricted", kinds={"polars"},
          ins=ins(validated="staging.stg_validated_rows"))
def rejected_row_values(validated: pl.LazyFrame) -> dg.Output:
    """The cells of each quarantined row as read, so an operator can see what the county wrote; the
    reasons in ``quality.rejected_rows`` never quote them (grain: file row × column)."""
    found = raw_cells(validated).collect()
    return dg.Output(found, metadata={"dagster/row_count": found.height,
                                      "rows": found.select("source_file", "row_number").n_unique()})
