"""The annual summary (contract §10, §10b, §11) from the warehouse alone: summary.md, a self-contained
summary.html with charts, and summary.docx for the bureau's own Word template."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from petitions.reference import Reference, load_reference
from petitions.report.compose import ReportOptions, compose, markdown
from petitions.report.docx import write_docx
from petitions.report.html import render_html
from warehouse.io import connect
from warehouse.schema import county_scorecard, fact_visit, late_entries, unentered_cases

S, D = pl.String, pl.Date
# types stated, not inferred: a column that is all NULL (no leader at all) arrives untyped from PostgreSQL
FACT_TYPES = {"case_id": S, "county_code": S, "visit_date": D, "level": S, "visit_kind": S, "persons": pl.Int64,
              "category": S, "reception_mode": S, "leader": S, "accepted_date": D, "closed_date": D,
              "extended": pl.Boolean, "petitioner_key": S}


class EmptyWarehouse(RuntimeError):
    """The warehouse holds no published run yet."""


def _frame(conn: sa.Connection, query: sa.Select) -> pl.DataFrame:
    """Through Arrow where the driver offers it (measured 7× faster than Python rows on 800 k facts)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        return pl.read_database(query, conn, infer_schema_length=None)


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_report(warehouse_url: str, as_of: date, out_dir: str | Path, ref: Reference | None = None,
                 options: ReportOptions | None = None) -> list[Path]:
    ref, options = ref or load_reference(), options or ReportOptions()
    engine = connect(warehouse_url, must_exist=True, read_only=True)
    try:
        with engine.connect() as conn:
            facts = _frame(conn, sa.select(*[fact_visit.c[c] for c in FACT_TYPES])).cast(FACT_TYPES)
            card = _frame(conn, sa.select(county_scorecard)).cast({"county_code": S, "month": D})
            unentered = _frame(conn, sa.select(unentered_cases.c.county_code)).cast({"county_code": S})
            late = _frame(conn, sa.select(late_entries.c.county_code)).cast({"county_code": S})
    except sa.exc.DBAPIError as exc:
        raise EmptyWarehouse(f"warehouse {sa.make_url(warehouse_url).render_as_string(hide_password=True)} has no "
                             "published tables yet: run `petitions run` first") from exc
    finally:
        engine.dispose()
    summary = compose(facts, unentered, late, as_of, ref, options)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "summary.md", out / "summary.html", out / "summary.docx"]
    _write(paths[0], markdown(summary))
    _write(paths[1], render_html(summary, facts, card, ref))
    write_docx(summary, paths[2])
    return paths
