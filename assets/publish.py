"""The warehouse release: every table of the run replaced in one transaction; then the BI snapshot."""

import time

import dagster as dg
import polars as pl
import sqlalchemy as sa

from petitions.runtime.keys import key, lazy_ins
from petitions.runtime.metadata import progress
from petitions.runtime.resources import RunSettings, Warehouse
from warehouse.io import WarehouseUnavailable, publish
from warehouse.schema import metadata
from warehouse.snapshot import publish_snapshot

TRANSIENT_RETRIES, RETRY_SECONDS = 2, 10
# one input per warehouse table, named by the table (names are unique across schemas; a test says so)
PUBLISHED = {t.name: t.fullname for t in metadata.sorted_tables if "history_of" not in t.info}
ROW_COUNTS = ("rows_read", "rows_accepted", "rows_rejected", "rows_duplicate")


def headline(frames: dict[str, pl.LazyFrame]) -> dict[str, int]:
    """The figures the command line prints, taken from the frames published: the run never reopens
    the warehouse, which a BI reader may hold."""
    lineage = frames["quality.file_lineage"].lazy().select("status", *ROW_COUNTS).collect()
    figures = {f"files_{status}": n for status, n in lineage.group_by("status").len().iter_rows()}
    figures |= {c: int(lineage[c].sum() or 0) for c in ROW_COUNTS}
    persons = frames["marts.fact_visit"].lazy().select(pl.col("persons").sum()).collect().item()
    return figures | {"persons": int(persons or 0), "landing_entries": lineage.height}


def _slow_tables(context: dg.AssetExecutionContext, seconds: float = 1.0):
    """A progress line for each table that took a while to write (big runs spend minutes here)."""
    last = [time.perf_counter()]

    def loaded(table: str) -> None:
        now = time.perf_counter()
        took, last[0] = now - last[0], now
        if took >= seconds:
            progress(context, f"wrote {table} ({took:.0f} s)")

    return loaded


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb", "postgres"},
    pool="warehouse",
    ins=lazy_ins(**PUBLISHED),
    deps=[key("staging.stg_case_records_gx_sample")],  # its blocking GX check gates the release
)
def warehouse_release(context: dg.AssetExecutionContext, warehouse: Warehouse, settings: RunSettings,
                      **frames: pl.LazyFrame):
    """All staging, marts, quality and restricted tables of this run, written together or not at all;
    each read from its step file as it is written, so memory holds one table at a time."""
    started = time.perf_counter()
    tables = {PUBLISHED[arg]: frame for arg, frame in frames.items()}
    try:
        engine, restricted = warehouse.engine(), None
        try:
            restricted = warehouse.restricted_engine()
            counts = publish(engine, tables, _slow_tables(context), as_of=settings.as_of_date(), restricted=restricted)
        finally:
            engine.dispose()
            if restricted is not None:
                restricted.dispose()
    except (WarehouseUnavailable, sa.exc.OperationalError) as exc:
        # connection drops, lock timeouts, a server restarting: worth another try; data errors are not
        context.log.warning(f"warehouse unavailable, will retry: {type(exc).__name__}")
        raise dg.RetryRequested(max_retries=TRANSIENT_RETRIES, seconds_to_wait=RETRY_SECONDS) from exc
    context.log.info(f"published {len(counts)} tables in {time.perf_counter() - started:.1f}s")
    return dg.MaterializeResult(metadata={
        "warehouse": sa.make_url(warehouse.url).render_as_string(hide_password=True),
        "tables": dg.MetadataValue.md("\n".join(f"- `{k}`: {v} rows" for k, v in sorted(counts.items()))),
        "seconds": round(time.perf_counter() - started, 2),
        **{f"rows/{k}": v for k, v in counts.items()},
        **{f"headline/{k}": v for k, v in headline(tables).items()},
    })


@dg.asset(group_name="warehouse", kinds={"duckdb"}, pool="warehouse", deps=[warehouse_release])
def bi_snapshot(warehouse: Warehouse) -> dg.MaterializeResult:
    """``<warehouse>.snapshot.duckdb``: the BI schemas only, for BI tools to open while runs write
    (DuckDB warehouses; a PostgreSQL warehouse is read by BI directly)."""
    snapshot = publish_snapshot(warehouse.url)
    return dg.MaterializeResult(metadata={
        "bi_snapshot": str(snapshot) if snapshot else "(server warehouse: BI reads it directly)"})
