"""File lineage and missing submissions (contract §1, §5 row accounting)."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.reference import KINDS


def file_lineage(inventory: pl.LazyFrame, outcomes: pl.LazyFrame, validated: pl.LazyFrame,
                 records: pl.LazyFrame, duplicates: pl.LazyFrame) -> pl.LazyFrame:
    """Every file seen and its status; for used files the rows read, and where each row went.

    Each count comes from a different frame, so a row lost between steps shows up as
    rows_read != rows_accepted + rows_rejected + rows_duplicate.
    """
    def per_file(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        return frame.group_by("source_file").agg(pl.len().alias(name))

    counts = ["rows_read", "rows_accepted", "rows_rejected", "rows_duplicate"]
    return (
        inventory.join(outcomes.select("source_file", "status", "reason", pl.col("sha256").alias("parsed_sha256")),
                       on="source_file", how="left")
        .with_columns(
            # a month not read yet (an incremental run for another month) is "unread", not lost
            pl.when(pl.col("name_error").is_not_null()).then(pl.lit("rejected"))
            .otherwise(pl.col("status").fill_null("unread")).alias("status"),
            # the reason names the file: it is read in logs and messages as well as beside the file name
            pl.format("{}: {}", "source_file", pl.coalesce("name_error", "reason")).alias("reason"),
            # the hash of the bytes that were parsed, when a file changed between inventory and read
            pl.coalesce("parsed_sha256", "sha256").alias("sha256"),
        )
        .join(per_file(validated, "rows_read"), on="source_file", how="left")
        .join(per_file(records, "rows_accepted"), on="source_file", how="left")
        .join(per_file(validated.filter(pl.col("reject_reason").is_not_null()), "rows_rejected"),
              on="source_file", how="left")
        .join(per_file(duplicates, "rows_duplicate"), on="source_file", how="left")
        .with_columns(
            pl.when(pl.col("status") == "used").then(pl.col(c).fill_null(0)).cast(pl.Int64).alias(c) for c in counts
        )
        .select("source_file", "county_code", "month", "kind", "version", "sha256", "size_bytes", "status",
                "reason", *counts)
        .sort("source_file")
    )


def unaccounted_files(lineage: pl.LazyFrame) -> pl.LazyFrame:
    """Used files whose rows do not add up: a row was lost or counted twice between steps."""
    return lineage.filter(
        pl.col("rows_read") != pl.col("rows_accepted") + pl.col("rows_rejected") + pl.col("rows_duplicate")
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
