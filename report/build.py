"""The annual summary (contract §10–§11): summary.md and a self-contained summary.html with charts."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from reference import Reference, load_reference
from report.charts import grouped_bars, heatmap, horizontal_bars, stacked_bars
from report.text import category_sections, summary_markdown, trend_sentences
from rules.marts import category_share, trend
from rules.periods import KIND_SHORT, LEVELS, Period, share_pct
from warehouse.io import connect
from warehouse.schema import county_scorecard, fact_visit

SCORE_COLUMNS = {"visits": "来访", "unentered": "未录入", "late": "录入不及时", "pending": "待录入",
                 "rejected_rows": "拒收行", "duplicate_rows": "重复行", "missing_submissions": "缺报文件",
                 "entry_timeliness_pct": "及时录入率%"}
CSS = """
body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif;max-width:800px;margin:2em auto;
color:#222;line-height:1.7}h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}
p.line{margin:.2em 0}.categories{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}figure{margin:1em 0}svg.chart{max-width:100%;height:auto}
@media print{body{margin:0}figure,section{break-inside:avoid}@page{size:A4;margin:15mm}}
"""


@dataclass
class ReportData:
    as_of: date
    facts: pl.DataFrame
    scorecard: pl.DataFrame


def load(engine: sa.Engine, as_of: date) -> ReportData:
    cols = [fact_visit.c[c] for c in ("county_code", "visit_date", "level", "visit_kind", "persons", "category",
                                       "reception_mode")]
    with engine.connect() as conn:
        facts = _frame(conn, sa.select(*cols))
        card = _frame(conn, sa.select(county_scorecard))
    return ReportData(as_of, facts, card)


def _frame(conn: sa.Connection, query: sa.Select) -> pl.DataFrame:
    """Through Arrow where the driver offers it (measured 7× faster than Python rows on 800 k facts)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        return pl.read_database(query, conn, infer_schema_length=None)


def _trend_figures(tr: pl.DataFrame) -> str:
    active = tr.filter((pl.col("batches") > 0) | (pl.col("prev_batches") > 0))
    groups = [f"{lv}{KIND_SHORT[k]}" for lv, k in active.select("level", "visit_kind").iter_rows()]
    return "".join(
        f"<figure>{grouped_bars(groups, {'本期': active[a].to_list(), '去年同期': active[b].to_list()}, title)}</figure>"
        for a, b, title in (("batches", "prev_batches", "本期与去年同期对比（批次）"),
                            ("persons", "prev_persons", "本期与去年同期对比（人数）")))


def _category_figure(data: ReportData, ref: Reference) -> str:
    period = Period(data.as_of)
    current = data.facts.filter(pl.col("visit_date").is_between(period.start, period.as_of))
    shares = current.group_by("category").len().with_columns(share_pct(pl.col("len"), pl.col("len").sum()))
    order = {c: i for i, c in enumerate(ref.categories)}
    rows = sorted(shares.iter_rows(), key=lambda r: (-r[1], order.get(r[0], 99)))
    return f"<figure>{horizontal_bars([r[0] for r in rows], [r[1] for r in rows], '问题类别占比（本期批次）')}</figure>"


def _monthly_figure(data: ReportData) -> str:
    period = Period(data.as_of)
    monthly = (data.facts.filter(pl.col("visit_date").is_between(period.prev_start, period.as_of))
               .with_columns(pl.col("visit_date").dt.strftime("%Y-%m").alias("m"))
               .group_by("m", "level").len())
    months = sorted(monthly["m"].unique().to_list())
    lookup = {(m, lv): n for m, lv, n in monthly.iter_rows()}
    series = {lv: [lookup.get((m, lv), 0) for m in months] for lv in LEVELS}
    return f"<figure>{stacked_bars(months, series, '各层级月度来访批次')}</figure>"


def _scorecard_figure(data: ReportData, ref: Reference) -> str:
    period = Period(data.as_of)
    card = (data.scorecard.filter(pl.col("month").is_between(period.start, period.as_of))
            .group_by("county_code").agg(pl.col(list(SCORE_COLUMNS)[:-1]).sum(),
                                         pl.col("entry_timeliness_pct").cast(pl.Float64).mean().round(1)))
    by_county = {r["county_code"]: r for r in card.iter_rows(named=True)}
    codes = [c for c in ref.counties if c in by_county]
    values = [[None if by_county[c][k] is None else float(by_county[c][k]) for k in SCORE_COLUMNS] for c in codes]
    reverse = tuple(k == "entry_timeliness_pct" for k in SCORE_COLUMNS)
    chart = heatmap([ref.counties[c] for c in codes], list(SCORE_COLUMNS.values()), values,
                    "县区数据质量记分卡（本年累计）", reverse)
    return f"<figure>{chart}</figure>"


def render(data: ReportData, ref: Reference) -> tuple[str, str]:
    tr = trend(data.facts.lazy(), data.as_of).collect()
    shares = category_share(data.facts.lazy(), data.as_of, ref.categories).collect()
    markdown = summary_markdown(data.as_of.isoformat(), tr, shares)
    sentences = "".join(f'<p class="line">{escape(s)}</p>' for s in trend_sentences(tr)) or "<p>本期及去年同期均无来访。</p>"
    categories = "".join(f"<section><h3>{escape(h)}</h3>" + "".join(f'<p class="line">{escape(x)}</p>' for x in lines)
                         + "</section>" for h, lines in category_sections(shares))
    html = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{data.as_of.year}年信访工作统计'
            f'</title><style>{CSS}</style></head><body><h1>{data.as_of.year}年信访工作统计（截至{data.as_of}）</h1>'
            f"<h2>来访总体情况</h2>{sentences}{_trend_figures(tr)}"
            f'<h2>来访问题类别</h2>{_category_figure(data, ref)}<div class="categories">{categories}</div>'
            f"<h2>月度走势</h2>{_monthly_figure(data)}"
            f"<h2>县区数据质量</h2>{_scorecard_figure(data, ref)}</body></html>")
    return markdown, html


class EmptyWarehouse(RuntimeError):
    """The warehouse holds no published run yet."""


def write_report(warehouse_url: str, as_of: date, out_dir: str | Path, ref: Reference | None = None) -> list[Path]:
    engine = connect(warehouse_url, must_exist=True, read_only=True)
    try:
        data = load(engine, as_of)
    except sa.exc.DBAPIError as exc:
        raise EmptyWarehouse(f"warehouse {sa.make_url(warehouse_url).render_as_string(hide_password=True)} has no "
                             "published tables yet: run `petitions run` first") from exc
    finally:
        engine.dispose()
    markdown, html = render(data, ref or load_reference())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "summary.md", out / "summary.html"]
    for path, text in zip(paths, (markdown, html)):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return paths
