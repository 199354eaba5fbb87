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


def test_a_duckdb_1x_client_opens_the_snapshot_and_sees_bi_schemas_only(small_run, tmp_path):
    """BI drivers bundle DuckDB 1.x (apache-superset[duckdb] pins duckdb<2): the snapshot is written in
    a storage format they read. The check runs in an isolated environment with that client."""
    import os
    import shutil
    import subprocess

    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` names itself in $UV
    assert uv, "uv is needed to build the isolated DuckDB 1.x environment"
    url, manifest, _ = small_run
    script = ("import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
              "print(duckdb.__version__); print(con.execute('select count(*) from marts.fact_visit').fetchone()[0]); "
              "print(','.join(sorted({r[0] for r in con.execute('select schema_name from duckdb_tables()').fetchall()}))); "
              "print(*con.execute('select (select count(*) from bi.\"来访趋势\"), (select count(*) from marts.rpt_trend_current)').fetchone())")
    run = subprocess.run([uv, "run", "--isolated", "--no-project", "--with", "duckdb<2",
                          "python", "-c", script, str(snapshot_path(url))], capture_output=True, text=True, timeout=600,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    version, visits, schemas, trend, current = run.stdout.split()
    assert version.startswith("1.") and int(visits) == len(manifest.visits) and schemas == "marts,quality"
    assert int(trend) == int(current) == 8  # the views bind in the old client too: 4 levels × 2 kinds
