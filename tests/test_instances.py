"""The Dagster instance: SQLite under DAGSTER_HOME for the demo, PostgreSQL for shared deployments."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from assets.landing import landing_inventory
from petitions.runtime.resources import build_resources

ROOT = Path(__file__).resolve().parents[1]


def materialise_inventory(instance: dg.DagsterInstance, landing: Path, tmp_path: Path) -> str:
    result = dg.materialize([landing_inventory], instance=instance,
                            resources=build_resources(landing=str(landing), steps_dir=str(tmp_path / "steps")))
    assert result.success
    return result.run_id


def test_demo_instance_keeps_runs_in_sqlite_under_dagster_home(small_landing, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run_id = materialise_inventory(instance, small_landing[0], tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as reopened:
        assert [r.run_id for r in reopened.get_runs()] == [run_id]
    assert list(home.glob("**/*.db"))


@pytest.mark.slow
def test_shared_instance_keeps_runs_in_postgres(small_landing, tmp_path, pg_url, monkeypatch):
    url = sa.make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    monkeypatch.setenv("DAGSTER_PG_URL", url)
    home = tmp_path / "home"  # the deployment's file, in a folder of the test: nothing is left in the repository
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "postgres" / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run_id = materialise_inventory(instance, small_landing[0], tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as reopened:
        assert [r.run_id for r in reopened.get_runs()] == [run_id]
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from runs")).scalar_one() == 1
    engine.dispose()


@pytest.mark.parametrize("config", ["dagster.yaml", "deploy/postgres/dagster.yaml"])
def test_instance_files_hold_instance_settings_only(config):
    import yaml

    settings = yaml.safe_load((ROOT / config).read_text())
    assert set(settings) <= {"storage", "telemetry", "concurrency", "run_launcher", "run_coordinator",
                             "compute_logs", "local_artifact_storage", "retention"}
