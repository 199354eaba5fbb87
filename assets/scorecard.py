"""The county quality scorecard reviewers use to decide which county to call first."""

import dagster as dg
import polars as pl

from petitions.rules.scorecard import county_scorecard as build_scorecard
from petitions.runtime.metadata import frame_output
from petitions.runtime.resources import LandingZone, RunSettings


def _q(name: str) -> dg.AssetIn:
    return dg.AssetIn(key=["quality", name])


@dg.asset(
    key_prefix="quality", group_name="quality", kinds={"polars"},
    ins={"visits": dg.AssetIn(key=["marts", "fact_visit"]), "unentered": _q("unentered_cases"),
         "late": _q("late_entries"), "pending": _q("pending_entries"), "rejected": _q("rejected_rows"),
         "duplicates": _q("duplicate_rows"), "lineage": _q("file_lineage"), "missing": _q("missing_submissions")},
)
def county_scorecard(landing: LandingZone, settings: RunSettings, visits: pl.DataFrame, unentered: pl.DataFrame,
                     late: pl.DataFrame, pending: pl.DataFrame, rejected: pl.DataFrame, duplicates: pl.DataFrame,
                     lineage: pl.DataFrame, missing: pl.DataFrame) -> dg.Output:
    """Visits, unentered, late, pending, rejected and duplicate rows, missing files and entry
    timeliness per county × month (grain: county × month)."""
    card = build_scorecard(
        visits.lazy(), unentered.lazy(), late.lazy(), pending.lazy(), rejected.lazy(), duplicates.lazy(),
        lineage.lazy(), missing.lazy(), list(landing.reference().counties), settings.as_of_date(),
        settings.entry_deadline_days,
    ).collect()
    worst = (card.group_by("county_code").agg(pl.col("unentered", "late", "missing_submissions").sum())
             .sort("unentered", "late", descending=True))
    return frame_output(card, preview=worst, counties_with_unentered=int((worst["unentered"] > 0).sum()))
