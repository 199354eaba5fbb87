"""File lineage and missing submissions (contract §1, §5 row accounting)."""

from __future__ import annotations

from datetime import date

import polars as pl

KINDS = ("register", "system")


def file_lineage(inventory: pl.LazyFrame, outcomes: pl.LazyFrame, validated: pl.LazyFrame,
                 duplicates: pl.LazyFrame) -> pl.LazyFrame:
    """Every file seen, its status and, for used files, rows_read = accepted + rejected + duplicate."""
    counts = validated.group_by("source_file").agg(
        pl.len().alias("rows_read"),
        pl.col("reject_reason").is_not_null().sum().alias("rows_rejected"),
    )
    dups = duplicates.group_by("source_file").agg(pl.len().alias("rows_duplicate"))
    used = pl.col("status") == "used"
    return (
        inventory.join(outcomes, on="source_file", how="left")
        .join(counts, on="source_file", how="left")
        .join(dups, on="source_file", how="left")
        .with_columns(
            pl.when(used).then(pl.col(c).fill_null(0)).cast(pl.Int64).alias(c)
            for c in ("rows_read", "rows_rejected", "rows_duplicate")
        )
        .with_columns((pl.col("rows_read") - pl.col("rows_rejected") - pl.col("rows_duplicate")).alias("rows_accepted"))
        .select("source_file", "county_code", "month", "kind", "version", "sha256", "size_bytes", "status",
                "reason", "rows_read", "rows_accepted", "rows_rejected", "rows_duplicate")
        .sort("source_file")
    )


def rejected_files(lineage: pl.LazyFrame) -> pl.LazyFrame:
    return lineage.filter(pl.col("status") == "rejected").select("source_file", "reason")


def missing_submissions(lineage: pl.LazyFrame, counties: list[str], as_of: date) -> pl.LazyFrame:
    """Every county × month × kind, from the earliest month named by a parsable file to the as-of month,
    with no used file."""
    months = (
        lineage.select(pl.date_range(pl.col("month").min(), pl.lit(as_of.replace(day=1)), "1mo").alias("month"))
        .drop_nulls()
    )
    expected = pl.LazyFrame({"county_code": counties}).join(months, how="cross").join(
        pl.LazyFrame({"kind": list(KINDS)}), how="cross"
    )
    used = lineage.filter(pl.col("status") == "used").select("county_code", "month", "kind")
    return expected.join(used, on=["county_code", "month", "kind"], how="anti").sort("county_code", "month", "kind")
