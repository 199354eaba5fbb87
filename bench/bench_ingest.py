"""Ingest benchmark: each stage of the pipeline against the floor measured side by side in one run.

    uv run python bench/bench_ingest.py [--cases 300 500] [--months 12]

Prints ratios (ours / floor), not pass/fail: the machine is shared and noisy.
"""

import argparse
import io
import tempfile
import time
from datetime import date
from pathlib import Path

import fastexcel
import polars as pl

from checks.expectations import validate_case_records
from petitions.demo.generator import generate_landing
from petitions.ingest.cache import ReadCache
from petitions.ingest.landing import read_submissions, scan_landing
from petitions.reference import load_reference
from petitions.rules.cases import case_records
from petitions.rules.validation import validate_rows
from pipelines.runner import run_pipeline


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def floor_read(directory: Path) -> int:
    """The floor: decode and parse every file as it is, with no header search, mapping or row numbers."""
    rows = 0
    for path in sorted(directory.iterdir()):
        try:
            if path.suffix == ".xlsx":
                rows += fastexcel.read_excel(path.read_bytes()).load_sheet(0, header_row=None).height
            else:
                data = path.read_bytes()
                text = data.decode("utf-8", errors="strict") if data.isascii() else _decode(data)
                rows += pl.read_csv(io.BytesIO(text.encode()), has_header=False, infer_schema=False,
                                    truncate_ragged_lines=True).height
        except Exception:  # corrupt files cost the floor nothing
            pass
    return rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def polars_equivalent(records: pl.DataFrame, ref) -> dict[str, int]:
    """The suites' rules as one polars expression: the floor GX is measured against."""
    return records.select(
        pl.sum_horizontal(pl.col("case_id", "county_code", "visit_date", "persons").null_count()).alias("nulls"),
        (~pl.col("level").is_in(ref.canonical_values("level"))).sum().alias("levels"),
        (~pl.col("category").is_in(ref.categories)).sum().alias("categories"),
        (pl.col("persons") < 1).sum().alias("persons"),
        pl.struct("kind", "county_code", "case_id").is_duplicated().sum().alias("duplicates"),
    ).row(0, named=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, nargs=2, default=(300, 500))
    ap.add_argument("--months", type=int, default=12)
    a = ap.parse_args()
    ref = load_reference()
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp, "landing")
        manifest, t_gen = timed(lambda: generate_landing(landing, seed=1, first_month=date(2024, 1, 1),
                                                         months=a.months, cases_per_month=tuple(a.cases)))
        inventory, t_scan = timed(lambda: scan_landing(landing, ref))
        candidates = inventory.filter(pl.col("name_error").is_null())
        (raw, _), t_read = timed(lambda: read_submissions(landing, candidates, ReadCache(None, ref)))
        _, t_floor = timed(lambda: floor_read(landing))
        validated, t_valid = timed(lambda: validate_rows(raw.lazy(), ref).collect())
        records = case_records(validated.lazy().filter(pl.col("reject_reason").is_null())).collect()
        validate_case_records(records.head(10), ref)  # GX import and context set-up, paid once per process
        _, t_gx = timed(lambda: validate_case_records(records, ref))
        _, t_rules = timed(lambda: polars_equivalent(records, ref))
        url = f"duckdb:///{Path(tmp, 'wh.duckdb')}"
        outcome, t_run = timed(lambda: run_pipeline(landing, url, manifest.as_of.isoformat()))
    files, rows = inventory.height, raw.height
    print(f"{files} files, {rows} rows, {len(manifest.visits)} visits (generated in {t_gen:.1f}s)")
    print(f"read (every form, header search, row numbers) / polars floor on the same files: {t_read / t_floor:.1f}×")
    print(f"validation / read:                               {t_valid / t_read:.2f}×")
    print(f"whole Dagster run / (scan + read + validate):    {t_run / (t_scan + t_read + t_valid):.1f}×")
    print(f"GX suites on {records.height} staged records / same rules in polars: {t_gx / t_rules:.0f}× "
          f"({t_gx:.2f}s vs {t_rules:.3f}s)")
    print(f"run succeeded: {outcome.success}; seconds: read {t_read:.2f}, floor {t_floor:.2f}, "
          f"validate {t_valid:.2f}, run {t_run:.2f}")


if __name__ == "__main__":
    main()
