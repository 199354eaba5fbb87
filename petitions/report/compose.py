"""The whole statistics section as data: headed blocks of sentences (§10 and §10b) plus the frames the
charts and tables need, computed from the warehouse's facts and quality tables with the same rules
as the marts. Markdown, HTML and Word are renderings of this one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from petitions.reference import Reference
from petitions.report.sections import entry_lines, kpi_lines, large_group_lines, reception_lines, repeat_lines
from petitions.report.text import category_sections, trend_sentences
from petitions.rules.marts import category_share, trend
from petitions.rules.reconcile import ENTRY_DEADLINE_DAYS, EXTENDED_HANDLING_PERIOD, HANDLING_PERIOD
from petitions.rules.summary_stats import (
    LARGE_GROUP_MIN,
    county_kpi,
    entry_timeliness,
    large_group_visits,
    leader_receptions,
    repeat_collective,
    year_to_date,
)

SECTIONS = ("trend", "categories", "reception", "entry", "large", "repeat", "kpi")
HEADINGS = {"trend": "来访总体情况", "categories": "来访问题类别", "reception": "接待情况", "entry": "系统录入情况",
            "large": "规模访", "repeat": "回流访", "kpi": "办理指标"}


class ReportOptionError(ValueError):
    """A report option is malformed; the message says what is expected."""


@dataclass(frozen=True)
class ReportOptions:
    sections: tuple[str, ...] = SECTIONS
    top_categories: dict[str, int] = field(default_factory=dict)  # level (or "*") → lines kept
    large_group_min: int = LARGE_GROUP_MIN
    entry_deadline_days: int = ENTRY_DEADLINE_DAYS
    handling_period: str = HANDLING_PERIOD
    extended_handling_period: str = EXTENDED_HANDLING_PERIOD

    @classmethod
    def from_settings(cls, settings: object, sections: tuple[str, ...] = SECTIONS,
                      top: dict[str, int] | None = None) -> ReportOptions:
        """From the run's settings (``petitions.runtime.config.Settings`` or the ``RunSettings`` resource)."""
        return cls(sections=sections, top_categories=top or {}, large_group_min=settings.large_group_min,
                   entry_deadline_days=settings.entry_deadline_days, handling_period=settings.handling_period,
                   extended_handling_period=settings.extended_handling_period)

    @staticmethod
    def parse_sections(text: str | None) -> tuple[str, ...]:
        chosen = tuple(s.strip() for s in (text or ",".join(SECTIONS)).split(",") if s.strip())
        unknown = [s for s in chosen if s not in SECTIONS]
        if unknown or not chosen:
            raise ReportOptionError(f"--sections {text!r}: choose from {','.join(SECTIONS)}")
        return tuple(s for s in SECTIONS if s in chosen)

    @staticmethod
    def parse_top(text: str | None) -> dict[str, int]:
        """``3`` (every level × kind) or ``赴京=3,到省=5``."""
        if not text:
            return {}
        try:
            if "=" not in text:
                return {"*": int(text)}
            return {k.strip(): int(v) for k, v in (part.split("=", 1) for part in text.split(","))}
        except ValueError:
            raise ReportOptionError(f"--top-categories {text!r}: a number, or level=number pairs like 赴京=3,到省=5") from None


@dataclass
class Summary:
    as_of: date
    blocks: list[tuple[str, str, list[str | tuple[str, list[str]]]]]  # key, heading, lines or (subheading, lines)
    trend: pl.DataFrame
    shares: pl.DataFrame
    ytd: pl.DataFrame
    leaders: pl.DataFrame
    kpi: pl.DataFrame
    entries: pl.DataFrame


def _top(shares: pl.DataFrame, top: dict[str, int]) -> pl.DataFrame:
    if not top:
        return shares
    limit = pl.col("level").replace_strict(top, default=top.get("*", 10**6), return_dtype=pl.Int64)
    return shares.filter(pl.int_range(pl.len()).over("level", "visit_kind") < limit)


def compose(facts: pl.DataFrame, unentered: pl.DataFrame, late: pl.DataFrame, as_of: date, ref: Reference,
            options: ReportOptions) -> Summary:
    visits, names, counties = facts.lazy(), ref.counties, list(ref.counties)
    tr = trend(visits, as_of).collect()
    shares = category_share(visits, as_of, ref.categories).collect()
    ytd = year_to_date(visits, as_of).collect()
    leaders = leader_receptions(visits, as_of, ref.leaders, ref.events).collect()
    kpi = county_kpi(visits, as_of, counties, options.handling_period, options.extended_handling_period).collect()
    entries = entry_timeliness(unentered.lazy(), late.lazy(), counties, as_of).collect()
    lines = {
        "trend": trend_sentences(tr) or ["本期及去年同期均无来访。"],
        "categories": category_sections(_top(shares, options.top_categories)),
        "reception": reception_lines(ytd, leaders, ref.principal_leader),
        "entry": entry_lines(entries, as_of, options.entry_deadline_days, names),
        "large": large_group_lines(large_group_visits(visits, as_of, options.large_group_min).collect()),
        "repeat": repeat_lines(repeat_collective(visits, as_of).collect(), names),
        "kpi": kpi_lines(kpi, names),
    }
    blocks = [(k, HEADINGS[k], lines[k]) for k in options.sections]
    return Summary(as_of, blocks, tr, shares, ytd, leaders, kpi, entries)


def markdown(summary: Summary) -> str:
    out = [f"# {summary.as_of.year}年信访工作统计（截至{summary.as_of}）", ""]
    for _, heading, lines in summary.blocks:
        out += [f"## {heading}", ""]
        for line in lines:
            if isinstance(line, tuple):
                out += [f"### {line[0]}", "", *line[1], ""]
            else:
                out.append(line)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
