"""BI tools read a snapshot of the DuckDB warehouse that a running pipeline never disturbs."""

import duckdb
import pytest

from pipelines.runner import run_pipeline
from warehouse.snapshot import snapshot_path

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs


def as_of_in(con) -> str:
    return str(con.execute("select distinct as_of from marts.rpt_trend").fetchone()[0])


def test_reader_keeps_a_consistent_snapshot_while_a_run_completes(small_landing, tmp_path):
    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    assert run_pipeline(directory, url, "2024-01-31").success
    snapshot = snapshot_path(url)
    assert snapshot == tmp_path / "wh.snapshot.duckdb" and snapshot.exists()
    reader = duckdb.connect(str(snapshot), read_only=True)
    visits_before = reader.execute("select count(*) from marts.fact_visit").fetchone()
    assert as_of_in(reader) == "2024-01-31"
    assert run_pipeline(directory, url, manifest.as_of.isoformat()).success
    assert as_of_in(reader) == "2024-01-31"  # the open snapshot did not change under the reader
    assert reader.execute("select count(*) from marts.fact_visit").fetchone() == visits_before
    reader.close()
    fresh = duckdb.connect(str(snapshot), read_only=True)
    assert as_of_in(fresh) == manifest.as_of.isoformat()
    fresh.close()


def test_server_warehouses_have_no_snapshot():
    assert snapshot_path("postgresql+psycopg://u@h/db") is None
    assert snapshot_path("duckdb:///:memory:") is None
