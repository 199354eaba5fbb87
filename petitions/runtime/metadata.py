"""Materialisation metadata shared by every asset: row counts and a preview without personal data."""

from __future__ import annotations

import dagster as dg
import polars as pl

PERSONAL_COLUMNS = frozenset({"petitioner_name", "id_number", "phone", "summary", "receiving_leader",
                              "raw_petitioner_name", "raw_id_number", "raw_phone", "raw_summary",
                              "raw_receiving_leader"})
PREVIEW_ROWS = 5


def preview_markdown(frame: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    safe = frame.select([c for c in frame.columns if c not in PERSONAL_COLUMNS]).head(rows)
    if safe.width == 0:
        return "(no columns to show)"
    lines = ["| " + " | ".join(safe.columns) + " |", "|" + "---|" * safe.width]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in safe.iter_rows()]
    return "\n".join(lines)


def frame_output(frame: pl.DataFrame, preview: pl.DataFrame | None = None, **extra: object) -> dg.Output:
    """Row count, a preview (of ``preview`` when given) and any extra figures, for a frame handed on."""
    shown = preview_markdown(frame if preview is None else preview)
    return dg.Output(frame, metadata={"dagster/row_count": frame.height, "preview": dg.MetadataValue.md(shown), **extra})
