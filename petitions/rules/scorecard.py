"""The county quality scorecard: one row per county × month, for reviewers chasing counties."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.rules.periods import share_pct

KEYS = ["county_code", "month"]
COUNTS = ["visits", "unentered", "late", "pending", "rejected_rows", "duplicate_rows", "missing_submissions"]


def _by_visit_month(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
    return (frame.with_columns(pl.col("visit_date").dt.truncate("1mo").alias("month"))
            .group_by(KEYS).agg(pl.len().cast(pl.Int64).alias(name)))


def _by_file_month(rows: pl.LazyFrame, lineage: pl.LazyFrame, name: str) -> pl.LazyFrame:
    files = lineage.select("source_file", "county_code", "month")
    return rows.select("source_file").join(files, on="source_file").group_by(KEYS).agg(
        pl.len().cast(pl.Int64).alias(name))


def county_scorecard(*, visits: pl.LazyFrame, unentered: pl.LazyFrame, late: pl.LazyFrame, pending: pl.LazyFrame,
                     rejected: pl.LazyFrame, duplicates: pl.LazyFrame, lineage: pl.LazyFrame,
                     missing: pl.LazyFrame, counties: list[str], as_of: date,
                     deadline_days: int) -> pl.LazyFrame:
    """Counts per county × month (visit month for cases, file month for rows and submissions) and
    entry timeliness: the share of system-entered visits entered within the deadline."""
    months = (
        lineage.select(pl.date_range(pl.col("month").min(), pl.lit(as_of.replace(day=1)), "1mo").alias("month"))
        .drop_nulls()
    )
    timeliness = (
        visits.filter(pl.col("in_system"))
        .with_columns(pl.col("visit_date").dt.truncate("1mo").alias("month"))
        .group_by(KEYS)
        .agg(pl.len().alias("_entered"), (pl.col("entry_lag_days") <= deadline_days).sum().alias("_on_time"))
    )
    parts = [
        _by_visit_month(visits, "visits"), _by_visit_month(unentered, "unentered"),
        _by_visit_month(late, "late"), _by_visit_month(pending, "pending"),
        _by_file_month(rejected, lineage, "rejected_rows"), _by_file_month(duplicates, lineage, "duplicate_rows"),
        missing.group_by(KEYS).agg(pl.len().cast(pl.Int64).alias("missing_submissions")), timeliness,
    ]
    card = pl.LazyFrame({"county_code": counties}).join(months, how="cross")
    for part in parts:
        card = card.join(part, on=KEYS, how="left")
    return (
        card.with_columns(pl.col(COUNTS).fill_null(0))
        .with_columns(
            share_pct(pl.col("_on_time"), pl.col("_entered")).alias("entry_timeliness_pct")
        )
        .select(*KEYS, *COUNTS, "entry_timeliness_pct")
        .sort(KEYS)
    )
