import os
import tempfile
import warnings
from datetime import date
from pathlib import Path

import pytest

from demo.generator import Manifest, generate_landing
from reference import Reference, load_reference

os.environ.setdefault("PETITIONS_HMAC_SECRET", "test-secret")
os.environ.setdefault("PETITIONS_REPORT_DIR", tempfile.mkdtemp(prefix="petitions-reports-"))
warnings.filterwarnings("ignore", category=DeprecationWarning)

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
