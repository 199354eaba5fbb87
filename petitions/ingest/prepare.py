"""One landing file from bytes to rows, many files at a time: the cache lookup and the parse run on
worker threads, the cleaning of a batch of parsed grids runs in one plan (``cleaning``). Whatever
goes wrong with a file becomes its reason; the other files go on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from petitions.ingest.cache import ReadCache
from petitions.ingest.cleaning import ALONE_ROWS, Grid, clean_grids
from petitions.ingest.errors import UnreadableFile
from petitions.ingest.readers import parse_grid


@dataclass
class FileRead:
    """What reading one file gave: its rows (cached or parsed), or the reason it cannot be used."""

    ext: str
    kind: str
    sha256: str | None = None
    rows: pl.DataFrame | None = None
    grid: Grid | None = None
    reason: str | None = None
    cached: bool = False


def prepare(cache: ReadCache, path: Path, ext: str, kind: str) -> FileRead:
    """The error boundary around one file: whatever goes wrong becomes its reason, and the run goes on.

    Reasons name the line where known and never quote content (a parser's own message may)."""
    read = FileRead(ext, kind)
    try:
        data, sha256, read.rows = cache.lookup(path, ext, kind)
        read.cached = read.rows is not None
        read.sha256 = sha256
        if not read.cached:
            read.grid = parse_grid(data, ext, kind, cache.ref)
            if read.grid.cells.height > ALONE_ROWS:  # a big file is cleaned here, on the worker thread
                _cleaned(read, clean_grids([read.grid])[0], cache)
    except UnreadableFile as exc:
        read.reason, read.sha256 = str(exc), None
    except OSError as exc:
        read.reason, read.sha256 = f"cannot be read: {exc.strerror or type(exc).__name__}", None
    except Exception as exc:  # noqa: BLE001 - one county's broken file must not stop the others
        read.reason, read.sha256 = f"could not be read ({type(exc).__name__}); save it again as CSV or XLSX and resubmit", None
    return read


def clean_parsed(reads: Iterable[FileRead], cache: ReadCache) -> None:
    """The small files' parsed grids of a batch cleaned in one plan (see ``cleaning``)."""
    parsed = [read for read in reads if read.grid is not None]
    for read, rows in zip(parsed, clean_grids([read.grid for read in parsed]), strict=True):
        _cleaned(read, rows, cache)


def _cleaned(read: FileRead, rows: pl.DataFrame | UnreadableFile, cache: ReadCache) -> None:
    read.grid = None
    if isinstance(rows, UnreadableFile):
        read.reason, read.sha256 = str(rows), None
    else:
        read.rows = rows
        cache.store(read.sha256, read.ext, read.kind, rows)
