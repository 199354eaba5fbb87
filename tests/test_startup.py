"""Everything that can be known to be wrong before a run is one line on stderr and exit 2, with the
warehouse untouched: configuration, reference tables, the as-of date, privileges, the report folder."""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from petitions.reference import DEFAULT_DIR
from pipelines.startup import STEPS_PREFIX, StartupError, check_as_of, remove_stale_step_folders

GOOD = "登记编号,来访日期,信访人,访别,人数,去向,问题类别\nXF1,2017-05-03,张三,个人访,1,来市,其他\n"


@pytest.fixture
def run(tmp_path: Path, petitions_cli):
    """``petitions run`` on a one-file landing directory, with extra environment."""
    def call(*extra: str, env: dict[str, str] | None = None, as_of: str = "2017-05-31"):
        landing = tmp_path / "landing"
        landing.mkdir(exist_ok=True)
        (landing / "410204_2017-05_register.csv").write_text(GOOD, encoding="utf-8")
        return petitions_cli("run", "--landing", landing, "--warehouse", f"duckdb:///{tmp_path}/wh.duckdb", "--as-of",
                             as_of, *extra, env={"PETITIONS_REPORT_DIR": str(tmp_path / "reports"), **(env or {})})
    return call


def reference_copy(tmp_path: Path, name: str, text: str) -> dict[str, str]:
    city = tmp_path / "city"
    shutil.copytree(DEFAULT_DIR, city)
    (city / name).write_text(text, encoding="utf-8")
    return {"PETITIONS_REFERENCE_DIR": str(city)}


@pytest.mark.parametrize(("env", "message"), [
    ({"PETITIONS_HMAC_SECRET": ""}, "PETITIONS_HMAC_SECRET is set but empty"),
    ({"PETITIONS_HMAC_SECRET": "  "}, "PETITIONS_HMAC_SECRET is set but empty"),
    ({"PETITIONS_HANDLING_PERIOD": "abc"}, "PETITIONS_HANDLING_PERIOD='abc' must be a number of days or months"),
    ({"PETITIONS_EXTENDED_HANDLING_PERIOD": "0mo"}, "PETITIONS_EXTENDED_HANDLING_PERIOD='0mo'"),
    ({"PETITIONS_ENTRY_DEADLINE_DAYS": "-3"}, "PETITIONS_ENTRY_DEADLINE_DAYS=-3 must be from 0 to 366"),
    ({"PETITIONS_ENTRY_DEADLINE_DAYS": "fifteen"}, "is not a whole number"),
    ({"PETITIONS_MAX_PERSONS": "0"}, "PETITIONS_MAX_PERSONS=0"),
    ({"PETITIONS_AS_OF": "yesterday"}, "PETITIONS_AS_OF 'yesterday' is not a date"),
    ({"PETITIONS_FIRST_MONTH": "2010/01"}, "PETITIONS_FIRST_MONTH '2010/01' is not a date"),
    ({"PETITIONS_SUBMISSION_DAY": "31"}, "PETITIONS_SUBMISSION_DAY=31 must be from 1 to 28"),
])
def test_configuration_errors_are_one_line_and_exit_2(run, tmp_path, env, message):
    result = run(env=env)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "wh.duckdb").exists()


@pytest.mark.parametrize(("name", "text", "message"), [
    ("counties.csv", "county_code,county_name\n410204,鼓楼区\n410204,又一个\n", "line 3: county code 410204 appears twice"),
    ("counties.csv", "code,name\n410204,鼓楼区\n", "header lacks column(s) county_code, county_name"),
    ("counties.csv", "county_code,county_name\n41020X,鼓楼区\n", "county code must be 6 digits"),
    ("categories.csv", "category,aliases\n城乡建设,\n城乡建设,城建\n", "category 城乡建设 appears twice"),
    ("enumerations.csv", "field,canonical,synonyms\nvisit_kind,集体访,\n", "has no values for level"),
    ("enumerations.csv", "field,canonical,synonyms\nvisit_kind,集体访,\nvisit_kind,个人访,\nlevel,到省,\nlevel,赴京,\n"
     "level,来市,\nlevel,到县,\nreception_mode,日常接待,\nreception_mode,领导接访,\nreception_mode,联合接访,\n"
     "handling,交办,\nextended,是,\n", "level must be 赴京、到省、来市、到县 in that order"),
    ("headers.csv", "kind,field,headers,required\nregister,case_id,登记编号,yes\n", "must require"),
    ("headers.csv", "kind,field,headers,required\nletter,case_id,登记编号,yes\n", "line 2: kind must be register or system"),
])
def test_broken_reference_tables_are_one_line_and_exit_2(run, tmp_path, name, text, message):
    result = run(env=reference_copy(tmp_path, name, text))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("as_of", "message"), [
    ("9999-12-31", "is after today"),
    ("2017-04-30", "before the first month of data in the landing directory (2017-05)"),
])
def test_an_as_of_outside_the_data_and_calendar_is_refused(run, tmp_path, as_of, message):
    result = run(as_of=as_of)
    assert result.returncode == 2 and message in result.stderr


def test_an_as_of_after_the_last_month_of_data_is_legitimate():
    check_as_of(date(2018, 3, 31), [date(2017, 5, 1)], today=date(2026, 1, 1))
    with pytest.raises(StartupError):
        check_as_of(date(2026, 1, 2), [date(2017, 5, 1)], today=date(2026, 1, 1))


def test_a_report_folder_that_cannot_be_written_stops_the_run_before_it_starts(run, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the report folder should be")
    result = run(env={"PETITIONS_REPORT_DIR": str(blocker)})
    assert result.returncode == 2 and "report folder" in result.stderr and "not writable" in result.stderr
    assert not (tmp_path / "wh.duckdb").exists() or "replaced" not in result.stdout


def test_a_postgresql_role_without_create_privilege_is_refused_before_the_run(tmp_path, new_pg_database):
    import psycopg

    url = new_pg_database()
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}", autocommit=True) as admin:
        admin.execute("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'petitions_noddl') "
                      "THEN CREATE ROLE petitions_noddl LOGIN; END IF; END$$")
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "410204_2017-05_register.csv").write_text(GOOD, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--landing", str(landing), "--warehouse",
                             f"postgresql+psycopg://petitions_noddl@127.0.0.1:5432/{database}", "--as-of", "2017-05-31"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PETITIONS_REPORT_DIR": str(tmp_path / "reports")})
    assert result.returncode == 2 and "not writable by this user" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_secret_a_random_key_file_is_made_once_and_kept_private(tmp_path, monkeypatch):
    from petitions.runtime.secrets import hmac_secret

    monkeypatch.delenv("PETITIONS_HMAC_SECRET", raising=False)
    monkeypatch.setenv("PETITIONS_HMAC_KEY_FILE", str(tmp_path / "keys" / "petitioner.key"))
    first = hmac_secret()
    assert len(first) == 64 and hmac_secret() == first
    assert oct((tmp_path / "keys" / "petitioner.key").stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("PETITIONS_HMAC_KEY_FILE", str(tmp_path / "other.key"))
    assert hmac_secret() != first  # no key is built into the code


def test_step_folders_of_killed_runs_are_removed_by_the_next_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{STEPS_PREFIX}{dead.stdout.strip()}-abc"
    live = tmp_path / f"{STEPS_PREFIX}{os.getpid()}-xyz"
    for folder in (stale, live):
        (folder / "staging").mkdir(parents=True)
        (folder / "staging" / "raw.arrow").write_bytes(b"raw rows")
    assert remove_stale_step_folders(str(tmp_path)) == [stale]
    assert not stale.exists() and live.exists()


def test_a_reader_holding_the_warehouse_file_is_told_to_use_the_snapshot(tmp_path):
    import duckdb

    from warehouse.io import WarehouseUnavailable, connect

    duckdb.connect(str(tmp_path / "wh.duckdb")).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"c = duckdb.connect({str(tmp_path / 'wh.duckdb')!r}, read_only=True); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(WarehouseUnavailable, match="snapshot"):
            connect(f"duckdb:///{tmp_path / 'wh.duckdb'}")
    finally:
        holder.kill()


@pytest.mark.parametrize(("name", "text", "message"), [
    ("events.csv", "event,first_day,last_day\n十九大,2017-10-28,2017-10-15\n", "line 2: period 十九大 ends before it starts"),
    ("events.csv", "event,first_day,last_day\nA,2017-05-10,2017-05-20\nB,2017-05-20,2017-05-25\n", "period B overlaps A"),
    ("events.csv", "event,first_day,last_day\nA,2017-05-10,someday\n", "line 2: first_day and last_day must be dates"),
    ("leaders.csv", "leader,aliases\n", "names no leader"),
    ("leaders.csv", "leader,aliases\n侯书记,\n侯书记,\n", "leader 侯书记 appears twice"),
])
def test_broken_summary_reference_tables_are_one_line_and_exit_2(run, tmp_path, name, text, message):
    result = run(env=reference_copy(tmp_path, name, text))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_large_group_threshold_below_5_is_refused(run):
    result = run(env={"PETITIONS_LARGE_GROUP_MIN": "4"})
    assert result.returncode == 2 and "PETITIONS_LARGE_GROUP_MIN=4 must be from 5" in result.stderr
