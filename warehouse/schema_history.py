"""History: one slice per as_of of every as-of-dependent table, so BI draws month-over-month trends.

The contract's tables (``marts.rpt_trend`` …) hold the latest run's as_of (§8) and are the "current"
state; each has a ``<name>_history`` twin keyed by as_of. A run replaces only its own as_of slice, so
a backfill over past month ends fills the history and a re-run never double counts.
"""

from __future__ import annotations

import sqlalchemy as sa

from warehouse.schema import D, _table, metadata

HISTORY_OF = ("marts.rpt_trend", "marts.rpt_category_share", "marts.rpt_reception", "marts.rpt_large_group_visits",
              "marts.rpt_county_kpi", "marts.rpt_entry_timeliness", "marts.rpt_overdue_cases",
              "quality.unentered_cases", "quality.pending_entries", "quality.late_entries", "quality.system_only_cases",
              "quality.field_mismatches", "quality.missing_submissions", "quality.county_scorecard")


def _history(fullname: str) -> sa.Table:
    source = metadata.tables[fullname]
    columns = [] if "as_of" in source.columns else [sa.Column("as_of", D(), nullable=False, comment="统计截止日期")]
    columns += [sa.Column(c.name, c.type, comment=c.comment) for c in source.columns]
    table = _table(source.schema, f"{source.name}_history", f"as_of × ({source.info['grain']})", *columns)
    table.info["history_of"] = fullname
    return table


HISTORY = {fullname: _history(fullname) for fullname in HISTORY_OF}
