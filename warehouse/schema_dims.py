"""Conformed dimensions in ``marts``: facts and reports join to them by key, BI tools take names, display
names and sort orders from them (a chart of levels sorts 赴京 → 到县, not by code point)."""

from __future__ import annotations

from warehouse.schema import COUNTY, D, N, S, _c, _table


def _ordered(name: str, label: str, grain: str):
    return _table("marts", f"dim_{name}", grain, _c(name, S, label, nullable=False), _c("display_name", S, "显示名称"),
                  _c("sort_order", N, "排序"))


dim_county = _table("marts", "dim_county", "one county of the reference table",
                    _c(*COUNTY, nullable=False), _c("county_name", S, "县区名称"), _c("sort_order", N, "排序"),
                    _c("city", S, "所属市"))
dim_category = _ordered("category", "问题类别", "one problem category (display name with 类)")
dim_level = _ordered("level", "去向", "one level, 赴京 first")
dim_visit_kind = _ordered("visit_kind", "访别", "one visit kind (display name 集访 / 个访)")
dim_reception_mode = _ordered("reception_mode", "接待方式", "one reception mode")
dim_date = _table("marts", "dim_date", "one day from Jan 1 of the first year of data to Dec 31 of the as-of year",
                  _c("day", D, "日期", nullable=False), _c("month", D, "月份(首日)"), _c("quarter", N, "季度"),
                  _c("year", N, "年度"), _c("same_day_last_year", D, "去年同期日"))
