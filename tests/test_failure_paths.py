"""How a run ends when something fails after it started: the message says exactly what state the
warehouse and snapshot are in, temporary files are gone, and nothing personal is printed."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from conftest import SMALL

from petitions.demo.generator import generate_landing

pytestmark = pytest.mark.slow


def personal_values(manifest) -> set[str]:
    people = {c.person for c in manifest.visits.values()}
    return {p.name for p in people} | {p.phone for p in people} | {p.id_number for p in people if p.id_number}


def start(landing, root, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(root / "tmp"), "PETITIONS_REPORT_DIR": str(root / "reports")}
    (root / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--landing", str(landing), "--warehouse",
                             f"duckdb:///{root / 'wh.duckdb'}", *extra], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def tables(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
                for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()


@pytest.fixture
def small(tmp_path):
    landing = tmp_path / "landing"
    return landing, generate_landing(landing, seed=11, **SMALL)


def test_a_failed_snapshot_says_the_warehouse_was_replaced_and_leaves_no_temporary_file(small, tmp_path):
    landing, manifest = small
    blocker = tmp_path / "wh.snapshot.duckdb"
    blocker.mkdir()
    (blocker / "keep").write_text("a folder where the snapshot should go")
    proc = start(landing, tmp_path, "--as-of", manifest.as_of.isoformat())
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    assert "replaced by this run" in out and "wh.snapshot.duckdb: not changed" in out
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert tables(tmp_path / "wh.duckdb")["marts.fact_visit"] == len(manifest.visits)
    assert not {v for v in personal_values(manifest) if v in out + err}


def test_sigterm_mid_run_leaves_the_previous_warehouse_and_no_step_folder(small, tmp_path):
    landing, manifest = small
    first = start(landing, tmp_path, "--as-of", manifest.as_of.isoformat())
    assert first.wait(timeout=300) == 0
    before = tables(tmp_path / "wh.duckdb")
    proc = start(landing, tmp_path, "--as-of", manifest.as_of.isoformat(), "--log-level", "INFO")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((tmp_path / "tmp").glob("petitions-steps-*/staging")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert not list((tmp_path / "tmp").glob("petitions-steps-*"))
    assert tables(tmp_path / "wh.duckdb") == before
    assert not {v for v in personal_values(manifest) if v in out + err}
