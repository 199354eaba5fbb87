"""The fact grain (county_code × case_id): a blocking check before the release, a primary key in PostgreSQL."""

from datetime import date

import duckdb_engine
import polars as pl
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from checks.structural import one_row_per_case_result
from pipelines.runner import run_pipeline
from tests.tests_support import query
from warehouse.schema import fact_visit


def visits(*keys: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame({"county_code": [c for c, _ in keys], "case_id": [i for _, i in keys],
                         "visit_date": [date(2024, 1, 1)] * len(keys)})


@pytest.mark.parametrize("keys, passed, repeated", [
    ([("410202", "A"), ("410203", "A"), ("410202", "B")], True, []),  # one case id in two counties is two visits
    ([("410202", "A"), ("410202", "B"), ("410202", "A")], False, ["410202 A"]),
    ([("410203", "B"), ("410202", "A"), ("410203", "B"), ("410202", "A"), ("410202", "A")], False,
     ["410202 A", "410203 B"]),
])
def test_one_row_per_case(keys, passed, repeated):
    result = one_row_per_case_result(visits(*keys))
    assert result.passed is passed
    assert result.metadata["first_repeated"].value == repeated
    assert result.metadata["repeated_cases"].value == len(repeated)


def test_the_primary_key_is_created_in_postgresql_and_left_to_the_check_in_duckdb():
    create = sa.schema.CreateTable(fact_visit)
    assert "PRIMARY KEY (county_code, case_id)" in str(create.compile(dialect=postgresql.dialect()))
    duck = str(create.compile(dialect=duckdb_engine.Dialect()))
    assert "PRIMARY KEY" not in duck and "case_id VARCHAR NOT NULL" in duck


@pytest.mark.slow  # a whole run (~7 s)
def test_repeated_facts_hold_back_the_marts_and_the_release(small_landing, tmp_path, monkeypatch):
    import assets.marts as marts

    real = marts.fact_visits
    monkeypatch.setattr(marts, "fact_visits", lambda records, secret: pl.concat([
        real(records, secret), real(records, secret).head(2)]))
    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    outcome = run_pipeline(directory, url, manifest.as_of.isoformat(), report_dir=str(tmp_path / "reports"))
    assert not outcome.success
    assert any("fact_visit_has_one_row_per_case" in f for f in outcome.failures)
    assert "marts/fact_visit" in outcome.materialized
    assert not {"marts/rpt_trend", "quality/unentered_cases", "warehouse_release"} & outcome.materialized
    assert not (tmp_path / "wh.duckdb").exists() or query(
        url, "select count(*) from information_schema.tables where table_schema = 'marts'") == [(0,)]
