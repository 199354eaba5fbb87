"""The landing zone: inventory every file, pick the highest readable version, read it (contract §1)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from petitions.ingest.cache import ReadCache
from petitions.ingest.filenames import BadFileName, display_name, parse_file_name
from petitions.ingest.submissions import RAW_SCHEMA, SubmissionReader
from petitions.reference import Reference

INVENTORY_SCHEMA = {
    "source_file": pl.String, "county_code": pl.String, "month": pl.Date, "kind": pl.String,
    "version": pl.Int64, "ext": pl.String, "sha256": pl.String, "size_bytes": pl.Int64, "name_error": pl.String,
}


class LandingDirectoryError(RuntimeError):
    """The landing directory itself is unusable: the run cannot start."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry_problem(entry: os.DirEntry) -> str | None:
    """Why a directory entry is not a county file at all, before its name is even read."""
    if entry.is_symlink():
        return "a symbolic link: links are never followed; copy the file itself into the landing directory"
    if entry.is_dir(follow_symlinks=False):
        return "a directory: the landing directory is flat, files inside folders are not read"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file (a pipe, socket or device)"
    if entry.name.startswith("."):
        return "a hidden file (the name starts with '.'): not read; rename it if it is a submission"
    return None


def scan_landing(directory: str | Path, ref: Reference, months: tuple[date, date] | None = None) -> pl.DataFrame:
    """One row per entry of the landing directory (files, links, folders, pipes, hidden files), with its
    parsed name or why it cannot be used.

    ``months`` bounds the months the pipeline is configured for (its partitions); a file outside
    them is reported, not silently skipped."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LandingDirectoryError(f"landing directory {directory} does not exist or is not a directory")
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise LandingDirectoryError(f"landing directory {directory} cannot be read: {exc.strerror}") from exc
    return pl.DataFrame([_inventory_row(directory, e, ref, months) for e in entries], schema=INVENTORY_SCHEMA)


def _inventory_row(directory: Path, entry: os.DirEntry, ref: Reference, months: tuple[date, date] | None) -> dict:
    row = dict.fromkeys(INVENTORY_SCHEMA) | {"source_file": display_name(entry.name)}
    if problem := _entry_problem(entry):
        return row | {"name_error": problem}
    try:
        name = parse_file_name(entry.name, ref)
        row |= {"county_code": name.county_code, "month": name.month, "kind": name.kind,
                "version": name.version, "ext": name.ext}
        if months and not months[0] <= name.month <= months[1]:
            row["name_error"] = (f"month {name.month:%Y-%m} is outside the configured months "
                                 f"{months[0]:%Y-%m}..{months[1]:%Y-%m} (PETITIONS_FIRST_MONTH)")
    except BadFileName as exc:
        row["name_error"] = str(exc)
    try:
        row |= {"sha256": _sha256(directory / entry.name), "size_bytes": entry.stat(follow_symlinks=False).st_size}
    except OSError as exc:
        row["name_error"] = row["name_error"] or f"cannot be read: {exc.strerror or type(exc).__name__}"
    return row


def read_submissions(
    directory: str | Path, candidates: pl.DataFrame, cache: ReadCache,
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Raw rows of the used files and the status of every candidate, all months at once (tests,
    benchmarks); the pipeline hands ``SubmissionReader.months()`` on one month at a time."""
    reader = SubmissionReader(directory, candidates, cache, progress)
    raw = pl.concat([pl.DataFrame(schema=RAW_SCHEMA), *(rows for _, rows in reader.months())])
    return raw, reader.outcomes()
