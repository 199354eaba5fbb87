"""The ``bi`` schema: views over the marts with Chinese column names and display names from the
dimensions, so Superset, Metabase and FineBI label charts in Chinese without per-chart work. The
English tables stay for engineers. Views hold no data of their own and no personal data.

Every as-of table has a ``<name>_current`` view in its own schema: the slice of the latest as_of its
history holds, whatever order a backfill ran in (the table itself holds the latest *run*). The bi
views read those, and each has a ``<name>_历史`` twin over the ``*_history`` tables: one slice per
统计截止日期, for month-over-month charts.
"""

from __future__ import annotations

import sqlalchemy as sa

from warehouse.schema_history import HISTORY

PCT = "NUMERIC(8,1)"
HISTORY_SUFFIX = "_历史"

# name: (as-of table, query); {src} becomes the table's _current view or its _history table
_TEMPLATES = {
    "来访趋势": ("marts.rpt_trend", f"""
SELECT t.as_of AS "统计截止日期", t.period_year AS "统计年度", l.display_name AS "去向", k.display_name AS "访别",
       l.sort_order AS "去向排序", k.sort_order AS "访别排序", t.batches AS "本期批次", t.persons AS "本期人数",
       t.prev_batches AS "去年同期批次", t.prev_persons AS "去年同期人数",
       CAST(t.batches_change_pct AS {PCT}) AS "批次增减%", CAST(t.persons_change_pct AS {PCT}) AS "人数增减%"
FROM {{src}} t JOIN marts.dim_level l ON l.level = t.level JOIN marts.dim_visit_kind k ON k.visit_kind = t.visit_kind"""),
    "问题类别占比": ("marts.rpt_category_share", f"""
SELECT s.as_of AS "统计截止日期", l.display_name AS "去向", k.display_name AS "访别", c.display_name AS "问题类别",
       l.sort_order AS "去向排序", k.sort_order AS "访别排序", c.sort_order AS "类别排序", s.batches AS "批次",
       s.persons AS "人数", CAST(s.batch_share_pct AS {PCT}) AS "批次占比%"
FROM {{src}} s JOIN marts.dim_level l ON l.level = s.level
JOIN marts.dim_visit_kind k ON k.visit_kind = s.visit_kind JOIN marts.dim_category c ON c.category = s.category"""),
    "接待情况": ("marts.rpt_reception", """
SELECT r.as_of AS "统计截止日期", m.display_name AS "接待方式", m.sort_order AS "接待方式排序", r.leader AS "接待领导",
       r.event AS "重要时段", r.batches AS "批次", r.persons AS "人数"
FROM {src} r JOIN marts.dim_reception_mode m ON m.reception_mode = r.reception_mode"""),
    "办理指标": ("marts.rpt_county_kpi", f"""
SELECT k.as_of AS "统计截止日期", d.county_name AS "县区", d.sort_order AS "县区排序",
       k.accepted_on_time AS "及时受理数", k.acceptance_due AS "应受理数", CAST(k.timely_acceptance_pct AS {PCT}) AS "及时受理率%",
       k.closed_on_time AS "按期办结数", k.closure_due AS "应办结数", CAST(k.on_time_closure_pct AS {PCT}) AS "按期办结率%"
FROM {{src}} k JOIN marts.dim_county d ON d.county_code = k.county_code"""),
    "县区数据质量": ("quality.county_scorecard", f"""
SELECT q.as_of AS "统计截止日期", d.county_name AS "县区", d.sort_order AS "县区排序", q.month AS "月份", q.visits AS "来访批次",
       q.unentered AS "未录入", q.late AS "录入不及时", q.pending AS "待录入", q.rejected_rows AS "拒收行",
       q.duplicate_rows AS "重复行", q.missing_submissions AS "缺报文件数", CAST(q.entry_timeliness_pct AS {PCT}) AS "及时录入率%"
FROM {{src}} q JOIN marts.dim_county d ON d.county_code = q.county_code"""),
    "未录入事项": ("quality.unentered_cases", """
SELECT u.as_of AS "统计截止日期", d.county_name AS "县区", d.sort_order AS "县区排序", u.case_id AS "登记编号", u.visit_date AS "来访日期",
       u.days_since_visit AS "距来访天数"
FROM {src} u JOIN marts.dim_county d ON d.county_code = u.county_code"""),
}


VIEWS = {n: t.format(src=f"{source}_current") for n, (source, t) in _TEMPLATES.items()} | {
    n + HISTORY_SUFFIX: t.format(src=f"{source}_history") for n, (source, t) in _TEMPLATES.items()}
CURRENT = {f"{source}_current": history for source, history in HISTORY.items()}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_statements() -> list[str]:
    """Every CREATE VIEW (and the _current views' comments), in dependency order."""
    out = []
    for name, history in CURRENT.items():
        grain = history.info["grain"].removeprefix("as_of × (").removesuffix(")")
        out += [f"CREATE VIEW {name} AS SELECT * FROM {history.fullname} "
                f"WHERE as_of = (SELECT max(as_of) FROM {history.fullname})",
                f"COMMENT ON VIEW {name} IS {_literal(f'粒度 grain: {grain}; 最新统计截止日期 (the latest as_of in {history.fullname})')}"]
    return out + [f'CREATE VIEW bi."{name}" AS {query}' for name, query in VIEWS.items()]


def drop_views(conn: sa.Connection) -> None:
    """Before tables are rebuilt (PostgreSQL refuses to drop a table a view reads); the schema and its
    grants stay."""
    for name in VIEWS:
        conn.execute(sa.text(f'DROP VIEW IF EXISTS bi."{name}"'))
    for name in CURRENT:
        conn.execute(sa.text(f"DROP VIEW IF EXISTS {name}"))


def create_views(conn: sa.Connection) -> None:
    """(Re)create every view; they read the tables just published in the same transaction."""
    conn.execute(sa.schema.CreateSchema("bi", if_not_exists=True))
    for statement in view_statements():
        conn.execute(sa.text(statement))  # text() escapes "%" for the driver; no ":name" appears in them
