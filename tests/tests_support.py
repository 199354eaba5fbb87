"""Small builders shared by tests."""

import io

import polars as pl
import xlsxwriter

from petitions.ingest.cleaning import clean_grids
from petitions.ingest.errors import UnreadableFile
from petitions.ingest.readers import parse_grid
from petitions.reference import Reference


def read_rows(data: bytes, ext: str, kind: str, ref: Reference) -> pl.DataFrame:
    """One file through the pipeline's reading (parse, then clean): ``row_number`` plus one string
    column per field of ``kind`` (null where the file lacks it); raises what the pipeline records."""
    rows = clean_grids([parse_grid(data, ext, kind, ref)])[0]
    if isinstance(rows, UnreadableFile):
        raise rows
    missing = sorted(set(ref.header_lookup[kind].values()) - set(rows.columns))
    return rows.with_columns(pl.lit(None, pl.String).alias(f) for f in missing)


def xlsx_of(rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


FACT_DEFAULTS = {"county_code": "410204", "level": "来市", "visit_kind": "个人访", "persons": 1, "category": "其他",
                 "reception_mode": "日常接待", "leader": None, "accepted_date": None, "closed_date": None,
                 "extended": False, "petitioner_key": None}


def facts(rows: list[dict]) -> pl.DataFrame:
    """Visit facts as the warehouse holds them (``marts.fact_visit`` columns the report reads)."""
    full = [FACT_DEFAULTS | {"case_id": f"C{i:04d}"} | r for i, r in enumerate(rows)]
    return pl.DataFrame(full, schema={
        "case_id": pl.String, "county_code": pl.String, "visit_date": pl.Date, "level": pl.String, "visit_kind": pl.String,
        "persons": pl.Int64, "category": pl.String, "reception_mode": pl.String, "leader": pl.String,
        "accepted_date": pl.Date, "closed_date": pl.Date, "extended": pl.Boolean, "petitioner_key": pl.String})


def required_tool(*names: str, why: str, install: str) -> str:
    """A program a test renders with: skipped on a developer machine without it, a failure in CI."""
    import os
    import shutil

    import pytest

    found = next((shutil.which(n) for n in names if shutil.which(n)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {names[0]} (.ci/run does): {why}")
        pytest.skip(f"{names[0]} is not installed (apt-get install {install})")
    return found


def query(warehouse: str, sql: str) -> list[tuple]:
    """Rows of ``sql`` on a DuckDB file (a path or a ``duckdb:///`` URL), opened read-only and closed."""
    import duckdb

    con = duckdb.connect(warehouse.split("///", 1)[-1], read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
