"""Trend, category and reception marts (contract §8, §10) and the county quality scorecard."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.reference import LEVELS, RECEPTION_MODES, VISIT_KINDS
from petitions.rules.periods import Period, change_pct, share_pct

SIDES = ("current", "previous")


def visits_monthly(visits: pl.LazyFrame) -> pl.LazyFrame:
    """Batches and persons per month × county × level × kind × category."""
    keys = ["month", "county_code", "level", "visit_kind", "category"]
    return (
        visits.with_columns(pl.col("visit_date").dt.truncate("1mo").alias("month"))
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("batches"), pl.col("persons").sum().cast(pl.Int64).alias("persons"))
        .sort(keys)
    )


def _grid(period: Period, **extra: list[str]) -> pl.LazyFrame:
    grid = pl.LazyFrame({"level": list(LEVELS)}).join(pl.LazyFrame({"visit_kind": list(VISIT_KINDS)}), how="cross")
    for name, values in extra.items():
        grid = grid.join(pl.LazyFrame({name: values}), how="cross")
    return grid.with_columns(pl.lit(period.as_of).alias("as_of"), pl.lit(period.as_of.year).alias("period_year"))


def _by_period(visits: pl.LazyFrame, period: Period, keys: list[str]) -> pl.LazyFrame:
    labelled = visits.with_columns(period.label().alias("side")).filter(pl.col("side").is_not_null())
    return labelled.group_by(keys).agg(
        *[(pl.col("side") == s).sum().cast(pl.Int64).alias(f"{s}_batches") for s in SIDES],
        *[pl.col("persons").filter(pl.col("side") == s).sum().cast(pl.Int64).alias(f"{s}_persons") for s in SIDES],
    )


def trend(visits: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Year to date against the same span last year, for every level × kind (zeros included)."""
    period = Period(as_of)
    counts = _by_period(visits, period, ["level", "visit_kind"])
    return (
        _grid(period).join(counts, on=["level", "visit_kind"], how="left")
        .with_columns(pl.col(f"{s}_{m}").fill_null(0) for s in SIDES for m in ("batches", "persons"))
        .select(
            "as_of", "period_year", "level", "visit_kind",
            pl.col("current_batches").alias("batches"), pl.col("current_persons").alias("persons"),
            pl.col("previous_batches").alias("prev_batches"), pl.col("previous_persons").alias("prev_persons"),
            change_pct(pl.col("current_batches"), pl.col("previous_batches")).alias("batches_change_pct"),
            change_pct(pl.col("current_persons"), pl.col("previous_persons")).alias("persons_change_pct"),
        )
        .with_columns(pl.col("level").cast(pl.Enum(LEVELS)).to_physical().alias("_l"),
                      pl.col("visit_kind").cast(pl.Enum(VISIT_KINDS)).to_physical().alias("_k"))
        .sort("_l", "_k").drop("_l", "_k")
    )


def category_share(visits: pl.LazyFrame, as_of: date, categories: tuple[str, ...]) -> pl.LazyFrame:
    """Year-to-date batches per level × kind × category and their share of the level × kind, largest first."""
    period = Period(as_of)
    current = visits.filter(pl.col("visit_date").is_between(period.start, period.as_of))
    keys = ["level", "visit_kind", "category"]
    return (
        current.group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("batches"), pl.col("persons").sum().cast(pl.Int64).alias("persons"))
        .with_columns(share_pct(pl.col("batches"), pl.col("batches").sum().over(["level", "visit_kind"]))
                      .alias("batch_share_pct"),
                      pl.lit(as_of).alias("as_of"), pl.lit(as_of.year).alias("period_year"),
                      pl.col("level").cast(pl.Enum(LEVELS)).to_physical().alias("_l"),
                      pl.col("visit_kind").cast(pl.Enum(VISIT_KINDS)).to_physical().alias("_k"),
                      pl.col("category").cast(pl.Enum(categories)).to_physical().alias("_c"))
        .sort(["_l", "_k", "batches", "_c"], descending=[False, False, True, False])
        .select("as_of", "period_year", *keys, "batches", "persons", "batch_share_pct")
    )


def reception(visits: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Year-to-date batches and persons per reception mode (日常接待 / 领导接访 / 联合接访)."""
    period = Period(as_of)
    counts = (
        visits.filter(pl.col("visit_date").is_between(period.start, period.as_of))
        .group_by("reception_mode")
        .agg(pl.len().cast(pl.Int64).alias("batches"), pl.col("persons").sum().cast(pl.Int64).alias("persons"))
    )
    return (
        pl.LazyFrame({"reception_mode": list(RECEPTION_MODES)}).join(counts, on="reception_mode", how="left",
                                                                     maintain_order="left")
        .with_columns(pl.col("batches", "persons").fill_null(0),
                      pl.lit(as_of).alias("as_of"), pl.lit(as_of.year).alias("period_year"))
        .select("as_of", "period_year", "reception_mode", "batches", "persons")
    )
