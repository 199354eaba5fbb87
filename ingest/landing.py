"""The landing zone: inventory every file, pick the highest readable version, read it (contract §1)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import polars as pl

from ingest.filenames import BadFileName, parse_file_name
from ingest.readers import FIELDS, UnreadableFile, read_rows
from reference import Reference

INVENTORY_SCHEMA = {
    "source_file": pl.String, "county_code": pl.String, "month": pl.Date, "kind": pl.String,
    "version": pl.Int64, "ext": pl.String, "sha256": pl.String, "size_bytes": pl.Int64, "name_error": pl.String,
}
OUTCOME_SCHEMA = {"source_file": pl.String, "status": pl.String, "reason": pl.String}


class LandingDirectoryError(RuntimeError):
    """The landing directory itself is unusable: the run cannot start."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_landing(directory: str | Path, ref: Reference) -> pl.DataFrame:
    """One row per file in the landing directory, with its parsed name or why the name is unusable."""
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
        except BadFileName as exc:
            row["name_error"] = str(exc)
        rows.append(row)
    return pl.DataFrame(rows, schema=INVENTORY_SCHEMA)


def _same_version_clashes(inventory: pl.DataFrame) -> pl.DataFrame:
    keys = ["county_code", "month", "kind", "version"]
    return inventory.filter(pl.col("name_error").is_null() & (pl.len().over(keys) > 1))


def read_submissions(
    directory: str | Path, inventory: pl.DataFrame, ref: Reference,
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Raw rows of the used files, and the status of every file (used / superseded / rejected)."""
    directory = Path(directory)
    outcomes = [{"source_file": r["source_file"], "status": "rejected", "reason": r["name_error"]}
                for r in inventory.filter(pl.col("name_error").is_not_null()).iter_rows(named=True)]
    clashes = set(_same_version_clashes(inventory)["source_file"])
    outcomes += [{"source_file": f, "status": "rejected",
                  "reason": "another file has the same county, month, kind and version; resubmit as a new _v<N>"}
                 for f in sorted(clashes)]
    candidates = inventory.filter(pl.col("name_error").is_null() & ~pl.col("source_file").is_in(clashes))
    frames, total, done = [], candidates.height, 0
    for _, group in candidates.sort("version", descending=True).group_by(
        ["county_code", "month", "kind"], maintain_order=True
    ):
        used = False
        for r in group.iter_rows(named=True):
            done += 1
            progress(done, total, r["source_file"])
            if used:
                outcomes.append({"source_file": r["source_file"], "status": "superseded", "reason": None})
                continue
            try:
                rows = read_rows((directory / r["source_file"]).read_bytes(), r["ext"], r["kind"], ref)
            except (UnreadableFile, OSError) as exc:
                outcomes.append({"source_file": r["source_file"], "status": "rejected", "reason": str(exc)})
                continue
            used = True
            outcomes.append({"source_file": r["source_file"], "status": "used", "reason": None})
            frames.append(rows.with_columns(
                pl.lit(r["source_file"]).alias("source_file"), pl.lit(r["kind"]).alias("kind"),
                pl.lit(r["county_code"]).alias("county_code"), pl.lit(r["month"]).alias("file_month"),
            ))
    return _conform(frames), pl.DataFrame(outcomes, schema=OUTCOME_SCHEMA).sort("source_file")


RAW_SCHEMA = {"source_file": pl.String, "kind": pl.String, "county_code": pl.String, "file_month": pl.Date,
              "row_number": pl.Int64} | dict.fromkeys(FIELDS, pl.String)


def _conform(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Register and system rows in one frame with every field present (null where a kind lacks it)."""
    empty = pl.DataFrame(schema=RAW_SCHEMA)
    return pl.concat([empty, *frames], how="diagonal_relaxed").select(list(RAW_SCHEMA))
