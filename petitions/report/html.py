"""summary.html: the same text as summary.md with a chart where a reader would rather look than read.
One file, inline SVG, no scripts, prints on A4."""

from __future__ import annotations

from html import escape

import polars as pl

from petitions.reference import KIND_SHORT, LEVELS, RECEPTION_MODES, Reference
from petitions.report.charts import grouped_bars, heatmap, horizontal_bars, stacked_bars
from petitions.report.compose import Summary
from petitions.report.sections import city_kpi
from petitions.rules.periods import Period

CSS = """
body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif;max-width:800px;margin:2em auto;
color:#222;line-height:1.7}h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}
p.line{margin:.2em 0}.categories{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}figure{margin:1em 0}svg.chart{max-width:100%;height:auto}
@media print{body{margin:0}figure,section{break-inside:avoid}@page{size:A4;margin:15mm}}
"""
SCORE_COLUMNS = {"visits": "来访", "unentered": "未录入", "late": "录入不及时", "pending": "待录入",
                 "rejected_rows": "拒收行", "duplicate_rows": "重复行", "missing_submissions": "缺报文件",
                 "entry_timeliness_pct": "及时录入率%"}


def _fig(svg: str) -> str:
    return f"<figure>{svg}</figure>"


def _trend(s: Summary) -> str:
    active = s.trend.filter((pl.col("batches") > 0) | (pl.col("prev_batches") > 0))
    groups = [f"{lv}{KIND_SHORT[k]}" for lv, k in active.select("level", "visit_kind").iter_rows()]
    return "".join(_fig(grouped_bars(groups, {"本期": active[a].to_list(), "去年同期": active[b].to_list()}, title))
                   for a, b, title in (("batches", "prev_batches", "本期与去年同期对比（批次）"),
                                       ("persons", "prev_persons", "本期与去年同期对比（人数）")))


def _categories(s: Summary, ref: Reference) -> str:
    counts = s.ytd.group_by("category").len()
    total = max(int(counts["len"].sum() or 0), 1)
    order = {c: i for i, c in enumerate(ref.categories)}
    rows = sorted(counts.iter_rows(), key=lambda r: (-r[1], order.get(r[0], 99)))
    shares = [round(n * 100 / total, 1) for _, n in rows]
    return _fig(horizontal_bars([f"{c}类" for c, _ in rows], shares, "问题类别占比（占本期批次的%）", suffix="%", fmt=".1f"))


def _monthly(s: Summary, facts: pl.DataFrame) -> str:
    period = Period(s.as_of)
    monthly = (facts.filter(pl.col("visit_date").is_between(period.prev_start, period.as_of))
               .with_columns(pl.col("visit_date").dt.strftime("%Y-%m").alias("m")).group_by("m", "level").len())
    months = sorted(monthly["m"].unique().to_list())
    lookup = {(m, lv): n for m, lv, n in monthly.iter_rows()}
    return _fig(stacked_bars(months, {lv: [lookup.get((m, lv), 0) for m in months] for lv in LEVELS}, "各层级月度来访批次"))


def _receptions(s: Summary) -> str:
    monthly = s.ytd.with_columns(pl.col("visit_date").dt.strftime("%Y-%m").alias("m")).group_by("m", "reception_mode").len()
    months = sorted(monthly["m"].unique().to_list())
    lookup = {(m, r): n for m, r, n in monthly.iter_rows()}
    return _fig(stacked_bars(months, {r: [lookup.get((m, r), 0) for m in months] for r in RECEPTION_MODES},
                             "各接待方式月度来访批次（本年）"))


def _kpi(s: Summary, ref: Reference) -> str:
    city = city_kpi(s.kpi)
    out = []
    for column, title, avg in (("timely_acceptance_pct", "各县区及时受理率", city[0]),
                               ("on_time_closure_pct", "各县区按期办结率", city[1])):
        rows = sorted(s.kpi.select("county_code", column).iter_rows(), key=lambda r: -(r[1] or -1))
        values = [None if v is None else float(v) for _, v in rows]
        out.append(_fig(horizontal_bars([ref.counties[c] for c, _ in rows], values, title, suffix="%", fmt=".1f",
                                        peak=100, marker=None if avg is None else ("全市", float(avg)))))
    return "".join(out)


def _entries(s: Summary, ref: Reference) -> str:
    counts = s.entries.sort(pl.col("unentered") + pl.col("late"), descending=True, maintain_order=True)
    names = [ref.counties[c] for c in counts["county_code"]]
    return _fig(grouped_bars(names, {"未录入": counts["unentered"].to_list(), "录入不及时": counts["late"].to_list()},
                             "各县区未录入与录入不及时（起）"))


def _scorecard(scorecard: pl.DataFrame, s: Summary, ref: Reference) -> str:
    period = Period(s.as_of)
    card = (scorecard.filter(pl.col("month").is_between(period.start, period.as_of))
            .group_by("county_code").agg(pl.col(list(SCORE_COLUMNS)[:-1]).sum(),
                                         pl.col("entry_timeliness_pct").cast(pl.Float64).mean().round(1)))
    by_county = {r["county_code"]: r for r in card.iter_rows(named=True)}
    codes = [c for c in ref.counties if c in by_county]
    values = [[None if by_county[c][k] is None else float(by_county[c][k]) for k in SCORE_COLUMNS] for c in codes]
    reverse = tuple(k == "entry_timeliness_pct" for k in SCORE_COLUMNS)
    return _fig(heatmap([ref.counties[c] for c in codes], list(SCORE_COLUMNS.values()), values,
                        "县区数据质量记分卡（本年累计）", reverse))


def _lines(lines: list) -> str:
    out = []
    for line in lines:
        if isinstance(line, tuple):
            out.append(f"<section><h3>{escape(line[0])}</h3>" + "".join(f'<p class="line">{escape(x)}</p>' for x in line[1])
                       + "</section>")
        else:
            out.append(f'<p class="line">{escape(line)}</p>')
    return "".join(out)


def render_html(s: Summary, facts: pl.DataFrame, scorecard: pl.DataFrame, ref: Reference) -> str:
    charts = {"trend": lambda: _trend(s) + _monthly(s, facts), "categories": lambda: _categories(s, ref),
              "reception": lambda: _receptions(s), "entry": lambda: _entries(s, ref) + _scorecard(scorecard, s, ref),
              "kpi": lambda: _kpi(s, ref)}
    body = []
    for key, heading, lines in s.blocks:
        text = _lines(lines)
        if key == "categories":
            text = f'<div class="categories">{text}</div>'
        body.append(f"<h2>{escape(heading)}</h2>{text}{charts[key]() if key in charts else ''}")
    title = f"{s.as_of.year}年信访工作统计"
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style>'
            f"</head><body><h1>{title}（截至{s.as_of}）</h1>{''.join(body)}</body></html>")
