"""Conformed dimensions from the reference tables: names, display names and the sort order a chart needs
(赴京 before 到县, 集访 before 个访), and a date dimension with the same day last year (同期)."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.reference import KIND_SHORT, LEVELS, RECEPTION_MODES, VISIT_KINDS, Reference


def _ordered(name: str, values: tuple[str, ...], display: list[str]) -> pl.DataFrame:
    return pl.DataFrame({name: list(values), "display_name": display, "sort_order": list(range(1, len(values) + 1))})


def dim_county(ref: Reference) -> pl.DataFrame:
    return pl.DataFrame({"county_code": list(ref.counties), "county_name": list(ref.counties.values()),
                         "sort_order": list(range(1, len(ref.counties) + 1)), "city": [ref.city] * len(ref.counties)})


def dim_category(ref: Reference) -> pl.DataFrame:
    return _ordered("category", ref.categories, [f"{c}类" for c in ref.categories])


def dim_level() -> pl.DataFrame:
    return _ordered("level", LEVELS, list(LEVELS))


def dim_visit_kind() -> pl.DataFrame:
    return _ordered("visit_kind", VISIT_KINDS, [KIND_SHORT[k] for k in VISIT_KINDS])


def dim_reception_mode() -> pl.DataFrame:
    return _ordered("reception_mode", RECEPTION_MODES, list(RECEPTION_MODES))


def dim_date(first: date, last: date) -> pl.DataFrame:
    """Every day from Jan 1 of ``first``'s year through Dec 31 of ``last``'s year; 同期 clamps Feb 29 to Feb 28."""
    days = pl.date_range(date(first.year, 1, 1), date(last.year, 12, 31), "1d", eager=True).alias("day")
    return pl.DataFrame(days).with_columns(
        pl.col("day").dt.truncate("1mo").alias("month"),
        pl.col("day").dt.quarter().cast(pl.Int64).alias("quarter"),
        pl.col("day").dt.year().cast(pl.Int64).alias("year"),
        pl.col("day").dt.offset_by("-1y").alias("same_day_last_year"),
    )
