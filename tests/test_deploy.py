"""Local multiprocess execution, and the distributed (Celery + PostgreSQL) configuration."""

import importlib.util
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import sqlalchemy as sa

from petitions.runtime.partitions import range_tags
from petitions.runtime.resources import AS_OF_TAG
from pipelines.definitions import petitions_job_definition

ROOT = Path(__file__).resolve().parents[1]


def test_multiprocess_executor_runs_the_job(small_landing, tmp_path, monkeypatch):
    directory, manifest = small_landing
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "wh.duckdb"
    for name, value in {"PETITIONS_LANDING": directory, "PETITIONS_WAREHOUSE": f"duckdb:///{warehouse}",
                        "PETITIONS_STEPS_DIR": tmp_path / "steps", "PETITIONS_READ_CACHE": tmp_path / "cache",
                        "PETITIONS_REPORT_DIR": tmp_path / "reports"}.items():
        monkeypatch.setenv(name, str(value))
    months = sorted({p.name.split("_")[1] for p in directory.iterdir() if p.name[:6].isdigit() and "-13" not in p.name})
    tags = {AS_OF_TAG: manifest.as_of.isoformat(), **range_tags(f"{months[0]}-01", f"{months[-1]}-01")}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = dg.execute_job(dg.reconstructable(petitions_job_definition), instance=instance, tags=tags,
                                run_config={"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}})
        assert result.success
        starts = [e for e in result.all_events if e.event_type_value == "STEP_START"]
        assert len({e.pid for e in starts}) > 1  # steps really ran in separate processes
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from marts.fact_visit").fetchone()[0] == len(manifest.visits)
    con.close()


def load_celery_definitions() -> dg.Definitions:
    spec = importlib.util.spec_from_file_location("celery_definitions", ROOT / "deploy" / "celery" / "definitions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.defs


def test_celery_code_location_loads_with_the_celery_executor(monkeypatch):
    monkeypatch.setenv("DAGSTER_CELERY_BROKER_URL", "pyamqp://guest@127.0.0.1:5672//")
    defs = load_celery_definitions()
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def("petitions_job")
    assert job.executor_def.name == "celery"
    assert {s.name for s in defs.sensors} == {"landing_sensor"}


def test_celery_instance_config_loads_on_postgres(pg_url, monkeypatch):
    url = sa.make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    monkeypatch.setenv("DAGSTER_PG_URL", url)
    with dg.DagsterInstance.from_config(str(ROOT / "deploy" / "celery")) as instance:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert instance.get_runs() == []
