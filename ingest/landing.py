"""The landing zone: inventory every file, pick the highest readable version, read it (contract §1)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from ingest.cache import ReadCache
from ingest.filenames import BadFileName, parse_file_name
from ingest.readers import FIELDS, UnreadableFile
from reference import Reference

INVENTORY_SCHEMA = {
    "source_file": pl.String, "county_code": pl.String, "month": pl.Date, "kind": pl.String,
    "version": pl.Int64, "ext": pl.String, "sha256": pl.String, "size_bytes": pl.Int64, "name_error": pl.String,
}
OUTCOME_SCHEMA = {"source_file": pl.String, "status": pl.String, "reason": pl.String, "read_from": pl.String}


class LandingDirectoryError(RuntimeError):
    """The landing directory itself is unusable: the run cannot start."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_landing(directory: str | Path, ref: Reference, months: tuple[date, date] | None = None) -> pl.DataFrame:
    """One row per file in the landing directory, with its parsed name or why the name is unusable.

    ``months`` bounds the months the pipeline is configured for (its partitions); a file outside
    them is reported, not silently skipped."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LandingDirectoryError(f"landing directory {directory} does not exist or is not a directory")
    try:
        paths = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError as exc:
        raise LandingDirectoryError(f"landing directory {directory} cannot be read: {exc.strerror}") from exc
    rows = []
    for path in paths:
        row = dict.fromkeys(INVENTORY_SCHEMA) | {"source_file": path.name, "sha256": _sha256(path),
                                                 "size_bytes": path.stat().st_size}
        try:
            name = parse_file_name(path.name, ref)
            row |= {"county_code": name.county_code, "month": name.month, "kind": name.kind,
                    "version": name.version, "ext": name.ext}
            if months and not months[0] <= name.month <= months[1]:
                row["name_error"] = (f"month {name.month:%Y-%m} is outside the configured months "
                                     f"{months[0]:%Y-%m}..{months[1]:%Y-%m} (PETITIONS_FIRST_MONTH)")
        except BadFileName as exc:
            row["name_error"] = str(exc)
        rows.append(row)
    return pl.DataFrame(rows, schema=INVENTORY_SCHEMA)


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
    clashes = set(_same_version_clashes(candidates)["source_file"])
    outcomes = [{"source_file": f, "status": "rejected", "read_from": None,
                 "reason": "another file has the same county, month, kind and version; resubmit as a new _v<N>"}
                for f in sorted(clashes)]
    candidates = candidates.filter(~pl.col("source_file").is_in(clashes))
    frames, total, done = [], candidates.height, 0
    for _, group in candidates.sort("version", descending=True).group_by(
        ["county_code", "month", "kind"], maintain_order=True
    ):
        used = False
        for r in group.iter_rows(named=True):
            done += 1
            progress(done, total, r["source_file"])
            if used:
                outcomes.append({"source_file": r["source_file"], "status": "superseded", "reason": None, "read_from": None})
                continue
            try:
                rows, cached = cache.read(directory / r["source_file"], r["sha256"], r["ext"], r["kind"])
            except (UnreadableFile, OSError) as exc:
                outcomes.append({"source_file": r["source_file"], "status": "rejected", "reason": str(exc), "read_from": None})
                continue
            used = True
            outcomes.append({"source_file": r["source_file"], "status": "used", "reason": None,
                             "read_from": "cache" if cached else "parsed"})
            frames.append(rows.with_columns(
                pl.lit(r["source_file"]).alias("source_file"), pl.lit(r["kind"]).alias("kind"),
                pl.lit(r["county_code"]).alias("county_code"), pl.lit(r["month"]).alias("file_month"),
            ))
    months = candidates.select("source_file", "month")
    result = pl.DataFrame(outcomes, schema=OUTCOME_SCHEMA).join(months, on="source_file", how="left")
    return _conform(frames), result.select("source_file", "month", "status", "reason", "read_from").sort("source_file")


RAW_SCHEMA = {"source_file": pl.String, "kind": pl.String, "county_code": pl.String, "file_month": pl.Date,
              "row_number": pl.Int64} | dict.fromkeys(FIELDS, pl.String)


def _conform(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Register and system rows in one frame with every field present (null where a kind lacks it)."""
    empty = pl.DataFrame(schema=RAW_SCHEMA)
    return pl.concat([empty, *frames], how="diagonal_relaxed").select(list(RAW_SCHEMA))
