"""SIGKILL of the writer in the middle of a publish leaves the previous tables, on both backends."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from warehouse.io import connect, publish

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs

WRITER = textwrap.dedent("""
    import sys, time, polars as pl
    from warehouse.io import connect, publish
    rows = int(sys.argv[2])
    frame = pl.DataFrame({"source_file": [f"f{i}.csv" for i in range(rows)], "reason": ["new"] * rows})
    frames = {"quality.rejected_files": frame, "quality.rejected_rows": pl.DataFrame(
        {"source_file": ["x.csv"] * rows, "row_number": list(range(rows)), "case_id": ["A"] * rows,
         "county_code": ["410204"] * rows, "kind": ["register"] * rows, "reason": ["new"] * rows})}
    def loaded(key):  # the first table is written; the transaction is held open until the kill
        print(f"loaded {key}", flush=True)
        time.sleep(120)
    publish(connect(sys.argv[1]), frames, loaded=loaded)
    print("done", flush=True)
""")


def reasons(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as conn:
        found = dict(conn.execute(sa.text("select reason, count(*) from quality.rejected_files group by reason")).all())
    engine.dispose()
    return found


@pytest.mark.parametrize(("backend", "rows"), [("duckdb", 500_000), ("postgresql", 200_000)])
def test_killed_publish_keeps_the_old_tables(backend, rows, tmp_path, new_pg_database):
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}" if backend == "duckdb" else new_pg_database()
    import polars as pl

    engine = connect(url)
    publish(engine, {"quality.rejected_files": pl.DataFrame({"source_file": ["old.csv"] * 3, "reason": ["old"] * 3})})
    engine.dispose()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url, str(rows)], stdout=subprocess.PIPE, text=True,
                              cwd=os.getcwd())
    # the first table is written and the transaction still open: the kill lands inside it
    assert writer.stdout.readline().strip() == "loaded quality.rejected_files"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert "done" not in writer.stdout.read()
    assert reasons(url) == {"old": 3}
