"""Landing layer: what arrived, which version of each submission is used, and its raw rows."""

import logging

import dagster as dg
import polars as pl

from assets.metadata import frame_output
from checks.structural import usable_files, usable_files_result
from ingest.landing import read_submissions, scan_landing
from pipelines.resources import LandingZone

PROGRESS_EVERY = 25
PROGRESS = logging.getLogger("petitions.progress")


@dg.asset(key_prefix="staging", group_name="landing", kinds={"polars"})
def landing_inventory(context: dg.AssetExecutionContext, landing: LandingZone) -> dg.Output:
    """Every file in the landing directory with its sha256 and parsed name (grain: one file)."""
    inventory = scan_landing(landing.path, landing.reference())
    context.log.info(f"{inventory.height} files in {landing.path}")
    return frame_output(inventory, bad_names=int(inventory["name_error"].is_not_null().sum()))


@dg.multi_asset(
    group_name="landing",
    ins={"inventory": dg.AssetIn(key=["staging", "landing_inventory"])},
    outs={
        "stg_raw_rows": dg.AssetOut(key_prefix="staging", kinds={"polars"}, description="Raw string rows of every used file (grain: file row)."),
        "stg_file_outcomes": dg.AssetOut(key_prefix="staging", kinds={"polars"}, description="used / superseded / rejected per file."),
    },
    check_specs=[usable_files],
)
def landing_reads(context: dg.AssetExecutionContext, landing: LandingZone, inventory: pl.DataFrame):
    """Highest readable version of each county × month × kind, read once."""
    def progress(done: int, total: int, name: str) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            message = f"read {done}/{total} candidate files (last: {name})"
            context.log.info(message)
            PROGRESS.info(message)

    raw, outcomes = read_submissions(landing.path, inventory, landing.reference(), progress)
    counts = dict(outcomes.group_by("status").len().iter_rows())
    # raw rows carry names and ID numbers: counts only, no preview
    yield dg.Output(raw, output_name="stg_raw_rows",
                    metadata={"dagster/row_count": raw.height, "files_used": counts.get("used", 0)})
    yield dg.Output(outcomes, output_name="stg_file_outcomes",
                    metadata={"dagster/row_count": outcomes.height, **{f"files_{k}": v for k, v in counts.items()}})
    yield usable_files_result(outcomes)
