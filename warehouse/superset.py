"""A Superset 6 dashboard over the ``bi`` views, as the ZIP bundle ``superset import-dashboards`` reads
(export format 1.0.0: one YAML file per database, dataset, chart and dashboard).

Datasets list the views' columns as the warehouse reports them, because Superset's importer does not
fetch them itself. UUIDs derive from names, so a bundle rebuilt later re-imports over the first one
instead of duplicating it.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import yaml

ROOT = "petitions_dashboard"
DATABASE = "信访数据仓库(BI)"
_NS = uuid.UUID("6f1c9a52-3c59-4c59-9a57-2b0c6b9f1e10")


def _uuid(kind: str, name: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{name}"))


def _sum(column: str) -> dict[str, Any]:
    return sql_metric(f'SUM("{column}")', column)


def sql_metric(expression: str, label: str) -> dict[str, Any]:
    return {"expressionType": "SQL", "sqlExpression": expression, "label": label, "hasCustomLabel": True}


def _rate(numerator: str, denominator: str, label: str) -> dict[str, Any]:
    return sql_metric(f'ROUND(100.0 * SUM("{numerator}") / NULLIF(SUM("{denominator}"), 0), 1)', label)


@dataclass(frozen=True)
class Chart:
    name: str
    view: str
    viz_type: str
    params: dict[str, Any]
    width: int
    height: int = 50


_TREND_COLUMNS = ["去向", "访别", "本期批次", "去年同期批次", "批次增减%", "本期人数", "去年同期人数", "人数增减%"]
_QUALITY = ["未录入", "录入不及时", "待录入", "拒收行", "重复行", "缺报文件数"]
_NO_LEADER_ROWS = [{"clause": "WHERE", "expressionType": "SQL", "sqlExpression": '"接待领导" IS NULL AND "重要时段" IS NULL'}]

CHARTS: tuple[Chart, ...] = (
    Chart("及时受理率%", "办理指标", "big_number_total",
          {"metric": _rate("及时受理数", "应受理数", "及时受理率%"), "y_axis_format": ",.1f"},
          width=3),
    Chart("按期办结率%", "办理指标", "big_number_total",
          {"metric": _rate("按期办结数", "应办结数", "按期办结率%"), "y_axis_format": ",.1f"},
          width=3),
    Chart("来访趋势(本年累计与去年同期)", "来访趋势", "table",
          {"query_mode": "raw", "all_columns": _TREND_COLUMNS,
           "order_by_cols": ['["去向排序", true]', '["访别排序", true]'], "row_limit": 100},
          width=6),
    Chart("各月末本年累计批次(按去向)", "来访趋势_历史", "echarts_timeseries_line",
          {"x_axis": "统计截止日期", "time_grain_sqla": "P1M", "metrics": [_sum("本期批次")], "groupby": ["去向"],
           "markerEnabled": True, "show_legend": True, "row_limit": 10000},
          width=6),
    Chart("问题类别占比(批次)", "问题类别占比", "pie",
          {"groupby": ["问题类别"], "metric": _sum("批次"), "show_labels": True, "label_type": "key_percent",
           "show_legend": True, "row_limit": 100},
          width=6),
    Chart("接待方式(批次)", "接待情况", "echarts_timeseries_bar",
          {"x_axis": "接待方式", "metrics": [_sum("批次")], "groupby": [], "adhoc_filters": _NO_LEADER_ROWS,
           "show_value": True, "row_limit": 100},
          width=4),
    Chart("县区数据质量(本年)", "县区数据质量", "table",
          {"query_mode": "aggregate", "groupby": ["县区"], "metrics": [_sum(c) for c in _QUALITY],
           "timeseries_limit_metric": sql_metric('MIN("县区排序")', "县区排序"), "order_desc": False, "row_limit": 1000},
          width=8),
    Chart("各月末未录入事项(按县区)", "未录入事项_历史", "echarts_timeseries_bar",
          {"x_axis": "统计截止日期", "time_grain_sqla": "P1M", "metrics": [sql_metric("COUNT(*)", "未录入事项")],
           "groupby": ["县区"], "stack": "Stack", "show_legend": True, "row_limit": 10000},
          width=12),
)
ROWS = ((0, 1, 2), (3, 4), (5, 6), (7,))


def _columns(inspector: sa.Inspector, view: str) -> list[dict[str, Any]]:
    out = []
    for column in inspector.get_columns(view, schema="bi"):
        kind = column["type"]
        type_name = ("DATE" if isinstance(kind, sa.Date) else "BIGINT" if isinstance(kind, sa.Integer)
                     else "NUMERIC(8,1)" if isinstance(kind, sa.Numeric) else "VARCHAR")
        out.append({"column_name": column["name"], "type": type_name, "is_dttm": type_name == "DATE",
                    "groupby": True, "filterable": True, "is_active": True, "description": column.get("comment")})
    return out


def _dashboard() -> dict[str, Any]:
    position: dict[str, Any] = {"DASHBOARD_VERSION_KEY": "v2", "ROOT_ID": {"id": "ROOT_ID", "type": "ROOT", "children": ["GRID_ID"]},
                                "GRID_ID": {"id": "GRID_ID", "type": "GRID", "children": [], "parents": ["ROOT_ID"]},
                                "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": "信访数据看板"}}}
    for r, members in enumerate(ROWS):
        row = f"ROW-{r}"
        position["GRID_ID"]["children"].append(row)
        position[row] = {"id": row, "type": "ROW", "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                         "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for i in members:
            chart, key = CHARTS[i], f"CHART-{i}"
            position[row]["children"].append(key)
            position[key] = {"id": key, "type": "CHART", "children": [], "parents": ["ROOT_ID", "GRID_ID", row],
                             "meta": {"chartId": i + 1, "uuid": _uuid("chart", chart.name), "sliceName": chart.name,
                                      "width": chart.width, "height": chart.height}}
    return {"dashboard_title": "信访数据看板", "description": None, "css": "", "slug": "petitions",
            "uuid": _uuid("dashboard", ROOT), "position": position, "published": True, "version": "1.0.0",
            "metadata": {"color_scheme": "supersetColors", "refresh_frequency": 0, "expanded_slices": {},
                         "timed_refresh_immune_slices": [], "default_filters": "{}", "cross_filters_enabled": True,
                         "native_filter_configuration": []}}


def bundle(engine: sa.Engine, bi_uri: str) -> dict[str, dict[str, Any]]:
    """Every file of the bundle (path inside the ZIP -> YAML document); ``bi_uri`` is how Superset
    connects (the BI role, or the DuckDB snapshot), ``engine`` the warehouse whose views are listed."""
    database_uuid = _uuid("database", DATABASE)
    files: dict[str, dict[str, Any]] = {
        "metadata.yaml": {"version": "1.0.0", "type": "Dashboard", "timestamp": datetime.now(UTC).isoformat()},
        f"databases/{ROOT}.yaml": {"database_name": DATABASE, "sqlalchemy_uri": bi_uri, "uuid": database_uuid,
                                   "expose_in_sqllab": True, "allow_ctas": False, "allow_cvas": False,
                                   "allow_dml": False, "allow_run_async": False, "version": "1.0.0", "extra": {}},
    }
    inspector = sa.inspect(engine)
    for view in sorted({c.view for c in CHARTS}):
        files[f"datasets/{ROOT}/{view}.yaml"] = {
            "table_name": view, "schema": "bi", "uuid": _uuid("dataset", view), "database_uuid": database_uuid,
            "columns": _columns(inspector, view), "metrics": [], "version": "1.0.0", "params": {}, "extra": {},
            "main_dttm_col": "统计截止日期" if view.endswith("_历史") else None, "filter_select_enabled": True}
    for i, chart in enumerate(CHARTS):
        params = {"viz_type": chart.viz_type, "datasource": f"{i + 1}__table", "adhoc_filters": [],
                  "time_range": "No filter", **chart.params}
        files[f"charts/chart_{i + 1}.yaml"] = {"slice_name": chart.name, "viz_type": chart.viz_type, "params": params,
                                               "uuid": _uuid("chart", chart.name), "dataset_uuid": _uuid("dataset", chart.view),
                                               "query_context": None, "cache_timeout": None, "version": "1.0.0"}
    files[f"dashboards/{ROOT}.yaml"] = _dashboard()
    return files


def to_zip(files: dict[str, dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, document in files.items():
            archive.writestr(f"{ROOT}/{path}", yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return buffer.getvalue()
