"""Register-vs-system findings (contract §6) and handling deadlines (§7), all as of a date."""

from __future__ import annotations

from datetime import date

import polars as pl

# contract defaults; the settings table (petitions.runtime.config) reads them from here
ENTRY_DEADLINE_DAYS = 15
HANDLING_PERIOD, EXTENDED_HANDLING_PERIOD = "1mo", "2mo"


def _days_since_visit(as_of: date) -> pl.Expr:
    return (pl.lit(as_of) - pl.col("visit_date")).dt.total_days()


def _register_only(visits: pl.LazyFrame) -> pl.LazyFrame:
    return visits.filter(pl.col("in_register") & ~pl.col("in_system"))


def unentered_cases(visits: pl.LazyFrame, as_of: date, deadline_days: int = ENTRY_DEADLINE_DAYS) -> pl.LazyFrame:
    """In the register, not in the system, and more than ``deadline_days`` since the visit."""
    return (
        _register_only(visits)
        .with_columns(_days_since_visit(as_of).alias("days_since_visit"))
        .filter(pl.col("days_since_visit") > deadline_days)
        .select("case_id", "county_code", "visit_date", "days_since_visit")
        .sort("county_code", "visit_date", "case_id")
    )


def pending_entries(visits: pl.LazyFrame, as_of: date, deadline_days: int = ENTRY_DEADLINE_DAYS) -> pl.LazyFrame:
    """Register-only cases still within the entry deadline: not (yet) a finding."""
    return (
        _register_only(visits)
        .with_columns(_days_since_visit(as_of).alias("days_since_visit"))
        .filter(pl.col("days_since_visit") <= deadline_days)
        .with_columns((pl.col("visit_date") + pl.duration(days=deadline_days)).alias("entry_due_date"))
        .select("case_id", "county_code", "visit_date", "days_since_visit", "entry_due_date")
        .sort("county_code", "visit_date", "case_id")
    )


def late_entries(visits: pl.LazyFrame, deadline_days: int = ENTRY_DEADLINE_DAYS) -> pl.LazyFrame:
    return (
        visits.filter(pl.col("entry_lag_days") > deadline_days)
        .select("case_id", "county_code", "visit_date", "entry_date", "entry_lag_days")
        .sort("county_code", "visit_date", "case_id")
    )


def system_only_cases(visits: pl.LazyFrame) -> pl.LazyFrame:
    return (
        visits.filter(pl.col("in_system") & ~pl.col("in_register"))
        .select("case_id", "county_code", "visit_date")
        .sort("county_code", "visit_date", "case_id")
    )


def due_date(period: str = HANDLING_PERIOD, extended_period: str = EXTENDED_HANDLING_PERIOD) -> pl.Expr:
    """Due = accepted + ``period`` (``extended_period`` when 是否延期 = 是).

    Periods are polars durations: "1mo"/"2mo" (the seed policy, calendar months clamped to
    month end) or "60d"/"90d" (the 2022 regulation: 60 days, extension of 30 days).
    """
    return (
        pl.when(pl.col("extended"))
        .then(pl.col("accepted_date").dt.offset_by(extended_period))
        .otherwise(pl.col("accepted_date").dt.offset_by(period))
    )


def overdue_cases(visits: pl.LazyFrame, as_of: date, period: str = HANDLING_PERIOD,
                  extended_period: str = EXTENDED_HANDLING_PERIOD) -> pl.LazyFrame:
    """Cases with an accepted date closed after, or still open past, their due date (§7)."""
    due = due_date(period, extended_period)
    return (
        visits.filter(pl.col("accepted_date").is_not_null())
        .with_columns(due.alias("due_date"))
        .with_columns(
            (pl.coalesce("closed_date", pl.lit(as_of)) - pl.col("due_date")).dt.total_days().alias("days_overdue")
        )
        .filter(pl.col("days_overdue") > 0)
        .select("case_id", "county_code", "accepted_date", "due_date", "closed_date", "extended", "days_overdue")
        .sort("county_code", "due_date", "case_id")
    )


def repeat_petitioners(visits: pl.LazyFrame, start: date, end: date) -> pl.LazyFrame:
    """Petitioners (by key) with two or more visits between ``start`` and ``end`` inclusive."""
    return (
        visits.filter(pl.col("petitioner_key").is_not_null() & pl.col("visit_date").is_between(start, end))
        .group_by("petitioner_key")
        .agg(
            pl.len().alias("visits"),
            pl.col("persons").sum().alias("persons"),
            pl.col("visit_date").min().alias("first_visit"),
            pl.col("visit_date").max().alias("last_visit"),
            pl.col("level").unique().sort().str.join("、").alias("levels"),
            pl.col("county_code").n_unique().alias("counties"),
        )
        .filter(pl.col("visits") >= 2)
        .sort(["visits", "last_visit", "petitioner_key"], descending=[True, True, False])
    )
