"""Conformed dimensions, rebuilt from the reference tables every run (grain in each docstring)."""

import dagster as dg
import polars as pl

from petitions.rules import dimensions as dims
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings

DIM = {"key_prefix": "marts", "group_name": "dimensions", "kinds": {"polars"}}


@dg.asset(**DIM)
def dim_county(landing: LandingZone) -> dg.Output:
    """One county: code, name, sort order, city (grain: county)."""
    return frame_output(dims.dim_county(landing.reference()))


@dg.asset(**DIM)
def dim_category(landing: LandingZone) -> dg.Output:
    """One problem category with its display name (城乡建设类) and order (grain: category)."""
    return frame_output(dims.dim_category(landing.reference()))


@dg.asset(**DIM)
def dim_level() -> dg.Output:
    """赴京, 到省, 来市, 到县 in that order (grain: level)."""
    return frame_output(dims.dim_level())


@dg.asset(**DIM)
def dim_visit_kind() -> dg.Output:
    """集体访 / 个人访 with their short names 集访 / 个访 (grain: visit kind)."""
    return frame_output(dims.dim_visit_kind())


@dg.asset(**DIM)
def dim_reception_mode() -> dg.Output:
    """日常接待, 领导接访, 联合接访 (grain: reception mode)."""
    return frame_output(dims.dim_reception_mode())


@dg.asset(**DIM, ins=ins(visits="marts.fact_visit"))
def dim_date(settings: RunSettings, visits: pl.LazyFrame) -> dg.Output:
    """Every day of the years the facts and the as-of date span, with 同期 (grain: day)."""
    as_of = settings.as_of_date()
    first, last = visits.select(first=pl.col("visit_date").min(), last=pl.col("visit_date").max()).collect().row(0)
    return frame_output(dims.dim_date(min(first or as_of, as_of), max(last or as_of, as_of)))
