"""Log in as the BI role: it reads marts and quality, nothing else, and writes nowhere."""

import subprocess
import sys

import psycopg
import pytest
import sqlalchemy as sa

from pipelines.runner import run_pipeline

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
