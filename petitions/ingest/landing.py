"""The landing zone: inventory every file, pick the highest readable version, read it (contract §1)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date
from pathlib import Path

import polars as pl

from petitions.ingest.cache import ReadCache
from petitions.ingest.filenames import BadFileName, display_name, parse_file_name
from petitions.ingest.prepare import clean_parsed, prepare
from petitions.ingest.readers import FIELDS
from petitions.reference import Reference

INVENTORY_SCHEMA = {
    "source_file": pl.String, "county_code": pl.String, "month": pl.Date, "kind": pl.String,
    "version": pl.Int64, "ext": pl.String, "sha256": pl.String, "size_bytes": pl.Int64, "name_error": pl.String,
}
OUTCOME_SCHEMA = {"source_file": pl.String, "status": pl.String, "reason": pl.String, "read_from": pl.String,
                  "sha256": pl.String}


# parsing releases the GIL (polars, fastexcel, hashing): files are read side by side
READ_WORKERS = min(4, os.cpu_count() or 1)
BATCH_FILES = 128  # files parsed, then cleaned in one plan: bounds the grids held at once


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


def _same_version_clashes(inventory: pl.DataFrame) -> pl.DataFrame:
    keys = ["county_code", "month", "kind", "version"]
    return inventory.filter(pl.col("name_error").is_null() & (pl.len().over(keys) > 1))


def read_submissions(
    directory: str | Path, candidates: pl.DataFrame, cache: ReadCache,
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Raw rows of the used files, and the status of every candidate (used / superseded / rejected).

    ``candidates`` are inventory rows with a valid name; for each county × month × kind the highest
    version that can be read is used. ``read_from`` says whether a used file was parsed or cached.
    """
    directory = Path(directory)
    months = candidates.select("source_file", "month")
    clashes = set(_same_version_clashes(candidates)["source_file"])
    outcomes = [_outcome(f, "rejected", reason="another file has the same county, month, kind and version (e.g. "
                         ".csv and .xlsx); both are set aside: resubmit one as a new _v<N>") for f in sorted(clashes)]
    candidates = candidates.filter(~pl.col("source_file").is_in(clashes))
    submissions = [group.rows(named=True) for _, group in candidates.sort("version", descending=True).group_by(
        ["county_code", "month", "kind"], maintain_order=True)]
    frames: dict[int, pl.DataFrame] = {}
    labels = candidates.select("source_file", "kind", "county_code", pl.col("month").alias("file_month"))
    label_row = {name: k for k, name in enumerate(labels["source_file"])}
    total, done = candidates.height, 0
    # the highest version of every submission first; a lower one, in a next round, only where the
    # higher cannot be read
    pending = [(n, 0) for n in range(len(submissions))]
    with ThreadPoolExecutor(READ_WORKERS) as pool:
        while pending:
            retry = []
            for start in range(0, len(pending), BATCH_FILES):
                futures = {pool.submit(prepare, cache, directory / submissions[n][i]["source_file"],
                                       submissions[n][i]["ext"], submissions[n][i]["kind"]): (n, i)
                           for n, i in pending[start:start + BATCH_FILES]}
                reads = {}
                for future in as_completed(futures):
                    n, i = futures[future]
                    reads[n, i] = future.result()
                    done += 1
                    progress(done, total, submissions[n][i]["source_file"])
                clean_parsed(reads.values(), cache)
                for (n, i), read in sorted(reads.items()):
                    r = submissions[n][i]
                    if read.reason is not None:
                        outcomes.append(_outcome(r["source_file"], "rejected", reason=read.reason))
                        retry += [(n, i + 1)] if i + 1 < len(submissions[n]) else []
                        continue
                    outcomes.append(_outcome(r["source_file"], "used", sha256=read.sha256,
                                             read_from="cache" if read.cached else "parsed"))
                    frames[n] = _labelled(read.rows, labels.slice(label_row[r["source_file"]], 1))
                    for lower in submissions[n][i + 1:]:
                        done += 1
                        progress(done, total, lower["source_file"])
                        outcomes.append(_outcome(lower["source_file"], "superseded"))
            pending = retry
    result = pl.DataFrame(outcomes, schema=OUTCOME_SCHEMA).join(months, on="source_file", how="left")
    # month by month, then submission order, whatever order the threads finished in: a run's rows are
    # the same every time, and each month's rows are one slice of them
    month_of = {n: rows[0]["month"] for n, rows in enumerate(submissions)}
    raw = _conform([frames[n] for n in sorted(frames, key=lambda n: (month_of[n], n))])
    return raw, result.select("source_file", "month", "status", "reason", "read_from", "sha256").sort("source_file")


def _labelled(rows: pl.DataFrame, label: pl.DataFrame) -> pl.DataFrame:
    """The file's rows with the columns naming it, repeated from its one-row ``label`` (no Series
    built from Python values per file: that cost more than cleaning a small file)."""
    return rows.hstack([label[c].new_from_index(0, rows.height) for c in label.columns])


def _outcome(source_file: str, status: str, reason: str | None = None, sha256: str | None = None,
             read_from: str | None = None) -> dict:
    return {"source_file": source_file, "status": status, "reason": reason, "read_from": read_from, "sha256": sha256}


RAW_SCHEMA = {"source_file": pl.String, "kind": pl.String, "county_code": pl.String, "file_month": pl.Date,
              "row_number": pl.Int64} | dict.fromkeys(FIELDS, pl.String)


def _conform(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Register and system rows in one frame with every field present (null where a kind lacks it),
    in one chunk: every later step reads it, and 9,600 small chunks made each of them slower (the
    whole run at 100 k visits in 9,600 files: 33 s chunked, 27 s in one chunk)."""
    empty = pl.DataFrame(schema=RAW_SCHEMA)
    return pl.concat([empty, *frames], how="diagonal_relaxed", rechunk=True).select(list(RAW_SCHEMA))
