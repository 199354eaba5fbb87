"""The county quality scorecard reviewers use to decide which county to call first."""

import dagster as dg
import polars as pl

from petitions.rules.scorecard import county_scorecard as build_scorecard
from petitions.runtime.keys import ins
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings


@dg.asset(
    key_prefix="quality", group_name="quality", kinds={"polars"},
    ins=ins(visits="marts.fact_visit", unentered="quality.unentered_cases", late="quality.late_entries",
            pending="quality.pending_entries", rejected="quality.rejected_rows", duplicates="quality.duplicate_rows",
            lineage="quality.file_lineage", missing="quality.missing_submissions"),
)
def county_scorecard(landing: LandingZone, settings: RunSettings, visits: pl.LazyFrame, unentered: pl.LazyFrame,
                     late: pl.LazyFrame, pending: pl.LazyFrame, rejected: pl.LazyFrame, duplicates: pl.LazyFrame,
                     lineage: pl.LazyFrame, missing: pl.LazyFrame) -> dg.Output:
    """Visits, unentered, late, pending, rejected and duplicate rows, missing files and entry
    timeliness per county × month (grain: county × month)."""
    card = build_scorecard(
        visits=visits, unentered=unentered, late=late, pending=pending,
        rejected=rejected, duplicates=duplicates, lineage=lineage, missing=missing,
        counties=list(landing.reference().counties), as_of=settings.as_of_date(),
        deadline_days=settings.entry_deadline_days,
    ).collect()
    worst = (card.group_by("county_code").agg(pl.col("unentered", "late", "missing_submissions").sum())
             .sort("unentered", "late", descending=True))
    return frame_output(card, preview=worst, counties_with_unentered=int((worst["unentered"] > 0).sum()))
