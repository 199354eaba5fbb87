"""The hostile corpus through `petitions run`: every entry in lineage, every row accounted for,
no personal value outside `restricted`, and one bad file never stops the other counties."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hostile_corpus import PEOPLE, Case, build_landing, cases

from petitions.ingest.filenames import display_name

pytestmark = pytest.mark.slow
AS_OF = "2015-08-31"
CASES = cases()


def personal_values() -> set[str]:
    return {v for person in PEOPLE for v in person}


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    landing = root / "landing"
    build_landing(landing)
    home, tmp = root / "dagster_home", root / "tmp"
    home.mkdir()
    tmp.mkdir()
    url = f"duckdb:///{root / 'wh.duckdb'}"
    result = cli("run", "--landing", str(landing), "--warehouse", url, "--as-of", AS_OF, "--log-level", "DEBUG",
                 env={"DAGSTER_HOME": str(home), "PETITIONS_REPORT_DIR": str(root / "reports"), "TMPDIR": str(tmp)})
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    lineage = {r[0]: r[1:] for r in con.execute(
        "select source_file, status, reason, rows_read, rows_accepted, rows_rejected, rows_duplicate "
        "from quality.file_lineage").fetchall()}
    yield {"root": root, "landing": landing, "home": home, "result": result, "con": con, "lineage": lineage}
    con.close()


def test_the_run_succeeds_despite_every_hostile_entry(hostile_run):
    result = hostile_run["result"]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "warehouse" in result.stdout and "replaced by this run" in result.stdout


def test_every_landing_entry_is_one_lineage_row(hostile_run):
    entries = {display_name(os.fsdecode(n)) for n in os.listdir(os.fsencode(hostile_run["landing"]))}
    assert set(hostile_run["lineage"]) == entries
    count = hostile_run["con"].execute("select count(*), count(distinct source_file) from quality.file_lineage").fetchone()
    assert count == (len(entries), len(entries))


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_each_hostile_entry_gets_its_status_reason_and_rows(hostile_run, case: Case):
    row = hostile_run["lineage"].get(display_name(case.entry))
    assert row is not None, f"{case.entry!r} missing from quality.file_lineage"
    status, reason, rows_read, accepted, rejected, duplicate = row
    assert status == case.status, reason
    if case.status == "rejected":
        assert reason and case.reason in reason and display_name(case.entry) in reason
        assert not {v for v in personal_values() if v in reason}
    if case.status == "used":
        assert rows_read == case.rows_read
        assert rows_read == accepted + rejected + duplicate


def test_rejected_files_table_lists_every_rejected_entry(hostile_run):
    rejected = {n for n, r in hostile_run["lineage"].items() if r[0] == "rejected"}
    listed = {r[0] for r in hostile_run["con"].execute("select source_file from quality.rejected_files").fetchall()}
    assert listed == rejected and len(rejected) >= 30


def test_header_precedence_takes_the_canonical_columns(hostile_run):
    con = hostile_run["con"]
    by_key = {c.key: c.entry for c in CASES}
    persons = con.execute("select distinct persons from staging.stg_case_records where source_file = ?",
                          [by_key["synonym_persons_before_real_one"]]).fetchall()
    assert persons == [(2,)]
    ids = con.execute("select case_id from staging.stg_case_records where source_file = ?",
                      [by_key["serial_number_column_beside_case_id"]]).fetchall()
    assert ids and all(i[0].startswith("H") for i in ids)


def test_invisible_characters_do_not_make_a_second_case(hostile_run):
    ids = {r[0] for r in hostile_run["con"].execute("select case_id from marts.fact_visit").fetchall()}
    assert {"NUL001", "ZW001"} <= ids
    assert not [i for i in ids if "\x00" in i or "\u200b" in i]


def test_optional_enumerations_outside_the_reference_are_listed_not_published(hostile_run):
    con = hostile_run["con"]
    modes = {r[0] for r in con.execute("select distinct reception_mode from marts.fact_visit").fetchall()}
    assert modes <= {"日常接待", "领导接访", "联合接访", None}
    assert {r[0] for r in con.execute("select reception_mode from marts.rpt_reception").fetchall()} == {"日常接待", "领导接访", "联合接访"}
    columns = {r[0] for r in con.execute("select distinct \"column\" from quality.invalid_values").fetchall()}
    assert columns == {"接待方式 (reception_mode)", "办理方式 (handling)", "是否延期 (extended)"}


def test_rows_beyond_the_row_contract_are_quarantined_with_a_reason(hostile_run):
    reasons = {f: r for f, r in hostile_run["con"].execute("select source_file, reason from quality.rejected_rows").fetchall()}
    by_key = {c.key: c.entry for c in CASES}
    assert "from 1 to 10000" in reasons[by_key["persons_fifty_thousand"]]
    assert "more than 5 years before" in reasons[by_key["visit_in_1900"]]
    assert "is after the file's month" in reasons[by_key["visit_after_file_month"]]
    assert "访别 (visit_kind)" in reasons[by_key["row_shifted_by_one_cell"]]
    values = hostile_run["con"].execute("select count(*) from restricted.rejected_row_values").fetchone()[0]
    assert values >= len(reasons) * 5


def test_a_backslash_n_cell_stays_text(hostile_run):
    names = {r[0] for r in hostile_run["con"].execute("select petitioner_name from restricted.petitioner_contacts").fetchall()}
    assert "\\N" in names


def test_no_personal_value_outside_restricted(hostile_run):
    con, secrets = hostile_run["con"], personal_values()
    for schema, table in con.execute("select schema_name, table_name from duckdb_tables() "
                                     "where schema_name not in ('restricted')").fetchall():
        cells = {str(v) for row in con.execute(f'select * from "{schema}"."{table}"').fetchall() for v in row}
        assert not {s for s in secrets if any(s in c for c in cells)}, f"{schema}.{table}"
    kept = {str(v) for row in con.execute("select * from restricted.petitioner_contacts").fetchall() for v in row}
    assert len(secrets & kept) > 10  # the scan finds personal data where it belongs


def test_no_personal_value_in_output_logs_or_dagster_storage(hostile_run):
    result, secrets = hostile_run["result"], personal_values()
    assert not {s for s in secrets if s in result.stdout or s in result.stderr}
    encoded = {s.encode("utf-8") for s in secrets}
    for path in Path(hostile_run["home"]).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not {s for s in encoded if s in data}, path


def test_snapshot_holds_bi_schemas_only_and_no_personal_value(hostile_run):
    snap = hostile_run["root"] / "wh.snapshot.duckdb"
    con = duckdb.connect(str(snap), read_only=True)
    try:
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts", "quality"}
    finally:
        con.close()
    assert oct(snap.stat().st_mode & 0o777) == "0o644"
    assert oct((hostile_run["root"] / "wh.duckdb").stat().st_mode & 0o777) == "0o600"


def test_no_step_folder_is_left_behind(hostile_run):
    assert not list((hostile_run["root"] / "tmp").glob("petitions-steps-*"))


def test_postgresql_keeps_nul_and_backslash_n_cells_apart_from_null(hostile_run, pg_url):
    root = hostile_run["root"]
    result = cli("run", "--landing", str(hostile_run["landing"]), "--warehouse", pg_url, "--as-of", AS_OF,
                 env={"PETITIONS_REPORT_DIR": str(root / "reports-pg"), "TMPDIR": str(root / "tmp")})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            names = {r[0] for r in conn.execute(sa.text("select petitioner_name from restricted.petitioner_contacts"))}
            lineage = {r[0]: tuple(r[1:]) for r in conn.execute(sa.text(
                "select source_file, status, reason, rows_read, rows_accepted, rows_rejected, rows_duplicate "
                "from quality.file_lineage"))}
    finally:
        engine.dispose()
    assert "\\N" in names and None not in names
    assert lineage == hostile_run["lineage"]
