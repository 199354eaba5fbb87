"""Great Expectations itself: what runs in the GX process. Imports neither Dagster nor the project's
other modules, so the process is ready as soon as GX is imported."""

from __future__ import annotations

import atexit
import os
from functools import cache

import polars as pl

CLASS_OF = {"expect_column_values_to_not_be_null": "ExpectColumnValuesToNotBeNull",
            "expect_column_values_to_be_in_set": "ExpectColumnValuesToBeInSet",
            "expect_column_values_to_be_between": "ExpectColumnValuesToBeBetween",
            "expect_compound_columns_to_be_unique": "ExpectCompoundColumnsToBeUnique"}


@cache
def _batch_definition():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("staged").add_dataframe_asset("case_records")
    return asset.add_batch_definition_whole_dataframe("per_run")


def exit_without_unloading() -> None:
    """Initializer of the GX process only: it holds nothing to save, and unloading GX when the run ends
    kept the run waiting ~0.8 s. Registered last, this exit handler runs first and skips the unloading."""
    atexit.register(os._exit, 0)


def warm_up() -> None:
    _batch_definition()


def run_suite(name: str, frame: pl.DataFrame, spec: list[tuple[str, dict]]) -> dict:
    """GX's verdict on ``frame``: success, expectations evaluated, and the failed ones (counts only)."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    batch_definition = _batch_definition()  # also makes the context a suite needs
    suite = gx.ExpectationSuite(name=name)
    for expectation, kwargs in spec:
        suite.add_expectation(getattr(gxe, CLASS_OF[expectation])(**kwargs))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    result = batch.validate(suite, result_format="SUMMARY")
    # GX may reorder results: an expectation is known by its type and column(s), unique in a suite
    index = {(t, str(kw.get("column") or kw.get("column_list"))): i for i, (t, kw) in enumerate(spec)}
    failed = []
    for r in result.results:
        if not r.success:
            column = r.expectation_config.kwargs.get("column") or r.expectation_config.kwargs.get("column_list")
            failed.append({"expectation": r.expectation_config.type, "column": column,
                           "unexpected_count": r.result.get("unexpected_count"),
                           "spec_index": index[(r.expectation_config.type, str(column))]})
    return {"success": bool(result.success), "evaluated": result.statistics["evaluated_expectations"], "failed": failed}
