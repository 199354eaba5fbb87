"""The sentences of contract §10b (receptions, entry timeliness, large-scale and repeat visits,
handling indicators), exactly as the bureau writes them, from the frames of ``rules.summary_stats``."""

from __future__ import annotations

from datetime import date

import polars as pl

from petitions.rules.periods import share_pct

COUNT_WORDS = dict(enumerate(["", "一次", "两次", "三次", "四次", "五次", "六次", "七次", "八次", "九次", "十次"]))


def count_word(n: int) -> str:
    """两次 … 十次, then Arabic digits: 11次."""
    return COUNT_WORDS[n] if 2 <= n <= 10 else f"{n}次"


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pct(value: object) -> str:
    return "—" if value is None else f"{float(value):.1f}%"


def reception_lines(ytd: pl.DataFrame, leaders: pl.DataFrame, principal: str) -> list[str]:
    """``ytd``: the year's visits; ``leaders``: rules.summary_stats.leader_receptions."""
    def count(frame: pl.DataFrame) -> tuple[int, int]:
        return frame.height, int(frame["persons"].sum() or 0)

    city = ytd.filter(pl.col("level") == "来市")
    (b, p), (b2, p2) = count(city.filter(pl.col("visit_kind") == "集体访")), count(city.filter(pl.col("visit_kind") == "个人访"))
    lb, lp = count(ytd.filter(pl.col("reception_mode") == "领导接访"))
    leader_line = f"市级党政领导共接待群众来访{lb}批(起){lp}人"
    clauses = [f"{r['event']}期间接待{r['batches']}批(起){r['persons']}人"
               for r in leaders.filter((pl.col("leader") == principal) & (pl.col("batches") > 0)).iter_rows(named=True)]
    if clauses:
        leader_line += f"。其中,{principal}在" + "、".join(clauses)
    joint = ytd.filter(pl.col("reception_mode") == "联合接访").height
    return [f"共接待群众来市集访{b}批{p}人、来市个访{b2}批{p2}人", leader_line, f"共联合接待群众来访{joint}批(起)"]


def entry_lines(counts: pl.DataFrame, as_of: date, deadline_days: int, names: dict[str, str]) -> list[str]:
    """``counts``: rules.summary_stats.entry_timeliness (counties in reference order)."""
    total_n, total_m = int(counts["unentered"].sum()), int(counts["late"].sum())
    lines = [f"截至{long_date(as_of)},{total_n}起来访事项超过{deadline_days}天未录入全国信访信息系统,"
             f"{total_m}起录入超过{deadline_days}天"]
    ranked = (counts.with_row_index("_order").filter((pl.col("unentered") + pl.col("late")) > 0)
              .sort([(pl.col("unentered") + pl.col("late")), pl.col("_order")], descending=[True, False]))
    return lines + [f"{names[r['county_code']]}未录入{r['unentered']}起,录入不及时{r['late']}起" for r in ranked.iter_rows(named=True)]


def large_group_lines(found: pl.DataFrame) -> list[str]:
    lines = [f"{r['level']}规模访{r['batches']}批{r['persons']}人" for r in found.iter_rows(named=True)
             if r["level"] in ("赴京", "到省") and r["batches"] > 0]
    return lines or ["本年度无赴京、到省规模访"]


def repeat_lines(found: pl.DataFrame, names: dict[str, str], top: int = 5) -> list[str]:
    """``found``: rules.summary_stats.repeat_collective; one sentence per key and level, 赴京 before 到省."""
    lines = []
    for rank in sorted(set(found["rank"].to_list()))[:top]:
        visits = found.filter(pl.col("rank") == rank)
        first = visits.row(0, named=True)
        county, category = names.get(first["first_county"], first["first_county"]), first["first_category"]
        for level in ("赴京", "到省"):
            at = visits.filter(pl.col("level") == level)
            if at.height == 1:
                r = at.row(0, named=True)
                lines.append(f"{county}群众于{month_day(r['visit_date'])}{r['persons']}人{level}集体上访,反映{category}类问题")
            elif at.height > 1:
                steps = "、".join(f"{month_day(r['visit_date'])}{r['persons']}人" for r in at.iter_rows(named=True))
                lines.append(f"{county}群众先后于{steps}{count_word(at.height)}{level}集体上访,反映{category}类问题")
    return lines or ["本年度无回流集体访(同一信访人两次以上赴京、到省集体访)"]


def city_kpi(kpi: pl.DataFrame) -> tuple[float | None, float | None]:
    """The city's rates from the summed numerators and denominators (not a mean of county rates)."""
    totals = kpi.select(pl.col("accepted_on_time", "acceptance_due", "closed_on_time", "closure_due").sum())
    return totals.select(share_pct(pl.col("accepted_on_time"), pl.col("acceptance_due")).alias("a"),
                         share_pct(pl.col("closed_on_time"), pl.col("closure_due")).alias("c")).row(0)


def kpi_lines(kpi: pl.DataFrame, names: dict[str, str]) -> list[str]:
    """``kpi``: rules.summary_stats.county_kpi (reference order); the city line first."""
    city = city_kpi(kpi)
    lines = [f"及时受理率{pct(city[0])},按期办结率{pct(city[1])}"]
    return lines + [f"{names[r['county_code']]}及时受理率{pct(r['timely_acceptance_pct'])},按期办结率{pct(r['on_time_closure_pct'])}"
                    for r in kpi.iter_rows(named=True)]
