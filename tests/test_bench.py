"""The benchmark scripts still run (tiny sizes): numbers are for people, not for pass/fail."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(("script", "args", "expect"), [
    ("bench_scale.py", ["--visits", "3000"], '"run/floor"'),
    ("bench_ingest.py", ["--cases", "2", "3", "--months", "2"], "read (every form"),
    ("bench_publish.py", ["--rows", "2000"], "PostgreSQL: COPY of polars CSV"),
])
def test_benchmark_runs(script, args, expect):
    run = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert expect in run.stdout


def test_the_scale_benchmark_times_reading_from_the_run_progress_lines():
    import json
    run = subprocess.run([sys.executable, str(BENCH / "bench_scale.py"), "--visits", "2000", "--naive-max-visits", "0"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    row = json.loads(run.stdout.splitlines()[-1])
    assert 0 < row["read_validate_s"] < row["run_s"] and row["read_validate/floor"] > 0
