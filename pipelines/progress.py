"""Progress on stderr while files are read: counts and file names only, never row content."""

import logging
import sys


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
    progress = logging.getLogger("petitions.progress")
    if not any(isinstance(h, _StderrNow) for h in progress.handlers):
        handler = _StderrNow()
        handler.setFormatter(logging.Formatter("  … %(message)s"))
        progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False
