"""Log in as the BI role: it reads marts and quality, nothing else, and writes nowhere."""

import subprocess
import sys

import psycopg
import pytest
import sqlalchemy as sa

from pipelines.runner import run_pipeline
from warehouse.bi_views import VIEWS

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs


@pytest.fixture(scope="module")
def granted_url(small_landing, new_pg_database):
    pg_url = new_pg_database()
    directory, manifest = small_landing
    assert run_pipeline(directory, pg_url, manifest.as_of.isoformat()).success
    cli = subprocess.run([sys.executable, "-m", "pipelines.cli", "warehouse", "grant-bi", "--warehouse", pg_url],
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "petitions_bi: SELECT on marts, quality" in cli.stdout
    return pg_url


@pytest.fixture
def granted(granted_url) -> str:
    return sa.make_url(granted_url).database


def login(role: str, database: str) -> psycopg.Connection:
    return psycopg.connect(f"postgresql://{role}@127.0.0.1:5432/{database}", autocommit=True)


def test_bi_role_reads_marts_and_quality(granted):
    with login("petitions_bi", granted) as conn:
        assert conn.execute("select count(*) from marts.fact_visit").fetchone()[0] > 0
        assert conn.execute("select count(*) from quality.file_lineage").fetchone()[0] > 0


@pytest.mark.parametrize(
    "statement",
    [
        "select * from restricted.petitioner_contacts",
        "select * from staging.stg_case_records",
        "insert into marts.rpt_reception (reception_mode) values ('x')",
        "delete from quality.rejected_rows",
        "update marts.fact_visit set persons = 0",
        "create table marts.mine (x int)",
        "create table public.mine (x int)",
        "drop table marts.fact_visit",
    ],
)
def test_bi_role_cannot_read_personal_data_nor_write(granted, statement):
    with login("petitions_bi", granted) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_operator_reads_restricted_but_cannot_write_it(granted):
    with login("petitions_operator", granted) as conn:
        assert conn.execute("select count(*) from restricted.petitioner_contacts").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("delete from restricted.petitioner_contacts")


def test_grants_survive_the_next_run(granted, granted_url, small_landing):
    directory, manifest = small_landing
    assert run_pipeline(directory, granted_url, manifest.as_of.isoformat()).success
    with login("petitions_bi", granted) as conn:
        assert conn.execute("select count(*) from marts.rpt_trend").fetchone()[0] == 8


def test_grant_bi_on_duckdb_explains_the_snapshot(tmp_path):
    cli = subprocess.run([sys.executable, "-m", "pipelines.cli", "warehouse", "grant-bi", "--warehouse",
                          f"duckdb:///{tmp_path}/w.duckdb"], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 2 and "snapshot" in cli.stderr and "Traceback" not in cli.stderr


def test_a_bi_tool_finds_chinese_views_and_runs_the_dashboard_queries(granted):
    """What Superset or Metabase do on connecting: list schemas, tables and columns, then query."""
    engine = sa.create_engine(f"postgresql+psycopg://petitions_bi@127.0.0.1:5432/{granted}")
    try:
        inspector = sa.inspect(engine)
        assert {"marts", "quality", "bi"} <= set(inspector.get_schema_names())
        views = set(inspector.get_view_names(schema="bi"))
        assert set(VIEWS) <= views and len(VIEWS) == 12  # six views and their 历史 twins
        columns = [c["name"] for c in inspector.get_columns("来访趋势", schema="bi")]
        assert columns[:4] == ["统计截止日期", "统计年度", "去向", "访别"] and "批次增减%" in columns
        assert inspector.get_table_comment("rpt_trend", schema="marts")["text"].startswith("粒度")
        with engine.connect() as conn:
            rows = conn.execute(sa.text('select "去向", "访别", "本期批次" from bi."来访趋势" order by "去向排序", "访别排序"')).all()
            assert rows and rows[0][0] == "赴京" and rows[0][1] == "集访"
            kpi = conn.execute(sa.text('select "县区", "及时受理率%" from bi."办理指标" order by "县区排序"')).all()
            assert kpi[0][0] == "龙亭区"
    finally:
        engine.dispose()


def test_bi_role_cannot_make_temp_tables_nor_see_restricted_in_information_schema(granted):
    with login("petitions_bi", granted) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("create temp table scratch (a int)")
        listed = conn.execute("select count(*) from information_schema.tables where table_schema = 'restricted'").fetchone()
        assert listed[0] == 0
