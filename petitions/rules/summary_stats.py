"""The figures behind contract §10b: receptions by leader and named period, large-scale and repeat
collective visits, handling indicators and entry timeliness per county. Pure polars, as of a date."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.reference import LEVELS, Event
from petitions.rules.periods import Period, share_pct
from petitions.rules.reconcile import due_date

ACCEPTANCE_DAYS = 15
LARGE_GROUP_MIN = 30  # contract default of PETITIONS_LARGE_GROUP_MIN
REPEAT_LEVELS = ("赴京", "到省")
LEADER_MODE = "领导接访"


def year_to_date(visits: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    return visits.filter(pl.col("visit_date").is_between(Period(as_of).start, as_of))


def _counts(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    return frame.group_by(keys).agg(pl.len().cast(pl.Int64).alias("batches"),
                                    pl.col("persons").sum().cast(pl.Int64).alias("persons"))


def leader_receptions(visits: pl.LazyFrame, as_of: date, leaders: tuple[str, ...], events: tuple[Event, ...]) -> pl.LazyFrame:
    """Leader receptions (领导接访) per leader × named period of the year to date, zeros included,
    periods in calendar order (grain: leader × event)."""
    start = Period(as_of).start
    spans = [(i, e.name, max(e.first_day, start), min(e.last_day, as_of)) for i, e in enumerate(events)
             if e.first_day <= as_of and e.last_day >= start]
    grid = pl.LazyFrame({"leader": list(leaders)}).join(pl.LazyFrame(
        spans, schema={"event_order": pl.Int64, "event": pl.String, "from_day": pl.Date, "to_day": pl.Date}, orient="row"),
        how="cross")
    received = (year_to_date(visits, as_of).filter(pl.col("reception_mode") == LEADER_MODE)
                .select("leader", "visit_date", "persons").join(grid, on="leader")
                .filter(pl.col("visit_date").is_between(pl.col("from_day"), pl.col("to_day"))))
    return (grid.join(_counts(received, ["leader", "event_order"]), on=["leader", "event_order"], how="left")
            .with_columns(pl.col("batches", "persons").fill_null(0))
            .with_columns(pl.col("leader").cast(pl.Enum(leaders)).to_physical().alias("_l"))
            .sort("_l", "event_order").drop("_l", "from_day", "to_day"))


def large_group_visits(visits: pl.LazyFrame, as_of: date, min_persons: int) -> pl.LazyFrame:
    """规模访: 集体访 of at least ``min_persons``, year to date (grain: level, zeros included)."""
    found = year_to_date(visits, as_of).filter((pl.col("visit_kind") == "集体访") & (pl.col("persons") >= min_persons))
    return (pl.LazyFrame({"level": list(LEVELS)}).join(_counts(found, ["level"]), on="level", how="left", maintain_order="left")
            .with_columns(pl.col("batches", "persons").fill_null(0), pl.lit(as_of).alias("as_of"))
            .select("as_of", "level", "batches", "persons"))


def repeat_collective(visits: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """回流访: keys with two or more 集体访 at 赴京 or 到省 in the year to date, ranked by visits, then
    persons, then earliest first visit; one row per key × visit, in date order (grain: key × visit)."""
    found = (year_to_date(visits, as_of)
             .filter((pl.col("visit_kind") == "集体访") & pl.col("level").is_in(REPEAT_LEVELS)
                     & pl.col("petitioner_key").is_not_null())
             .sort("visit_date", "case_id"))
    per_key = (found.group_by("petitioner_key", maintain_order=True)
               .agg(pl.len().alias("key_visits"), pl.col("persons").sum().alias("key_persons"),
                    pl.col("visit_date").first().alias("first_visit"),
                    pl.col("county_code").first().alias("first_county"), pl.col("category").first().alias("first_category"))
               .filter(pl.col("key_visits") >= 2)
               .sort(["key_visits", "key_persons", "first_visit", "petitioner_key"], descending=[True, True, False, False])
               .with_row_index("rank", offset=1))
    return (found.join(per_key, on="petitioner_key")
            .with_columns(pl.lit(as_of).alias("as_of"), pl.col("rank").cast(pl.Int64))
            .select("as_of", "rank", "petitioner_key", "case_id", "county_code", "visit_date", "level", "persons",
                    "category", "first_county", "first_category")
            .sort("rank", "visit_date", "case_id"))


def county_kpi(visits: pl.LazyFrame, as_of: date, counties: list[str], period: str, extended_period: str) -> pl.LazyFrame:
    """及时受理率 and 按期办结率 per county over the year to date (register dates; a numerator counts only
    cases in its denominator), zeros included (grain: county)."""
    limit = pl.col("visit_date") + pl.duration(days=ACCEPTANCE_DAYS)
    due = due_date(period, extended_period)
    acceptance_due = limit <= pl.lit(as_of)
    closure_due = pl.col("accepted_date").is_not_null() & ((due <= pl.lit(as_of)) | (pl.col("closed_date") <= pl.lit(as_of)))
    flags = year_to_date(visits, as_of).select(
        "county_code",
        acceptance_due.alias("acceptance_due"),
        (acceptance_due & (pl.col("accepted_date") <= limit)).fill_null(False).alias("accepted_on_time"),
        closure_due.fill_null(False).alias("closure_due"),
        (closure_due & (pl.col("closed_date") <= due)).fill_null(False).alias("closed_on_time"),
    )
    counts = ["accepted_on_time", "acceptance_due", "closed_on_time", "closure_due"]
    return (pl.LazyFrame({"county_code": counties})
            .join(flags.group_by("county_code").agg(pl.col(counts).sum().cast(pl.Int64)), on="county_code",
                  how="left", maintain_order="left")
            .with_columns(pl.col(counts).fill_null(0), pl.lit(as_of).alias("as_of"))
            .with_columns(share_pct(pl.col("accepted_on_time"), pl.col("acceptance_due")).alias("timely_acceptance_pct"),
                          share_pct(pl.col("closed_on_time"), pl.col("closure_due")).alias("on_time_closure_pct"))
            .select("as_of", "county_code", "accepted_on_time", "acceptance_due", "timely_acceptance_pct",
                    "closed_on_time", "closure_due", "on_time_closure_pct"))


def entry_timeliness(unentered: pl.LazyFrame, late: pl.LazyFrame, counties: list[str], as_of: date) -> pl.LazyFrame:
    """未录入 and 录入不及时 per county, every case the quality tables hold (grain: county)."""
    def per_county(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        return frame.group_by("county_code").agg(pl.len().cast(pl.Int64).alias(name))
    return (pl.LazyFrame({"county_code": counties})
            .join(per_county(unentered, "unentered"), on="county_code", how="left", maintain_order="left")
            .join(per_county(late, "late"), on="county_code", how="left", maintain_order="left")
            .with_columns(pl.col("unentered", "late").fill_null(0), pl.lit(as_of).alias("as_of"))
            .select("as_of", "county_code", "unentered", "late"))
