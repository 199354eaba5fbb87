"""Marts: the visit facts and the case-level reports BI tools read."""

import dagster as dg
import polars as pl

from checks.findings import finding_spec, output_with_finding
from checks.structural import one_row_per_case, one_row_per_case_result
from petitions.rules.cases import fact_visits
from petitions.rules.marts import category_share, reception, trend, visits_monthly
from petitions.rules.reconcile import overdue_cases, repeat_petitioners
from petitions.rules.summary_stats import LEADER_MODE, leader_receptions
from petitions.runtime.keys import ins, key
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings

MART = {"key_prefix": "marts", "group_name": "marts", "kinds": {"polars"}}
VISITS = dg.AssetIn(key=key("marts.fact_visit"))


@dg.asset(**MART, ins=ins(records="staging.stg_case_records"), check_specs=[one_row_per_case])
def fact_visit(settings: RunSettings, records: pl.LazyFrame):
    """Every visit once: register ∪ system, register values winning (grain: county × case_id)."""
    visits = fact_visits(records, settings.petitioner_secret()).collect()
    yield frame_output(
        visits,
        visits=visits.height,
        persons=int(visits["persons"].sum() or 0),
        register_only=int((visits["in_register"] & ~visits["in_system"]).sum()),
        system_only=int((visits["in_system"] & ~visits["in_register"]).sum()),
    )
    yield one_row_per_case_result(visits)


@dg.asset(**MART, ins={"visits": VISITS}, check_specs=[finding_spec("rpt_overdue_cases")])
def rpt_overdue_cases(settings: RunSettings, visits: pl.LazyFrame):
    """Cases handled (or still open) past their due date as of the run (grain: overdue case)."""
    overdue = overdue_cases(visits, settings.as_of_date(), settings.handling_period,
                            settings.extended_handling_period).collect()
    yield from output_with_finding("rpt_overdue_cases", overdue, as_of=str(settings.as_of_date()))


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_repeat_petitioners(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Petitioners with two or more visits in the year to date (grain: petitioner key)."""
    repeats = repeat_petitioners(visits, settings.year_start(), settings.as_of_date()).collect()
    return frame_output(repeats, as_of=str(settings.as_of_date()))


@dg.asset(**MART, ins={"visits": VISITS})
def agg_visits_monthly(visits: pl.LazyFrame) -> dg.Output:
    """Batches and persons (grain: month × county × level × kind × category)."""
    return frame_output(visits_monthly(visits).collect())


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_trend(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Year to date against the same span last year (grain: as_of × level × kind)."""
    return frame_output(trend(visits, settings.as_of_date()).collect(), as_of=str(settings.as_of_date()))


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_category_share(landing: LandingZone, settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Category shares of each level × kind, year to date (grain: as_of × level × kind × category)."""
    shares = category_share(visits, settings.as_of_date(), landing.reference().categories).collect()
    return frame_output(shares, as_of=str(settings.as_of_date()))


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_reception(landing: LandingZone, settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Leader / joint / daily reception, year to date, and each leader's receptions in the named periods
    of events.csv (grain: as_of × reception mode, and as_of × leader × period)."""
    ref, as_of = landing.reference(), settings.as_of_date()
    modes = reception(visits, as_of)
    by_leader = leader_receptions(visits, as_of, ref.leaders, ref.events).with_columns(
        pl.lit(as_of).alias("as_of"), pl.lit(as_of.year).alias("period_year"), pl.lit(LEADER_MODE).alias("reception_mode"))
    return frame_output(pl.concat([modes, by_leader], how="diagonal_relaxed").collect(), as_of=str(as_of))
