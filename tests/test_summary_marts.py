"""The §10b marts hold the numbers the report prints, so a BI chart and the summary never disagree."""

from datetime import date

import duckdb
import polars as pl
import pytest

from petitions.reference import load_reference
from petitions.report.sections import entry_lines, kpi_lines, large_group_lines


@pytest.fixture(scope="module")
def marts(small_run):
    url, manifest, outcome = small_run
    con = duckdb.connect(url.split("///", 1)[1], read_only=True)
    try:
        frames = {t: pl.from_arrow(con.sql(f"select * from marts.{t}").to_arrow_table()) for t in (
            "rpt_county_kpi", "rpt_large_group_visits", "rpt_entry_timeliness", "rpt_reception", "rpt_repeat_collective",
            "fact_visit")}
    finally:
        con.close()
    md = (outcome.report_dir and open(f"{outcome.report_dir}/summary.md", encoding="utf-8").read())
    return manifest, frames, md.splitlines()


def test_kpi_mart_gives_the_reports_lines(marts):
    manifest, frames, lines = marts
    kpi = frames["rpt_county_kpi"].with_columns(pl.col("timely_acceptance_pct", "on_time_closure_pct").cast(pl.Float64))
    expected = kpi_lines(kpi, load_reference().counties)
    assert expected[0] in lines and all(line in lines for line in expected)
    assert (kpi["accepted_on_time"] <= kpi["acceptance_due"]).all() and (kpi["closed_on_time"] <= kpi["closure_due"]).all()


def test_entry_and_large_group_marts_give_the_reports_lines(marts):
    manifest, frames, lines = marts
    ref = load_reference()
    assert all(line in lines for line in entry_lines(frames["rpt_entry_timeliness"], manifest.as_of, 15, ref.counties))
    assert all(line in lines for line in large_group_lines(frames["rpt_large_group_visits"]))
    assert int(frames["rpt_entry_timeliness"]["unentered"].sum()) == len(manifest.unentered)


def test_reception_mart_has_mode_rows_and_leader_period_rows(marts):
    manifest, frames, lines = marts
    reception = frames["rpt_reception"]
    modes = reception.filter(pl.col("leader").is_null())
    assert modes["reception_mode"].to_list() == ["日常接待", "领导接访", "联合接访"]
    ytd = frames["fact_visit"].filter(pl.col("visit_date") >= date(manifest.as_of.year, 1, 1))
    assert int(modes["batches"].sum()) == ytd.filter(pl.col("reception_mode").is_not_null()).height
    by_leader = reception.filter(pl.col("leader").is_not_null())
    assert set(by_leader["leader"]) <= set(load_reference().leaders)


def test_repeat_collective_holds_no_personal_data(marts):
    _, frames, _ = marts
    assert {"petitioner_name", "id_number", "phone"}.isdisjoint(frames["rpt_repeat_collective"].columns)
