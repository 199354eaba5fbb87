"""Schema restricted in a database of its own: the BI role cannot connect to it, so PostgreSQL's
catalog shows it no table or column name of the personal data; the operator reads the same rows a
single-database run keeps."""

import subprocess
import sys

import psycopg
import pytest

from pipelines.runner import run_pipeline

pytestmark = pytest.mark.slow

PERSONAL_COLUMNS = ("petitioner_name", "id_number", "phone")


@pytest.fixture(scope="module")
def split(small_landing, new_pg_database):
    warehouse, restricted = new_pg_database(), new_pg_database()
    directory, manifest = small_landing
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PETITIONS_RESTRICTED_WAREHOUSE", restricted)
        assert run_pipeline(directory, warehouse, manifest.as_of.isoformat()).success
    cli = subprocess.run([sys.executable, "-m", "pipelines.cli", "warehouse", "grant-bi", "--warehouse", warehouse,
                          "--restricted-warehouse", restricted], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "note:" not in cli.stdout  # the catalog warning is for a shared database only
    return warehouse.rsplit("/", 1)[1], restricted.rsplit("/", 1)[1]


def login(role: str, database: str) -> psycopg.Connection:
    return psycopg.connect(f"postgresql://{role}@127.0.0.1:5432/{database}", autocommit=True)


def test_the_bi_role_sees_no_name_of_the_personal_data_in_the_catalog(split):
    warehouse, _ = split
    with login("petitions_bi", warehouse) as conn:
        assert conn.execute("select count(*) from marts.fact_visit").fetchone()[0] > 0
        schemas = {r[0] for r in conn.execute("select nspname from pg_namespace")}
        tables = {r[0] for r in conn.execute("select relname from pg_class")}
        columns = {r[0] for r in conn.execute("select attname from pg_attribute")}
    assert "restricted" not in schemas
    assert not {"petitioner_contacts", "rejected_row_values"} & tables
    assert not set(PERSONAL_COLUMNS) & columns


def test_the_bi_role_cannot_connect_to_the_restricted_database(split):
    _, restricted = split
    with pytest.raises(psycopg.OperationalError, match="permission denied|CONNECT"):
        login("petitions_bi", restricted)


def test_the_operator_reads_there_what_a_single_database_run_keeps(split, small_landing, new_pg_database):
    warehouse, restricted = split
    single = new_pg_database()
    directory, manifest = small_landing
    assert run_pipeline(directory, single, manifest.as_of.isoformat()).success
    query = "select count(*), count(distinct case_id), count(id_number) from restricted.petitioner_contacts"
    with login("petitions_operator", restricted) as conn:
        split_rows = conn.execute(query).fetchone()
        cells = conn.execute("select count(*) from restricted.rejected_row_values").fetchone()[0]
    with psycopg.connect(single.replace("+psycopg", ""), autocommit=True) as conn:
        assert conn.execute(query).fetchone() == split_rows and split_rows[0] > 0
        assert conn.execute("select count(*) from restricted.rejected_row_values").fetchone()[0] == cells > 0


def test_a_rerun_keeps_both_databases_in_step(split, small_landing):
    """The second run replaces the rows on both sides (no double count) and leaves no restricted
    schema behind in the warehouse."""
    warehouse, restricted = split
    directory, manifest = small_landing
    with login("petitions_operator", restricted) as conn:
        before = conn.execute("select count(*) from restricted.petitioner_contacts").fetchone()[0]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PETITIONS_RESTRICTED_WAREHOUSE", f"postgresql+psycopg://postgres@127.0.0.1:5432/{restricted}")
        assert run_pipeline(directory, f"postgresql+psycopg://postgres@127.0.0.1:5432/{warehouse}",
                            manifest.as_of.isoformat()).success
    with login("petitions_operator", restricted) as conn:
        assert conn.execute("select count(*) from restricted.petitioner_contacts").fetchone()[0] == before
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{warehouse}", autocommit=True) as conn:
        assert conn.execute("select count(*) from pg_namespace where nspname = 'restricted'").fetchone()[0] == 0
