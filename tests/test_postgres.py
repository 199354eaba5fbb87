"""The same pipeline into the real PostgreSQL server gives the same tables as DuckDB."""

import pytest
import sqlalchemy as sa

from pipelines.runner import run_pipeline
from warehouse.schema import metadata

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs


def tables(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {key: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr)
                    for key, t in metadata.tables.items()}
    finally:
        engine.dispose()


def test_postgres_and_duckdb_hold_the_same_tables(small_run, small_landing, pg_url):
    duck_url, manifest, _ = small_run
    directory, _ = small_landing
    outcome = run_pipeline(directory, pg_url, manifest.as_of.isoformat())
    assert outcome.success, outcome.failures
    pg, duck = tables(pg_url), tables(duck_url)
    for key in metadata.tables:
        assert pg[key] == duck[key], key
    assert len(pg["marts.fact_visit"]) == len(manifest.visits)


def test_bi_tables_carry_chinese_comments_on_both_backends(small_run, small_landing, pg_url):
    duck_url, manifest, _ = small_run
    directory, _ = small_landing
    assert run_pipeline(directory, pg_url, manifest.as_of.isoformat()).success
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            pg = conn.execute(sa.text(
                "select col_description('marts.rpt_trend'::regclass, 5), obj_description('marts.rpt_trend'::regclass)"
            )).one()
    finally:
        engine.dispose()
    import duckdb

    con = duckdb.connect(duck_url.split("///", 1)[1], read_only=True)
    duck = con.execute("select comment from duckdb_columns() where schema_name = 'marts' "
                       "and table_name = 'rpt_trend' and column_name = 'batches'").fetchone()
    con.close()
    assert pg[0] == duck[0] == "本期批次"
    assert pg[1].startswith("粒度 grain:")
