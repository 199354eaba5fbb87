"""Marts behind the rest of the work summary (contract §10b), so BI tools show the report's numbers."""

import dagster as dg
import polars as pl

from assets.marts import MART, VISITS
from petitions.rules.summary_stats import county_kpi, entry_timeliness, large_group_visits, repeat_collective
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_large_group_visits(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """规模访: 集体访 of at least PETITIONS_LARGE_GROUP_MIN persons, year to date (grain: as_of × level)."""
    found = large_group_visits(visits, settings.as_of_date(), settings.large_group_min).collect()
    return frame_output(found, threshold=settings.large_group_min)


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_repeat_collective(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """回流访: keys with two or more 集体访 at 赴京/到省 in the year to date, ranked (grain: as_of × key × visit)."""
    found = repeat_collective(visits, settings.as_of_date()).collect()
    return frame_output(found, preview=found.drop("petitioner_key"), keys=found["petitioner_key"].n_unique())


@dg.asset(**MART, ins={"visits": VISITS})
def rpt_county_kpi(landing: LandingZone, settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """及时受理率 and 按期办结率 with numerators and denominators (grain: as_of × county)."""
    found = county_kpi(visits, settings.as_of_date(), list(landing.reference().counties),
                       settings.handling_period, settings.extended_handling_period).collect()
    return frame_output(found)


@dg.asset(**MART, ins=ins(unentered="quality.unentered_cases", late="quality.late_entries"))
def rpt_entry_timeliness(landing: LandingZone, settings: RunSettings, unentered: pl.LazyFrame,
                         late: pl.LazyFrame) -> dg.Output:
    """未录入 and 录入不及时 per county, every case of the quality tables (grain: as_of × county)."""
    found = entry_timeliness(unentered, late, list(landing.reference().counties),
                             settings.as_of_date()).collect()
    return frame_output(found)
