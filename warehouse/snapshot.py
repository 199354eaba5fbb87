"""A read-only copy of the DuckDB warehouse for BI tools, replaced atomically after each run.

DuckDB lets one process write a file while nobody else opens it; BI tools read the snapshot
instead. It holds the BI schemas only (``marts``, ``quality``): never ``staging`` or the personal
data of ``restricted``. It is written in DuckDB's v1.0.0 storage format, which the DuckDB 1.x
bundled with BI drivers can open. ``os.replace`` swaps the directory entry: a reader that already
has the old snapshot open keeps reading it, the next connection sees the new one, nobody sees a
half-written file, and a failed copy leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb
import sqlalchemy as sa

from warehouse.bi_views import view_statements
from warehouse.schema import BI_SCHEMAS, metadata

STORAGE_VERSION = "v1.0.0"


def snapshot_path(url: str) -> Path | None:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "duckdb" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return path.with_name(f"{path.stem}.snapshot{path.suffix or '.duckdb'}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_bi_schemas(source: Path, target: Path) -> None:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_quote(str(source))} AS src (READ_ONLY)")
        con.execute(f"ATTACH {_quote(str(target))} AS snap (STORAGE_VERSION {_quote(STORAGE_VERSION)})")
        for schema in BI_SCHEMAS:
            con.execute(f'CREATE SCHEMA snap."{schema}"')
        for t in metadata.sorted_tables:
            if t.schema not in BI_SCHEMAS:
                continue
            name = f'"{t.schema}"."{t.name}"'
            con.execute(f"CREATE TABLE snap.{name} AS SELECT * FROM src.{name}")
            con.execute(f"COMMENT ON TABLE snap.{name} IS {_quote(t.comment or '')}")
            for c in t.columns:
                con.execute(f'COMMENT ON COLUMN snap.{name}."{c.name}" IS {_quote(c.comment or "")}')
        con.execute("USE snap")  # the views name marts.* and quality.*: bind them inside the snapshot
        con.execute("CREATE SCHEMA bi")
        for statement in view_statements():
            con.execute(statement)
        con.execute("USE memory")
        con.execute("DETACH snap")
        con.execute("DETACH src")
    finally:
        con.close()


def publish_snapshot(url: str) -> Path | None:
    """Write ``<name>.snapshot.duckdb`` beside the (checkpointed, closed) warehouse file."""
    target = snapshot_path(url)
    if target is None:
        return None
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        _copy_bi_schemas(Path(sa.make_url(url).database), tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.chmod(0o644)  # BI schemas only: meant to be read by the BI tools' account
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return target
