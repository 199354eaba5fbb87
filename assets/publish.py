"""The warehouse release: every table of the run replaced in one transaction."""

import time

import dagster as dg
import polars as pl
import sqlalchemy as sa

from pipelines.resources import Warehouse
from warehouse.io import publish
from warehouse.schema import metadata

PUBLISHED = {key.replace(".", "__"): key for key in metadata.tables}


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb", "postgres"},
    pool="warehouse",
    retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
    ins={arg: dg.AssetIn(key=key.split(".")) for arg, key in PUBLISHED.items()},
)
def warehouse_release(context: dg.AssetExecutionContext, warehouse: Warehouse, **frames: pl.DataFrame):
    """All staging, marts and quality tables of this run, written together or not at all."""
    started = time.perf_counter()
    engine = warehouse.engine()
    try:
        counts = publish(engine, {PUBLISHED[arg]: frame for arg, frame in frames.items()})
    finally:
        engine.dispose()
    context.log.info(f"published {len(counts)} tables in {time.perf_counter() - started:.1f}s")
    return dg.MaterializeResult(metadata={
        "warehouse": sa.make_url(warehouse.url).render_as_string(hide_password=True),
        "tables": dg.MetadataValue.md("\n".join(f"- `{k}`: {v} rows" for k, v in sorted(counts.items()))),
        "seconds": round(time.perf_counter() - started, 2),
        **{f"rows/{k}": v for k, v in counts.items()},
    })
