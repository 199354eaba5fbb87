"""The sentences of the annual summary's statistics section, exactly as contract §10 writes them."""

from __future__ import annotations

import polars as pl

from petitions.reference import KIND_SHORT


def _pct(value: float) -> str:
    return f"{abs(value):.1f}"


def _direction(value: float) -> str:
    # the word follows the rounded figure: 持平 always goes with 0.0
    return "持平" if round(abs(value), 1) == 0 else ("上升" if value > 0 else "下降")


def trend_sentence(row: dict) -> str:
    head = f"{row['level']}{KIND_SHORT[row['visit_kind']]}{row['batches']}批{row['persons']}人"
    if row["prev_batches"] == 0:
        return f"{head},去年同期无此类来访"
    b, p = row["batches_change_pct"], row["persons_change_pct"]
    return (f"{head},与去年同期{row['prev_batches']}批{row['prev_persons']}人相比,"
            f"批数{_direction(b)}{_pct(b)}%,人数{_direction(p)}{_pct(p)}%")


def trend_sentences(trend: pl.DataFrame) -> list[str]:
    """One sentence per level × kind in reference order; rows with no visits in both periods left out."""
    rows = trend.filter((pl.col("batches") > 0) | (pl.col("prev_batches") > 0))
    return [trend_sentence(r) for r in rows.iter_rows(named=True)]


def category_sections(shares: pl.DataFrame) -> list[tuple[str, list[str]]]:
    """(heading, lines) per level × kind, lines largest share first (the frame's order)."""
    sections: list[tuple[str, list[str]]] = []
    for (level, kind), group in shares.group_by(["level", "visit_kind"], maintain_order=True):
        lines = [f"{r['category']}类{r['batches']}批{r['persons']}人,占比{r['batch_share_pct']:.1f}%"
                 for r in group.iter_rows(named=True)]
        sections.append((f"{level}{KIND_SHORT[kind]}", lines))
    return sections
