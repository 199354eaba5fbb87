"""Month partitions: county files are named and sent by month, so the landing layer is split by month.

Everything downstream of the staged rows (cases, facts, marts, quality) stays unpartitioned: a
case re-exported in a later month, duplicates and the year-over-year trend all need every month.
The county is not a second dimension: within a month, each file is read once per content hash
(see ``ingest.cache``), so a resubmitted county file re-reads that file alone.
"""

from __future__ import annotations

from datetime import date

import dagster as dg

from petitions.runtime import config

# The partition grid is fixed when the code loads (nothing read at import); PETITIONS_FIRST_MONTH
# narrows, at run time, which months a file may be named for.
EARLIEST_MONTH = date(2000, 1, 1)
MONTHS = dg.MonthlyPartitionsDefinition(start_date=EARLIEST_MONTH.isoformat(), end_offset=1)
SINGLE_RUN = dg.BackfillPolicy.single_run()


def single_run_backfill(assets: dg.AssetsDefinition) -> dg.AssetsDefinition:
    """A backfill of any number of months is one run (README, "Partitions"). Set after the decorator:
    the decorator's ``backfill_policy`` parameter warns as beta on every import, this does not."""
    return assets.with_attributes(backfill_policy=SINGLE_RUN)


def month_key(month: date) -> str:
    return month.replace(day=1).isoformat()


def partition_bounds() -> tuple[date, date]:
    """The months a run accepts: PETITIONS_FIRST_MONTH (not before 2000-01) through the current month."""
    last = date.fromisoformat(MONTHS.get_last_partition_key())
    return max(config.settings().first_month, EARLIEST_MONTH), last


def run_range(months: list[date], as_of: date) -> tuple[str, str]:
    """The partition range one run must cover: the months named by files through the as-of month."""
    first, last = partition_bounds()
    wanted = [m for m in months if first <= m <= last] + [min(max(as_of.replace(day=1), first), last)]
    return month_key(min(wanted)), month_key(max(wanted))


def range_tags(start: str, end: str) -> dict[str, str]:
    return {"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end}
