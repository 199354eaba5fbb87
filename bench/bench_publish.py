"""Warehouse load benchmark: our transactional publish against the bare loads it wraps.

    uv run python bench/bench_publish.py [--rows 500000]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth). Prints ratios measured side by side.
"""

import argparse
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import psycopg
import sqlalchemy as sa

from warehouse.io import connect, copy_csv, publish
from warehouse.schema import fact_visit

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def facts(rows: int) -> pl.DataFrame:
    return pl.DataFrame({
        "case_id": [f"XF{i:012d}" for i in range(rows)],
        "county_code": ["410204"] * rows,
        "visit_date": [date(2024, 1, 1) + timedelta(days=i % 365) for i in range(rows)],
        "level": ["来市"] * rows, "visit_kind": ["个人访"] * rows, "persons": [i % 4 + 1 for i in range(rows)],
        "category": ["城乡建设"] * rows, "reception_mode": ["日常接待"] * rows, "leader": [None] * rows, "handling": [None] * rows,
        "accepted_date": [None] * rows, "closed_date": [None] * rows, "extended": [False] * rows,
        "petitioner_key": [None] * rows, "in_register": [True] * rows, "in_system": [True] * rows,
        "entry_date": [date(2024, 1, 2)] * rows, "entry_lag_days": [1] * rows,
    }, schema_overrides={"leader": pl.String, "handling": pl.String, "accepted_date": pl.Date, "closed_date": pl.Date,
                         "petitioner_key": pl.String})


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500_000)
    frame = facts(ap.parse_args().rows)
    with tempfile.TemporaryDirectory() as tmp:
        ours_duck = timed(lambda: publish(connect(f"duckdb:///{Path(tmp, 'wh.duckdb')}"), {"marts.fact_visit": frame}))
        con = duckdb.connect(str(Path(tmp, "bare.duckdb")))
        arrow = frame.to_arrow()
        con.register("frame", arrow)
        bare_duck = timed(lambda: (con.execute("create table t as select * from frame"), con.execute("checkpoint")))
        con.close()
    name = f"petitions_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        engine = connect(url)
        publish(engine, {"marts.fact_visit": frame.head(10)})  # schema once, outside the timing
        ours_pg = timed(lambda: publish(engine, {"marts.fact_visit": frame}))
        rows = frame.rows()
        with engine.begin() as conn:
            conn.exec_driver_sql("create table public.by_csv (like marts.fact_visit including all)")
            conn.exec_driver_sql("create table public.by_row (like marts.fact_visit including all)")
            target = sa.Table("by_csv", sa.MetaData(), *[sa.Column(c.name) for c in fact_visit.columns], schema="public")
            csv_pg = timed(lambda: copy_csv(conn, target, frame))
            cursor = conn.connection.driver_connection.cursor()

            def row_copy():
                with cursor.copy("COPY public.by_row FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            bare_pg = timed(row_copy)
        engine.dispose()
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(f"{frame.height} fact rows")
    print(f"DuckDB: transactional publish / bare CREATE TABLE AS + CHECKPOINT: {ours_duck / bare_duck:.1f}×")
    print(f"PostgreSQL: COPY of polars CSV / psycopg row-by-row COPY, same table: {csv_pg / bare_pg:.2f}×")
    print(f"PostgreSQL: whole transactional publish / its COPY:                  {ours_pg / csv_pg:.1f}×")
    print(f"seconds: duckdb {ours_duck:.2f} vs {bare_duck:.2f}; postgres publish {ours_pg:.2f}, "
          f"csv copy {csv_pg:.2f}, row copy {bare_pg:.2f}")


if __name__ == "__main__":
    main()
