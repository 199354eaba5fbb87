"""Scale benchmark: `petitions run`, the floor and a naive peer on the same landing, measured in turn in
one invocation; wall time and peak RSS of each (a process of its own), and the ratios.

    uv run python bench/bench_scale.py --visits 100000 1000000 [--counties 10]

The floor is the least work on the same files: polars reads every CSV (GBK decoded) and fastexcel every
XLSX, concatenates them and creates one DuckDB table from Arrow. The naive peer is what a user would
write: pandas reads every file, a GX 1.x ephemeral validation of 5 expectations, one groupby, a DuckDB load.
Ratios, not pass/fail: the machine is shared and noisy.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import io, sys, duckdb, fastexcel, polars as pl
from pathlib import Path
frames = []
for p in sorted(Path(sys.argv[1]).iterdir()):
    if p.suffix == ".xlsx":
        frames.append(fastexcel.read_excel(p.read_bytes()).load_sheet(0, dtypes="string").to_polars())
    else:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        frames.append(pl.read_csv(io.StringIO(text), infer_schema=False))
df = pl.concat(frames, how="diagonal_relaxed")
con = duckdb.connect(sys.argv[2]); con.register("df", df.to_arrow()); con.execute("create table t as select * from df")
"""
NAIVE = """
import sys, duckdb, fastexcel, pandas as pd, great_expectations as gx
from pathlib import Path
frames = []
for p in sorted(Path(sys.argv[1]).iterdir()):
    if p.suffix == ".xlsx":
        frames.append(fastexcel.read_excel(p.read_bytes()).load_sheet(0, dtypes="string").to_pandas())  # no openpyxl here
    else:
        try:
            frames.append(pd.read_csv(p, dtype=str, encoding="utf-8"))
        except UnicodeDecodeError:
            frames.append(pd.read_csv(p, dtype=str, encoding="gb18030"))
df = pd.concat(frames, ignore_index=True)
df["人数"] = pd.to_numeric(df["人数"], errors="coerce")
ctx = gx.get_context(mode="ephemeral")
batch = ctx.data_sources.add_pandas("p").add_dataframe_asset("a").add_batch_definition_whole_dataframe("b")
suite = gx.ExpectationSuite(name="s")
for c in ("登记编号", "来访日期", "去向"):
    suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column=c))
suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(column="去向", value_set=["赴京", "到省", "来市", "到县"]))
suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(column="人数", min_value=1, max_value=10000))
batch.get_batch(batch_parameters={"dataframe": df}).validate(suite)
agg = df.groupby(["去向", "访别"]).size().reset_index()
con = duckdb.connect(sys.argv[2]); con.register("df", df); con.execute("create table t as select * from df")
"""
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
print(code, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
PROGRESS_LINE = re.compile(r"… +([\d.]+) s  done (\S+)")


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (GiB) and stderr of ``command`` in a process of its own."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env)
    code, seconds, rss_kib = out.stdout.split()[-3:]
    if code != "0":
        raise SystemExit(f"{command[:4]} failed: {out.stderr[-1500:]}")
    return float(seconds), int(rss_kib) / 1024 / 1024, out.stderr


def reading_seconds(progress: str) -> float | None:
    """The step that reads and validates the landing, from the run's progress lines: from the
    inventory's end to its own."""
    done = {step: float(at) for at, step in PROGRESS_LINE.findall(progress)}
    if {"landing_reads", "staging/landing_inventory"} <= done.keys():
        return round(done["landing_reads"] - done["staging/landing_inventory"], 1)
    return None


def dagster_path(tmp: str, env: dict[str, str]) -> dict[str, float]:
    """The sensor → partition path on the same landing (it adds one resubmitted file: measured last)."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("dagster_path.py")), f"{tmp}/landing",
                          tmp, "2024-12-31"], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"dagster path failed: {out.stderr[-1500:]}")
    return json.loads(out.stdout.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--visits", type=int, nargs="+", default=[100_000])
    ap.add_argument("--counties", type=int, default=10)
    ap.add_argument("--dagster-path", action="store_true",
                    help="also time the sensor's full run, a no-change tick and a one-month partition run")
    ap.add_argument("--naive-max-visits", type=int, default=2_000_000,
                    help="skip the naive peer above this many visits: pandas holds every cell as a Python "
                         "string and would need more memory than the machine has at 10 M")
    ap.add_argument("--max-ratio", type=float,
                    help="exit 1 when run/floor exceeds this (a regression guard, not the goal)")
    a = ap.parse_args()
    from petitions.demo.scale import write_landing, write_reference

    results = []
    for visits in a.visits:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "PETITIONS_REPORT_DIR": f"{tmp}/reports", "PETITIONS_HMAC_SECRET": "bench"}
            if a.counties > 10:
                env["PETITIONS_REFERENCE_DIR"] = str(write_reference(Path(tmp, "reference"), a.counties))
            started = time.perf_counter()
            files = write_landing(Path(tmp, "landing"), visits, a.counties)
            generated = time.perf_counter() - started
            start_up, *_ = measure([sys.executable, "-m", "pipelines.cli", "--help"], env)
            run = measure([sys.executable, "-m", "pipelines.cli", "run", "--landing", f"{tmp}/landing", "--warehouse",
                           f"duckdb:///{tmp}/wh.duckdb", "--as-of", "2024-12-31"], env)
            floor = measure([sys.executable, "-c", FLOOR, f"{tmp}/landing", f"{tmp}/floor.duckdb"], env)
            naive = (measure([sys.executable, "-c", NAIVE, f"{tmp}/landing", f"{tmp}/naive.duckdb"], env)
                     if visits <= a.naive_max_visits else (None, None, ""))
            path = dagster_path(tmp, env) if a.dagster_path else {}
        reading = reading_seconds(run[2])
        row = {"visits": visits, "counties": a.counties, "files": files, "generated_s": round(generated, 1),
               "startup_s": round(start_up, 1), "run_s": round(run[0], 1), "run_gib": round(run[1], 2),
               "floor_s": round(floor[0], 1), "floor_gib": round(floor[1], 2), "naive_s": naive[0] and round(naive[0], 1),
               "naive_gib": naive[1] and round(naive[1], 2), "run/floor": round(run[0] / floor[0], 1),
               "(run-startup)/floor": round((run[0] - start_up) / floor[0], 1), "rss run/floor": round(run[1] / floor[1], 1),
               "naive/run": naive[0] and round(naive[0] / run[0], 2),
               # the floor is reading plus one DuckDB table: reading and validating near it shows the per-file cost
               "read_validate_s": reading, "read_validate/floor": reading and round(reading / floor[0], 2), **path}
        results.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    worst = max(r["run/floor"] for r in results)
    if a.max_ratio is not None and worst > a.max_ratio:
        raise SystemExit(f"run/floor {worst} exceeds the guard {a.max_ratio}")


if __name__ == "__main__":
    main()
