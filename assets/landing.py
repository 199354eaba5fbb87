"""Landing layer: what arrived, which version of each submission is used, and its raw rows."""

from datetime import date

import dagster as dg
import polars as pl

from assets.validated_months import ValidatedMonths
from checks.structural import files_have_case_ids, usable_files, usable_files_result
from petitions.ingest.cache import ReadCache
from petitions.ingest.landing import scan_landing
from petitions.ingest.submissions import SubmissionReader
from petitions.runtime.io_manager import MonthByMonth
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output, progress
from petitions.runtime.partitions import MONTHS, partition_bounds, single_run_backfill
from petitions.runtime.resources import LandingZone, RunSettings

PROGRESS_EVERY = 25


@dg.asset(key_prefix="staging", group_name="staging", kinds={"polars"})
def landing_inventory(context: dg.AssetExecutionContext, landing: LandingZone) -> dg.Output:
    """Every file in the landing directory with its sha256 and parsed name (grain: one file)."""
    inventory = scan_landing(landing.path, landing.reference(), partition_bounds())
    context.log.info(f"{inventory.height} files in {landing.path}")
    return frame_output(inventory, bad_names=int(inventory["name_error"].is_not_null().sum()))


@single_run_backfill
@dg.multi_asset(
    group_name="staging",
    partitions_def=MONTHS,
    ins=ins(inventory="staging.landing_inventory"),
    outs={
        "stg_validated_rows": dg.AssetOut(
            key_prefix="staging", kinds={"polars"}, metadata={"partition_column": "file_month"},
            description="Every data row of every used file: raw cells, typed values and the reject reason, null "
                        "when accepted (grain: file row)."),
        "stg_file_outcomes": dg.AssetOut(key_prefix="staging", kinds={"polars"}, metadata={"partition_column": "month"},
                                         description="used / superseded / rejected per file with a valid name."),
    },
    check_specs=[usable_files, files_have_case_ids],
)
def landing_reads(context: dg.AssetExecutionContext, landing: LandingZone, settings: RunSettings,
                  inventory: pl.DataFrame):
    """Highest readable version of each county × month × kind for the run's months, validated as each
    month is read: raw rows never go to a step file of their own (written and read back, they cost as
    much as validating them). Each file is parsed once per content (sha256), so a re-run re-reads only
    what changed."""
    months = [date.fromisoformat(k) for k in context.partition_keys]
    candidates = inventory.filter(pl.col("name_error").is_null() & pl.col("month").is_in(months))

    def read_progress(done: int, total: int, name: str) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            progress(context, f"read {done}/{total} county files (last: {name})")

    cache = ReadCache(landing.cache_dir, landing.reference())
    reader = SubmissionReader(landing.path, candidates, cache, read_progress)
    validated = ValidatedMonths(landing.reference(), settings.max_persons, lambda message: progress(context, message))
    # each month is written as soon as it is read and validated: memory holds a month, not the landing
    yield dg.Output(MonthByMonth(validated.months(reader.months(), reader.month_count()), schema=validated.empty(),
                                 summary=lambda: validated.metadata() | {"files_used": reader.files_used()}),
                    output_name="stg_validated_rows")
    outcomes = reader.outcomes()
    pruned = cache.prune(set(inventory["sha256"]))
    counts = dict(outcomes.group_by("status").len().iter_rows())
    parsed = outcomes.filter(pl.col("read_from") == "parsed")["source_file"].to_list()
    yield dg.Output(outcomes, output_name="stg_file_outcomes", metadata={
        "dagster/row_count": outcomes.height, "months": len(months), "files_parsed": len(parsed),
        "files_from_cache": int((outcomes["read_from"] == "cache").sum()), "cache_entries_pruned": pruned,
        "parsed": dg.MetadataValue.json(parsed[:200]), **{f"files_{k}": v for k, v in counts.items()}})
    yield usable_files_result(outcomes, inventory)
    yield validated.case_ids_result()
