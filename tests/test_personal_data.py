"""Names, ID numbers and phone numbers never reach staging, marts, quality, logs or Dagster metadata."""

import logging

import dagster as dg
import duckdb
import pytest

from pipelines.runner import run_pipeline
from warehouse.schema import metadata


def personal_values(manifest) -> set[str]:
    people = {c.person for c in manifest.visits.values()}
    return {p.name for p in people} | {p.phone for p in people} | {p.id_number for p in people if p.id_number}


def text_cells(url: str, schemas: tuple[str, ...]) -> dict[str, set[str]]:
    con = duckdb.connect(url.split("///", 1)[1], read_only=True)
    try:
        return {key: {str(v) for row in con.execute(f"select * from {key}").fetchall() for v in row}
                for key, t in metadata.tables.items() if t.schema in schemas}
    finally:
        con.close()


def test_no_personal_data_outside_restricted(small_run):
    url, manifest, _ = small_run
    secrets = personal_values(manifest)
    for key, cells in text_cells(url, ("staging", "marts", "quality")).items():
        assert not secrets & cells, key
    restricted = text_cells(url, ("restricted",))["restricted.petitioner_contacts"]
    assert len(secrets & restricted) > len(manifest.visits) // 2  # the scan does find personal data where it is


@pytest.fixture(scope="module")
def logged_run(small_landing, tmp_path_factory):
    directory, manifest = small_landing
    instance = dg.DagsterInstance.ephemeral()
    url = f"duckdb:///{tmp_path_factory.mktemp('pii') / 'wh.duckdb'}"
    handler, root = _Capture(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    progress = logging.getLogger("petitions.progress")  # the CLI stops it propagating when it runs in-process
    progress.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        outcome = run_pipeline(directory, url, manifest.as_of.isoformat(), log_level="DEBUG", instance=instance)
    finally:
        root.removeHandler(handler)
        progress.removeHandler(handler)
        root.setLevel(level)
    assert outcome.success, outcome.failures
    return manifest, instance, outcome, handler.lines


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_dagster_event_log_and_metadata_hold_no_personal_data(logged_run):
    manifest, instance, outcome, _ = logged_run
    events = instance.all_logs(outcome.run_id)
    assert len(events) > 50
    text = "\n".join(repr(e) for e in events)
    assert "registered_cases_are_entered_in_system" in text and "preview" in text
    leaked = {v for v in personal_values(manifest) if v in text}
    assert not leaked


def test_python_logs_hold_no_personal_data(logged_run):
    manifest, _, _, lines = logged_run
    text = "\n".join(lines)
    assert "county files" in text
    assert not {v for v in personal_values(manifest) if v in text}


def test_a_run_reports_progress_through_to_the_release(logged_run):
    """Reads, each validated month, every finished step: counts and names only (checked above for leaks)."""
    manifest, _, outcome, lines = logged_run
    months = list(dict.fromkeys(line for line in lines if line.startswith("validated ")))  # run log and stderr
    assert months and all(" rows, " in m and " rejected (" in m for m in months)
    assert months[-1].endswith(f"({len(months)}/{len(months)} months)")
    done = {line.removeprefix("done ") for line in lines if line.startswith("done ")}
    assert {"landing_reads", "marts/fact_visit", "warehouse_release", "rpt_annual_summary"} <= done
