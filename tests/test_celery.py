"""The Celery deployment with real workers: two `celery worker` processes on the machine's RabbitMQ
run every step of the job; the PostgreSQL warehouse they build equals a single-process run's."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from petitions.runtime.partitions import range_tags
from petitions.runtime.resources import AS_OF_TAG
from warehouse.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "celery"
BROKER = "pyamqp://guest:guest@127.0.0.1:5672//"
WORKERS = ("petitions-w1", "petitions-w2")
# dagster_celery registers its step task again for every step it submits (same callable, same name)
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Task name 'execute_plan' is already registered")]


@pytest.fixture
def celery_env(small_landing, tmp_path, monkeypatch, new_pg_database):
    directory, _ = small_landing
    env = {"PETITIONS_LANDING": directory, "PETITIONS_WAREHOUSE": new_pg_database(),
           "PETITIONS_STEPS_DIR": tmp_path / "shared" / "steps", "PETITIONS_READ_CACHE": tmp_path / "shared" / "cache",
           "PETITIONS_REPORT_DIR": tmp_path / "reports", "DAGSTER_CELERY_BROKER_URL": BROKER,
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(DEPLOY)])}
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.syspath_prepend(str(DEPLOY))
    return env


@pytest.fixture
def workers(celery_env, tmp_path):
    """Two worker processes (solo pool: the step runs in the worker process itself)."""
    from celery import Celery
    from kombu import Queue

    app = Celery("probe", broker=BROKER)  # not dagster_celery's app: its tasks would be registered twice
    app.conf.task_queues = [Queue("dagster", routing_key="dagster.#", queue_arguments={"x-max-priority": 10})]
    app.control.purge()  # steps left by an interrupted run would run first
    procs = [subprocess.Popen([sys.executable, "-m", "celery", "-A", "dagster_celery.app", "worker", "-P", "solo",
                               "-n", f"{name}@%h", "-Q", "dagster", "--without-gossip", "--without-mingle", "-l", "INFO"],
                              cwd=ROOT, stdout=open(tmp_path / f"{name}.log", "wb"), stderr=subprocess.STDOUT)
             for name in WORKERS]
    try:
        deadline, answered = time.monotonic() + 90, set()
        while answered != set(WORKERS) and time.monotonic() < deadline:
            answered |= {next(iter(r)).split("@")[0] for r in app.control.ping(timeout=1.0)} & set(WORKERS)
        assert answered == set(WORKERS), f"workers did not come up: {[(tmp_path / f'{w}.log').read_text()[-800:] for w in WORKERS]}"
        yield procs
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def _tables(url: str) -> dict[str, list[str]]:
    engine = sa.create_engine(url)
    with engine.connect() as con:
        found = {t.fullname: sorted(map(repr, con.execute(sa.select(t)).all()))
                 for t in metadata.sorted_tables if t.schema != "restricted"}
    engine.dispose()
    return found


def test_celery_workers_run_every_step_and_build_the_same_warehouse(small_landing, celery_env, workers, tmp_path,
                                                                    new_pg_database):
    from pipelines.runner import run_pipeline

    directory, manifest = small_landing
    months = sorted({p.name.split("_")[1] for p in directory.iterdir() if p.name[:6].isdigit() and "-13" not in p.name})
    tags = {AS_OF_TAG: manifest.as_of.isoformat(), **range_tags(f"{months[0]}-01", f"{months[-1]}-01")}
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    job = dg.build_reconstructable_job("definitions", "petitions_celery_job", reconstructor_working_directory=str(DEPLOY))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = dg.execute_job(job, instance=instance, tags=tags)
        assert result.success, [e.message for e in result.all_events if e.is_failure][:3]
        starts = [e for e in result.all_events if e.event_type_value == "STEP_START"]
        delegated = [e for e in result.all_events if e.event_type_value == "ENGINE_EVENT"
                     and "in celery worker" in (e.message or "")]
    hosts = {e.event_specific_data.metadata["Celery worker"].value.split("@")[0] for e in delegated}
    assert hosts == set(WORKERS)  # both workers took steps
    assert len(starts) >= 30
    assert os.getpid() not in {e.pid for e in starts}
    assert {e.pid for e in starts} <= {p.pid for p in workers}

    single = new_pg_database()
    outcome = run_pipeline(directory, single, manifest.as_of.isoformat(), report_dir=str(tmp_path / "single"))
    assert outcome.success, outcome.failures
    celery_tables, single_tables = _tables(celery_env["PETITIONS_WAREHOUSE"]), _tables(single)
    assert celery_tables == single_tables
    assert len(celery_tables["marts.fact_visit"]) == len(manifest.visits)
