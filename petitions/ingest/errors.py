"""Why a landing file cannot be used: messages meant for the county office, never quoting cells."""


class UnreadableFile(ValueError):
    """The file cannot be used at all; the message names the line where known, never a cell value."""
