"""Errors the command line prints as one line (exit status 2), without a traceback."""


class UsageError(RuntimeError):
    """A mistake in what the user asked for: one line, no traceback."""
