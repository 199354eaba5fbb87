"""Asset keys in one convention: ``schema.table``, the warehouse table an asset produces (or the staging
step it is), so an input names the table it reads and nothing retypes key lists."""

from __future__ import annotations

import dagster as dg
import polars as pl


def key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("."))


def ins(**tables: str) -> dict[str, dg.AssetIn]:
    """``ins(records="staging.stg_case_records")`` → the asset's inputs by argument name."""
    return {arg: dg.AssetIn(key=key(table)) for arg, table in tables.items()}


LAZY_FRAME = dg.PythonObjectDagsterType(pl.LazyFrame, name="LazyFrame")


def lazy_ins(**tables: str) -> dict[str, dg.AssetIn]:
    """Inputs handed over as lazy scans of the step files where the signature cannot say so (``**frames``)."""
    return {arg: dg.AssetIn(key=key(table), dagster_type=LAZY_FRAME) for arg, table in tables.items()}
