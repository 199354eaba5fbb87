"""The warehouse release: every table of the run replaced in one transaction."""

import time

import dagster as dg
import polars as pl
import sqlalchemy as sa

from pipelines.resources import Warehouse
from warehouse.io import WarehouseUnavailable, publish
from warehouse.schema import metadata
from warehouse.snapshot import publish_snapshot

TRANSIENT_RETRIES, RETRY_SECONDS = 2, 10
PUBLISHED = {key.replace(".", "__"): key for key in metadata.tables}


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb", "postgres"},
    pool="warehouse",
    ins={arg: dg.AssetIn(key=key.split(".")) for arg, key in PUBLISHED.items()},
)
def warehouse_release(context: dg.AssetExecutionContext, warehouse: Warehouse, **frames: pl.DataFrame):
    """All staging, marts and quality tables of this run, written together or not at all."""
    started = time.perf_counter()
    try:
        engine = warehouse.engine()
        try:
            counts = publish(engine, {PUBLISHED[arg]: frame for arg, frame in frames.items()})
        finally:
            engine.dispose()
    except (WarehouseUnavailable, sa.exc.OperationalError) as exc:
        # connection drops, lock timeouts, a server restarting: worth another try; data errors are not
        context.log.warning(f"warehouse unavailable, will retry: {type(exc).__name__}")
        raise dg.RetryRequested(max_retries=TRANSIENT_RETRIES, seconds_to_wait=RETRY_SECONDS) from exc
    snapshot = publish_snapshot(warehouse.url)
    context.log.info(f"published {len(counts)} tables in {time.perf_counter() - started:.1f}s"
                     + (f"; BI snapshot {snapshot}" if snapshot else ""))
    return dg.MaterializeResult(metadata={
        "warehouse": sa.make_url(warehouse.url).render_as_string(hide_password=True),
        "tables": dg.MetadataValue.md("\n".join(f"- `{k}`: {v} rows" for k, v in sorted(counts.items()))),
        "seconds": round(time.perf_counter() - started, 2),
        "bi_snapshot": str(snapshot) if snapshot else "(server warehouse: BI reads it directly)",
        **{f"rows/{k}": v for k, v in counts.items()},
    })
