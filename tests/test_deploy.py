"""Local multiprocess execution, and the distributed (Celery + PostgreSQL) configuration."""

import importlib.util
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import sqlalchemy as sa

from petitions.runtime.partitions import range_tags
from petitions.runtime.resources import AS_OF_TAG
from pipelines.definitions import petitions_job_definition
from warehouse.schema import metadata

ROOT = Path(__file__).resolve().parents[1]


def _env(monkeypatch, directory: Path, tmp_path: Path, warehouse: Path) -> None:
    for name, value in {"PETITIONS_LANDING": directory, "PETITIONS_WAREHOUSE": f"duckdb:///{warehouse}",
                        "PETITIONS_STEPS_DIR": tmp_path / "steps", "PETITIONS_READ_CACHE": tmp_path / "cache",
                        "PETITIONS_REPORT_DIR": tmp_path / "reports"}.items():
        monkeypatch.setenv(name, str(value))


def _instance(tmp_path: Path) -> dg.DagsterInstance:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(home))


def test_multiprocess_executor_runs_steps_in_separate_processes(small_landing, tmp_path, monkeypatch):
    directory, manifest = small_landing
    _env(monkeypatch, directory, tmp_path, tmp_path / "wh.duckdb")
    keys = [dg.AssetKey(["staging", "landing_inventory"]), dg.AssetKey(["staging", "stg_validated_rows"]),
            dg.AssetKey(["staging", "stg_file_outcomes"])]
    with _instance(tmp_path) as instance:
        result = dg.execute_job(dg.reconstructable(petitions_job_definition), instance=instance, asset_selection=keys,
                                tags={AS_OF_TAG: manifest.as_of.isoformat(), "dagster/partition": "2024-01-01"},
                                run_config={"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}})
        assert result.success
        starts = [e for e in result.all_events if e.event_type_value == "STEP_START"]
        assert len(starts) == 2 and len({e.pid for e in starts}) == 2  # two steps, two processes


@pytest.mark.slow
def test_the_dagster_job_and_the_cli_build_identical_warehouses(small_landing, tmp_path, monkeypatch):
    """One graph, one way to run it: the multiprocess job as dagster dev runs it, and `petitions run`."""
    from pipelines.runner import run_pipeline

    directory, manifest = small_landing
    _env(monkeypatch, directory, tmp_path, tmp_path / "dagster.duckdb")
    months = sorted({p.name.split("_")[1] for p in directory.iterdir() if p.name[:6].isdigit() and "-13" not in p.name})
    tags = {AS_OF_TAG: manifest.as_of.isoformat(), **range_tags(f"{months[0]}-01", f"{months[-1]}-01")}
    with _instance(tmp_path) as instance:
        assert dg.execute_job(dg.reconstructable(petitions_job_definition), instance=instance, tags=tags).success
    outcome = run_pipeline(directory, f"duckdb:///{tmp_path / 'cli.duckdb'}", manifest.as_of.isoformat(),
                           report_dir=str(tmp_path / "cli-reports"))
    assert outcome.success, outcome.failures
    tables = [t for t in metadata.sorted_tables if t.schema != "restricted"]
    for path in ("dagster.duckdb", "cli.duckdb"):
        con = duckdb.connect(str(tmp_path / path), read_only=True)
        rows = {t.fullname: sorted(map(repr, con.execute(f"select * from {t.fullname}").fetchall())) for t in tables}
        con.close()
        if path == "dagster.duckdb":
            first = rows
    assert rows == first and len(rows["marts.fact_visit"]) == len(manifest.visits)


def load_celery_definitions() -> dg.Definitions:
    spec = importlib.util.spec_from_file_location("celery_definitions", ROOT / "deploy" / "celery" / "definitions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.defs()


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
