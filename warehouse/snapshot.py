"""A read-only copy of the DuckDB warehouse for BI tools, replaced atomically after each run.

DuckDB lets one process write a file while nobody else opens it; BI tools read the snapshot
instead. ``os.replace`` swaps the directory entry: a reader that already has the old snapshot
open keeps reading it, the next connection sees the new one, nobody sees a half-written file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import sqlalchemy as sa


def snapshot_path(url: str) -> Path | None:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "duckdb" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return path.with_name(f"{path.stem}.snapshot{path.suffix or '.duckdb'}")


def publish_snapshot(url: str) -> Path | None:
    """Copy the (checkpointed, closed) warehouse file next to itself as ``<name>.snapshot.duckdb``."""
    target = snapshot_path(url)
    if target is None:
        return None
    source = Path(sa.make_url(url).database)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return target
