"""The same pipeline into the real PostgreSQL server gives the same tables as DuckDB."""

import uuid

import psycopg
import pytest
import sqlalchemy as sa

from pipelines.runner import run_pipeline
from warehouse.schema import metadata

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_url():
    name = f"petitions_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is required for this test: {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


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
