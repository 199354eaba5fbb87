"""Year-to-date periods and change percentages of contract §7 and §10."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass(frozen=True)
class Period:
    """Current: Jan 1 of the as-of year through as_of; previous: the same span one year earlier."""

    as_of: date

    @property
    def start(self) -> date:
        return self.as_of.replace(month=1, day=1)

    @property
    def prev_end(self) -> date:
        # Feb 29 → Feb 28: the same calendar span, clamped
        try:
            return self.as_of.replace(year=self.as_of.year - 1)
        except ValueError:
            return self.as_of.replace(year=self.as_of.year - 1, day=28)

    @property
    def prev_start(self) -> date:
        return self.start.replace(year=self.start.year - 1)

    def label(self) -> pl.Expr:
        """'current', 'previous' or null for each visit_date."""
        d = pl.col("visit_date")
        return (
            pl.when(d.is_between(self.start, self.as_of)).then(pl.lit("current"))
            .when(d.is_between(self.prev_start, self.prev_end)).then(pl.lit("previous"))
        )


def half_up_tenths(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """|numerator / denominator| rounded half-up to one decimal, exactly (integer arithmetic), signed."""
    # counts arrive as UInt32 (pl.len()): signed arithmetic first, or negation fails on some plans
    numerator, denominator = numerator.cast(pl.Int64), denominator.cast(pl.Int64)
    tenths = (2 * 10 * numerator.abs() + denominator) // (2 * denominator)
    return (pl.when(numerator < 0).then(-tenths).otherwise(tenths) / 10).cast(pl.Float64)


def change_pct(current: pl.Expr, previous: pl.Expr) -> pl.Expr:
    """(current − previous) / previous × 100, half-up to one decimal; null when previous is 0."""
    return pl.when(previous > 0).then(half_up_tenths((current - previous) * 100, previous))


def share_pct(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then(half_up_tenths(part * 100, whole))
