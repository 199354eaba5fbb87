"""Frames travel between steps as LZ4-compressed Arrow IPC files (measured 3× faster than pickle).

A month-partitioned output is written as one file per month, split on the column named by the
asset's ``partition_column`` metadata, so re-running one month rewrites that month's file only.
An unpartitioned step reading it gets every month that exists, concatenated. A step whose input
is annotated ``pl.LazyFrame`` gets a lazy scan instead: it reads only the columns and rows its
plan needs, and nothing is read into memory before that plan runs. A partitioned step may hand
back ``MonthByMonth``: each month's frame is written as it is produced, so the step holds one
month, not the landing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg
import polars as pl

from petitions.ingest.cache import private_dir, write_private_ipc

SCHEMA_FILE = "_schema.arrow"


@dataclass
class MonthByMonth:
    """A month-partitioned output produced one month at a time. ``summary`` is called once every
    month was written; what it returns is added to the output's metadata."""

    frames: Iterator[tuple[str, pl.DataFrame]]
    summary: Callable[[], Mapping[str, object]] = field(default=lambda: {})
    schema: pl.DataFrame | None = None  # else the first month's: needed when no month comes at all


def _split(frame: pl.DataFrame, column: str, keys: list[str]) -> Iterator[tuple[str, pl.DataFrame]]:
    """Each month's rows: slices (no copy) of a frame in month order, else a filter per month, which
    holds one month's copy at a time where one partition_by would copy them all."""
    months = frame[column]
    if months.null_count() or not months.is_sorted():
        for key in keys:
            yield key, frame.filter(pl.col(column) == date.fromisoformat(key))
        return
    offset = 0
    for month, n in frame.group_by(column, maintain_order=True).len().iter_rows():
        yield month.isoformat(), frame.slice(offset, n)
        offset += n


def _write(frame: pl.DataFrame, path: Path) -> None:
    write_private_ipc(frame, path)


class ArrowIpcIOManager(dg.ConfigurableIOManager):
    base_dir: str = "data/.steps"

    def _dir(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return Path(self.base_dir, *context.asset_key.path)

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | MonthByMonth) -> None:
        # step files hold raw rows (names, ID numbers) until staging: owner-only, like the read cache
        private_dir(Path(self.base_dir))
        if not context.has_asset_partitions:
            _write(obj, self._dir(context).with_suffix(".arrow"))
            return
        column = (context.definition_metadata or {}).get("partition_column")
        if column is None:
            raise dg.DagsterInvariantViolationError(f"{context.asset_key.to_user_string()} needs partition_column metadata")
        if not isinstance(obj, MonthByMonth):
            obj = MonthByMonth(_split(obj, column, context.asset_partition_keys), schema=obj.clear())
        self._write_months(context, obj)

    def _write_months(self, context: dg.OutputContext, months: MonthByMonth) -> None:
        folder, expected, schema = self._dir(context), set(context.asset_partition_keys), months.schema
        if schema is not None:
            _write(schema, folder / SCHEMA_FILE)
        for key, frame in months.frames:
            if key not in expected:
                raise dg.DagsterInvariantViolationError(f"month {key} is not one of this run's partitions")
            if schema is None:
                schema = frame.clear()
                _write(schema, folder / SCHEMA_FILE)
            _write(frame, folder / f"{key}.arrow")
            expected.discard(key)
        if expected and schema is None:
            raise dg.DagsterInvariantViolationError(f"{context.asset_key.to_user_string()} produced no month")
        # a month of the run without rows is written empty: it replaces what an earlier run left there
        for key in expected:
            _write(schema, folder / f"{key}.arrow")
        context.add_output_metadata(dict(months.summary()))

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        wanted = context.dagster_type.typing_type
        if not context.has_asset_partitions:
            path = self._dir(context).with_suffix(".arrow")
            return pl.scan_ipc(path) if wanted is pl.LazyFrame else pl.read_ipc(path)
        folder = self._dir(context)
        paths = {key: p for key in context.asset_partition_keys if (p := folder / f"{key}.arrow").exists()}
        if not paths:
            if not (folder / SCHEMA_FILE).exists():
                raise dg.DagsterInvariantViolationError(
                    f"no month of {context.asset_key.to_user_string()} has been materialised yet")
            paths = {"": folder / SCHEMA_FILE}
        scan = pl.scan_ipc(list(paths.values()))
        return scan if wanted is pl.LazyFrame else scan.collect()
