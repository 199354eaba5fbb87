import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
import pytest

from petitions.demo.generator import Manifest, generate_landing
from petitions.reference import Reference, load_reference

os.environ.setdefault("PETITIONS_HMAC_SECRET", "test-secret")
os.environ.setdefault("PETITIONS_REPORT_DIR", tempfile.mkdtemp(prefix="petitions-reports-"))

SMALL = {"counties": ["410202", "410204", "410212"], "first_month": date(2023, 11, 1), "months": 4}


@pytest.fixture(scope="session")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> tuple[Path, Manifest]:
    directory = tmp_path_factory.mktemp("landing")
    return directory, generate_landing(directory, seed=7, **SMALL)


@pytest.fixture(scope="session")
def small_run(small_landing, tmp_path_factory):
    """One pipeline run over the small generated landing directory, shared by read-only tests."""
    from pipelines.runner import run_pipeline

    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path_factory.mktemp('wh') / 'warehouse.duckdb'}"
    reports = tmp_path_factory.mktemp("reports")
    outcome = run_pipeline(directory, url, manifest.as_of.isoformat(), report_dir=str(reports))
    assert outcome.success, outcome.failures
    return url, manifest, outcome


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def petitions_cli(monkeypatch, capsys):
    """``petitions …`` called in-process, as a user runs it, with its exit code and output (no process start-up)."""
    from pipelines.cli import main

    def call(*args: str, env: dict[str, str] | None = None) -> CliResult:
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)
    return call


SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def new_pg_database():
    """Create fresh databases on the real server; all are dropped at the end of the session."""
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is required for this test: {exc}")
    created: list[str] = []

    def create() -> str:
        name = f"petitions_test_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

    yield create
    for name in created:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def pg_url(new_pg_database) -> str:
    return new_pg_database()
