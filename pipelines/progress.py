"""Progress on stderr during a run: counts, file and step names only, never row content. Kept free of
Dagster so that ``petitions --help`` starts fast."""

import logging
import sys
import time

PROGRESS = logging.getLogger("petitions.progress")


class _Elapsed(logging.Formatter):
    """Seconds since progress was switched on: where a long run spends its time, as it goes."""

    started = time.monotonic()

    def format(self, record: logging.LogRecord) -> str:
        record.elapsed = time.monotonic() - self.started
        return super().format(record)


class _StderrNow(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (the CLI may be called in-process)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def show_progress() -> None:
    """Progress lines (file counts only, never row content) on stderr while Dagster stays quiet."""
    progress = PROGRESS
    _Elapsed.started = time.monotonic()
    if not any(isinstance(h, _StderrNow) for h in progress.handlers):
        handler = _StderrNow()
        handler.setFormatter(_Elapsed("  … %(elapsed)6.1f s  %(message)s"))
        progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False
