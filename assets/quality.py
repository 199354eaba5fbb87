"""Quality tables: every quarantined row and file, every duplicate, every reconciliation finding."""

import dagster as dg
import polars as pl

from checks.findings import finding_spec, output_with_finding
from checks.structural import rows_accounted, rows_accounted_result
from petitions.rules import reconcile
from petitions.rules.cases import duplicate_rows as find_duplicates
from petitions.rules.cases import field_mismatches as find_mismatches
from petitions.rules.submissions import file_lineage as build_lineage
from petitions.rules.submissions import missing_submissions as find_missing
from petitions.rules.submissions import rejected_files as find_rejected_files
from petitions.rules.validation import invalid_values as find_invalid_values
from petitions.runtime.keys import key
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings

Q = {"key_prefix": "quality", "group_name": "quality", "kinds": {"polars"}}
VALIDATED = dg.AssetIn(key=key("staging.stg_validated_rows"))
RECORDS = dg.AssetIn(key=key("staging.stg_case_records"))
VISITS = dg.AssetIn(key=key("marts.fact_visit"))
LINEAGE = dg.AssetIn(key=key("quality.file_lineage"))


def _accepted(validated: pl.LazyFrame) -> pl.LazyFrame:
    return validated.filter(pl.col("reject_reason").is_null())


@dg.asset(**Q, ins={"validated": VALIDATED}, check_specs=[finding_spec("rejected_rows")])
def rejected_rows(validated: pl.LazyFrame):
    """Quarantined rows with the row number seen in the file and why (grain: file row)."""
    yield from output_with_finding("rejected_rows", validated.filter(pl.col("reject_reason").is_not_null()).select(
        "source_file", "row_number", "case_id", "county_code", "kind", pl.col("reject_reason").alias("reason")).collect())


@dg.asset(**Q, ins={"validated": VALIDATED})
def invalid_ids(validated: pl.LazyFrame) -> dg.Output:
    """Rows whose ID number fails GB 11643; the visit still counts (grain: file row)."""
    return frame_output(validated.filter(pl.col("id_invalid") & pl.col("reject_reason").is_null()).select(
        "source_file", "row_number", "case_id", "county_code", "kind").collect())


@dg.asset(**Q, ins={"validated": VALIDATED})
def invalid_values(validated: pl.LazyFrame) -> dg.Output:
    """Optional enumerations (接待方式, 办理方式, 是否延期) outside the reference list; the visit counts
    with that field null (grain: file row × column)."""
    return frame_output(find_invalid_values(validated).collect())


@dg.asset(**Q, ins={"validated": VALIDATED})
def duplicate_rows(validated: pl.LazyFrame) -> dg.Output:
    """Extra rows of a case on one side, with the row kept instead (grain: file row)."""
    return frame_output(find_duplicates(_accepted(validated)).collect())


@dg.asset(
    **Q,
    ins={"inventory": dg.AssetIn(key=key("staging.landing_inventory")),
         "outcomes": dg.AssetIn(key=key("staging.stg_file_outcomes")),
         "validated": VALIDATED, "records": RECORDS, "duplicates": dg.AssetIn(key=key("quality.duplicate_rows"))},
    check_specs=[rows_accounted],
)
def file_lineage(inventory: pl.DataFrame, outcomes: pl.DataFrame, validated: pl.LazyFrame,
                 records: pl.LazyFrame, duplicates: pl.DataFrame):
    """Every file seen: version, sha256, status and row accounting (grain: file)."""
    lineage = build_lineage(inventory.lazy(), outcomes.lazy(), validated, records,
                            duplicates.lazy()).collect()
    yield frame_output(lineage, preview=lineage.drop("sha256"))
    yield rows_accounted_result(lineage)


@dg.asset(**Q, ins={"lineage": LINEAGE}, check_specs=[finding_spec("rejected_files")])
def rejected_files(lineage: pl.LazyFrame):
    """Files that could not be used, with a reason a county office understands (grain: file)."""
    yield from output_with_finding("rejected_files", find_rejected_files(lineage).collect())


@dg.asset(**Q, ins={"lineage": LINEAGE}, check_specs=[finding_spec("missing_submissions")])
def missing_submissions(landing: LandingZone, settings: RunSettings, lineage: pl.LazyFrame):
    """Expected county × month × kind with no usable file (grain: county × month × kind)."""
    counties = list(landing.reference().counties)
    yield from output_with_finding("missing_submissions", find_missing(lineage, counties, settings.as_of_date()).collect())


@dg.asset(**Q, ins={"records": RECORDS}, check_specs=[finding_spec("field_mismatches")])
def field_mismatches(records: pl.LazyFrame):
    """Fields on which register and system disagree; the register wins in the facts (grain: case × field)."""
    yield from output_with_finding("field_mismatches", find_mismatches(records).collect())


@dg.asset(**Q, ins={"visits": VISITS}, check_specs=[finding_spec("unentered_cases")])
def unentered_cases(settings: RunSettings, visits: pl.LazyFrame):
    """未录入: register cases absent from the system past the entry deadline (grain: case)."""
    found = reconcile.unentered_cases(visits, settings.as_of_date(), settings.entry_deadline_days).collect()
    yield from output_with_finding("unentered_cases", found)


@dg.asset(**Q, ins={"visits": VISITS})
def pending_entries(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Register cases not yet in the system but still within the entry deadline (grain: case)."""
    found = reconcile.pending_entries(visits, settings.as_of_date(), settings.entry_deadline_days).collect()
    return frame_output(found)


@dg.asset(**Q, ins={"visits": VISITS}, check_specs=[finding_spec("late_entries")])
def late_entries(settings: RunSettings, visits: pl.LazyFrame):
    """录入不及时: cases entered more than the deadline after the visit (grain: case)."""
    yield from output_with_finding("late_entries", reconcile.late_entries(visits, settings.entry_deadline_days).collect())


@dg.asset(**Q, ins={"visits": VISITS}, check_specs=[finding_spec("system_only_cases")])
def system_only_cases(visits: pl.LazyFrame):
    """Cases in the system export that the register omitted; they still count (grain: case)."""
    yield from output_with_finding("system_only_cases", reconcile.system_only_cases(visits).collect())
