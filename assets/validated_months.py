"""Validation of a month's raw rows as soon as the month is read, with the figures the output and its
blocking check report, gathered as the months pass."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

import dagster as dg
import polars as pl

from checks.structural import case_ids_per_file, files_have_case_ids_result
from petitions.ingest.submissions import RAW_SCHEMA
from petitions.reference import Reference
from petitions.rules.validation import validate_rows
from petitions.runtime.metadata import MonthFigures


class ValidatedMonths:
    """Validates the months handed to ``months()``; then ``metadata()`` and ``case_ids_result()`` report
    on all of them without keeping any month."""

    def __init__(self, ref: Reference, max_persons: int, progress: Callable[[str], None]):
        self.ref, self.max_persons, self.progress = ref, max_persons, progress
        self.figures, self.per_file = MonthFigures(), []

    def empty(self) -> pl.DataFrame:
        """The validated rows' columns, for months of the run without any file."""
        return validate_rows(pl.LazyFrame(schema=RAW_SCHEMA), self.ref, self.max_persons).collect()

    def months(self, raw_months: Iterable[tuple[date, pl.DataFrame]], expected: int) -> Iterator[tuple[str, pl.DataFrame]]:
        """(partition key, validated rows) per month read. The in-memory engine runs this join-heavy plan
        on a month faster than streaming (4.0 s against 5.1 s for 24 months of 1 M visits)."""
        for n, (month, raw) in enumerate(raw_months, start=1):
            validated = validate_rows(raw.lazy(), self.ref, self.max_persons).collect(engine="in-memory")
            rejected = validated.filter(pl.col("reject_reason").is_not_null())
            # raw rows carry names and ID numbers: the preview shows rejected rows' ids and reasons only
            self.figures.add(validated, rejected.select("source_file", "row_number", "case_id", "reject_reason"),
                             rows_rejected=rejected.height)
            self.per_file.append(case_ids_per_file(validated))
            self.progress(f"validated {month.isoformat()[:7]}: {validated.height} rows, {rejected.height} rejected "
                          f"({n}/{expected} months)")
            yield month.isoformat(), validated

    def metadata(self) -> dict[str, object]:
        return self.figures.metadata()

    def case_ids_result(self) -> dg.AssetCheckResult:
        return files_have_case_ids_result(self.per_file)
