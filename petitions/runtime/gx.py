"""Great Expectations in a process of its own, started when the run's resources are.

Importing GX costs ~4 s of one core (more without compiled bytecode). A run's first steps read
files; the second core imports GX meanwhile, so the blocking check only pays for validation.
Where a child process cannot be started (a daemonic Celery worker process), GX runs in-process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import dagster as dg
import polars as pl
from pydantic import Field, PrivateAttr

from petitions.runtime.gx_worker import exit_without_unloading, run_suite, warm_up


class GreatExpectations(dg.ConfigurableResource):
    """Where GX runs and how much of a frame it sees (0: every row)."""

    sample_rows: int = Field(default=50_000, description="random rows per side besides every flagged row; 0 = all rows")
    _pool: ProcessPoolExecutor | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if multiprocessing.current_process().daemon:
            return
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=exit_without_unloading)
        self._pool.submit(warm_up)  # the import runs while the first steps read files

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def validate(self, name: str, frame: pl.DataFrame, spec: list[tuple[str, dict]]) -> dict:
        if self._pool is None:
            return run_suite(name, frame, spec)
        return self._pool.submit(run_suite, name, frame, spec).result()
