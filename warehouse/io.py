"""Connecting to the warehouse and replacing its tables in one transaction.

A run publishes every table together: either all of them change or none (measured: separate
autocommit DELETE/INSERT left empty tables after SIGKILL; one transaction never did).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from warehouse.bi_views import create_views, drop_views
from warehouse.schema import SCHEMAS, metadata
from warehouse.schema_history import HISTORY

WAREHOUSE_ONLY = tuple(s for s in SCHEMAS if s != "restricted")  # when restricted lives in a database of its own
COPY_ROWS = 200_000  # rows rendered to CSV per COPY write: bounded memory on big frames


class WarehouseUnavailable(RuntimeError):
    """The warehouse URL cannot be used; the message says why in one line."""


def separate_restricted(warehouse_url: str, restricted_url: str | None) -> str | None:
    """The database for schema ``restricted`` when it is not the warehouse itself, else None."""
    return restricted_url if restricted_url and restricted_url != warehouse_url else None


def _duckdb_file(url: sa.URL) -> Path | None:
    return Path(url.database).expanduser() if url.database and url.database != ":memory:" else None


def _prepare_duckdb_path(url: sa.URL, must_exist: bool) -> None:
    path = _duckdb_file(url)
    if path is None:
        return
    if must_exist and not path.is_file():
        raise WarehouseUnavailable(f"no warehouse at {path}: check the path, or build it with `petitions run`")
    path.parent.mkdir(parents=True, exist_ok=True)


def _owner_only(url: sa.URL) -> None:
    """The DuckDB file holds the restricted schema (names, ID numbers): readable by its owner only."""
    path = _duckdb_file(url)
    for p in (path, path.with_name(path.name + ".wal")) if path else ():
        if p.exists():
            p.chmod(0o600)


def connect(url: str, must_exist: bool = False, read_only: bool = False) -> sa.Engine:
    """An engine whose connection has been tried once, or a ``WarehouseUnavailable``.

    ``must_exist``: a reader (the report) never creates an empty DuckDB file at a mistyped path.
    ``read_only``: DuckDB readers share the file with each other (the report beside the snapshot copy)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise WarehouseUnavailable(f"warehouse URL {url!r} is not a SQLAlchemy URL (duckdb:///path or postgresql+psycopg://…)") from exc
    if parsed.get_backend_name() not in ("duckdb", "postgresql"):
        raise WarehouseUnavailable(f"warehouse backend {parsed.get_backend_name()!r} is not supported: use duckdb or postgresql")
    try:
        if parsed.get_backend_name() == "duckdb":
            _prepare_duckdb_path(parsed, must_exist)
        args = ({"connect_timeout": 5} if parsed.get_backend_name() == "postgresql"
                else {"read_only": True} if read_only else {})
        engine = sa.create_engine(parsed, connect_args=args)
        with engine.connect() as conn:
            conn.execute(sa.select(1))
        if parsed.get_backend_name() == "duckdb" and not read_only:
            _owner_only(parsed)
    except WarehouseUnavailable:
        raise
    except Exception as exc:  # drivers raise their own types; the user needs one line
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "lock" in detail.lower() and parsed.get_backend_name() == "duckdb":
            detail = ("another process has the file open (a BI tool or SQL client?): point BI tools at the "
                      "<name>.snapshot.duckdb file, never at the warehouse itself")
        raise WarehouseUnavailable(f"cannot open warehouse {parsed.render_as_string(hide_password=True)}: {detail}") from exc
    return engine


def ensure_schema(conn: sa.Connection, schemas: tuple[str, ...] = SCHEMAS, rebuilt: frozenset[str] = frozenset()) -> None:
    """Create schemas and tables; a table whose columns changed since the last release is rebuilt.
    Tables named in ``rebuilt`` (``schema.table``) are left alone: the caller drops and creates them."""
    for schema in schemas:
        conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
    inspector = sa.inspect(conn)
    for t in (t for t in metadata.sorted_tables if t.schema in schemas and t.fullname not in rebuilt):
        if inspector.has_table(t.name, schema=t.schema):
            probe = sa.select(sa.literal_column("*")).select_from(sa.table(t.name, schema=t.schema)).limit(0)
            existing = list(conn.execute(probe).keys())
            if existing == [c.name for c in t.columns]:
                continue
            t.drop(conn)
        t.create(conn)


def check_writable(engine: sa.Engine, schemas: tuple[str, ...] = SCHEMAS) -> None:
    """Everything a publish will need (schemas, tables, DELETE and INSERT), tried and rolled back, so a
    missing privilege is reported before the run rather than after it."""
    try:
        with engine.connect() as conn, conn.begin() as tx:
            ensure_schema(conn, schemas)
            for t in (t for t in metadata.sorted_tables if t.schema in schemas):
                conn.execute(t.delete().where(sa.false()))
                conn.execute(t.insert().from_select([c.name for c in t.columns], sa.select(t).where(sa.false())))
            tx.rollback()
    except Exception as exc:  # noqa: BLE001 - drivers raise their own types; the user needs one line
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = engine.url.render_as_string(hide_password=True)
        raise WarehouseUnavailable(f"warehouse {where} is not writable by this user: {detail}") from exc


def _without_nul(frame: pl.DataFrame) -> pl.DataFrame:
    """PostgreSQL text cannot hold NUL; DuckDB follows, so both warehouses hold the same values.
    Only columns holding one are rewritten: a search is cheaper than a copy of every text."""
    found = frame.select(pl.col(pl.String).str.contains("\x00", literal=True).any())
    dirty = [c for c in found.columns if found[c][0]]
    return frame.with_columns(pl.col(dirty).str.replace_all("\x00", "", literal=True)) if dirty else frame


def _bulk_insert(conn: sa.Connection, t: sa.Table, frame: pl.DataFrame) -> None:
    # the table's own columns only: staged frames also carry raw_* cells (names, ID numbers) that the
    # schema never names, so they cannot reach the warehouse by accident
    frame = _without_nul(frame.select([c.name for c in t.columns])).rechunk()
    if frame.is_empty():
        return
    if conn.dialect.name == "duckdb":
        raw = conn.connection.driver_connection
        view = f"__load_{t.schema}_{t.name}"
        raw.register(view, frame.to_arrow())
        try:
            cols = [c.name for c in t.columns]
            conn.execute(t.insert().from_select(cols, sa.select(*[sa.column(c) for c in cols]).select_from(sa.table(view))))
        finally:
            raw.unregister(view)
    else:
        copy_csv(conn, t, frame)


def copy_csv(conn: sa.Connection, t: sa.Table, frame: pl.DataFrame) -> None:
    """PostgreSQL COPY of the frame rendered as CSV by polars: no Python loop over rows.

    NULL is an unquoted \\N and every text is quoted, so an empty string stays an empty string and a
    cell holding the two characters \\N stays text."""
    preparer = conn.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(c.name) for c in t.columns)
    statement = f"COPY {preparer.format_table(t)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(statement) as copy:
        for chunk in frame.iter_slices(COPY_ROWS):
            copy.write(chunk.write_csv(include_header=False, null_value="\\N", quote_style="non_numeric").encode("utf-8"))


def _empty(conn: sa.Connection, t: sa.Table) -> None:
    """DuckDB: drop and recreate (a rerun with 800 k facts: release step 16 s with DELETE, 4 s like this;
    BI reads the snapshot meanwhile). PostgreSQL: DELETE, so BI queries keep reading the old rows
    until commit instead of waiting on the lock DROP or TRUNCATE would take."""
    if conn.dialect.name == "duckdb":
        conn.execute(sa.schema.DropTable(t, if_exists=True))
        t.create(conn)
    else:
        conn.execute(t.delete())


Frame = pl.DataFrame | pl.LazyFrame


def with_history(frames: dict[str, Frame], as_of: date) -> dict[str, Frame]:
    """The frames plus their ``_history`` twins: the same rows, stamped with the run's as_of."""
    extra = {t.fullname: frames[source].with_columns(pl.lit(as_of).alias("as_of"))
             for source, t in HISTORY.items() if source in frames}
    return frames | extra


def _replace(conn: sa.Connection, t: sa.Table, frame: Frame, as_of: date | None) -> int:
    if "history_of" in t.info:
        conn.execute(t.delete().where(t.c.as_of == as_of))
    else:
        _empty(conn, t)
    rows = frame.select([c.name for c in t.columns]).lazy().collect()
    _bulk_insert(conn, t, rows)
    return rows.height


def publish(engine: sa.Engine, frames: dict[str, Frame], loaded: Callable[[str], None] = lambda key: None,
            as_of: date | None = None, restricted: sa.Engine | None = None) -> dict[str, int]:
    """Replace every table named in ``frames`` (``schema.table`` → rows) in a single transaction; with
    ``as_of``, history tables keep their other slices and only the run's as_of slice is replaced.
    A lazy frame is collected when its table is written: one table's rows in memory at a time.

    ``restricted``: a database of its own for schema ``restricted`` (PostgreSQL lists every table and
    column name of a database to every role that can connect). Its transaction commits right after the
    warehouse's; the warehouse drops its own ``restricted`` schema, so personal data lives in one place.
    ``loaded(key)`` is called inside the transaction after each table is written (progress, tests)."""
    if as_of is not None:
        frames = with_history(frames, as_of)
    counts = {}
    with contextlib.ExitStack() as stack:
        side = stack.enter_context(restricted.begin()) if restricted is not None else None
        if side is not None:
            ensure_schema(side, ("restricted",))
        with engine.begin() as conn:
            drop_views(conn)
            # DuckDB drops and recreates every table it replaces: probing their columns first was wasted
            rebuilt = frozenset(k for k in frames if "history_of" not in metadata.tables[k].info
                                ) if conn.dialect.name == "duckdb" else frozenset()
            ensure_schema(conn, SCHEMAS if side is None else WAREHOUSE_ONLY, rebuilt)
            if side is not None:
                conn.execute(sa.schema.DropSchema("restricted", cascade=True, if_exists=True))
            for key, frame in frames.items():
                t = metadata.tables[key]
                counts[key] = _replace(side if side is not None and t.schema == "restricted" else conn, t, frame, as_of)
                loaded(key)
            create_views(conn)
    if engine.dialect.name == "duckdb":
        with engine.connect() as conn:
            conn.exec_driver_sql("CHECKPOINT")
        _owner_only(engine.url)
    return counts
