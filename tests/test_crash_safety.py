"""SIGKILL of the writer in the middle of a publish leaves the previous tables, on both backends."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

from warehouse.io import connect, publish

WRITER = textwrap.dedent("""
    import sys, polars as pl
    from warehouse.io import connect, publish
    rows = int(sys.argv[2])
    frame = pl.DataFrame({"source_file": [f"f{i}.csv" for i in range(rows)], "reason": ["new"] * rows})
    print("publishing", flush=True)
    publish(connect(sys.argv[1]), {"quality.rejected_files": frame})
    print("done", flush=True)
""")


def reasons(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as conn:
        found = dict(conn.execute(sa.text("select reason, count(*) from quality.rejected_files group by reason")).all())
    engine.dispose()
    return found


@pytest.mark.parametrize(("backend", "rows"), [("duckdb", 12_000_000), ("postgresql", 8_000_000)])
def test_killed_publish_keeps_the_old_tables(backend, rows, tmp_path, new_pg_database):
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}" if backend == "duckdb" else new_pg_database()
    import polars as pl

    engine = connect(url)
    publish(engine, {"quality.rejected_files": pl.DataFrame({"source_file": ["old.csv"] * 3, "reason": ["old"] * 3})})
    engine.dispose()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url, str(rows)], stdout=subprocess.PIPE, text=True,
                              cwd=os.getcwd())
    assert writer.stdout.readline().strip() == "publishing"
    time.sleep(0.8)  # inside the transaction: the frame is being loaded
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL, "the writer finished before it could be killed; raise the row count"
    assert reasons(url) == {"old": 3}
