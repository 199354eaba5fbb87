"""Materialisation metadata shared by every asset: row counts and a preview without personal data."""

from __future__ import annotations

import logging

import dagster as dg
import polars as pl

PERSONAL_COLUMNS = frozenset({"petitioner_name", "id_number", "phone", "summary", "receiving_leader",
                              "raw_petitioner_name", "raw_id_number", "raw_phone", "raw_summary",
                              "raw_receiving_leader"})
PREVIEW_ROWS = 5
PROGRESS = logging.getLogger("petitions.progress")  # shown on stderr by the command line


def progress(context: dg.AssetExecutionContext, message: str) -> None:
    """A progress line in the run's log and on the command line: counts and names only."""
    context.log.info(message)
    PROGRESS.info(message)


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


class MonthFigures:
    """The same figures for a frame handed on a month at a time: rows counted as they pass, the
    first preview rows kept, never the months themselves."""

    def __init__(self) -> None:
        self.rows, self.previews, self.extra = 0, [], {}

    def add(self, frame: pl.DataFrame, preview: pl.DataFrame, **counts: int) -> None:
        self.rows += frame.height
        if sum(p.height for p in self.previews) < PREVIEW_ROWS:
            self.previews.append(preview.head(PREVIEW_ROWS))
        for name, n in counts.items():
            self.extra[name] = self.extra.get(name, 0) + n

    def metadata(self) -> dict[str, object]:
        shown = preview_markdown(pl.concat(self.previews)) if self.previews else "(no rows)"
        return {"dagster/row_count": self.rows, "preview": dg.MetadataValue.md(shown), **self.extra}
