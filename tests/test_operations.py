"""Partitions, the landing sensor, schedules and the multiprocess executor on real Dagster instances."""

import shutil
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from petitions.demo.generator import generate_landing
from petitions.runtime.resources import AS_OF_TAG, LandingZone, build_resources
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS, build_definitions

pytestmark = pytest.mark.slow  # integration: real servers, subprocesses or several full runs

COUNTIES = ["410202", "410204"]

defs = build_definitions()


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ops")
    manifest = generate_landing(folder / "landing", seed=11, counties=COUNTIES, first_month=date(2023, 1, 1),
                                months=24, cases_per_month=(3, 5))
    return folder, manifest


def materialise(folder: Path, instance: dg.DagsterInstance, tags: dict[str, str]) -> dg.ExecuteInProcessResult:
    resources = build_resources(landing=str(folder / "landing"), warehouse_url=f"duckdb:///{folder / 'wh.duckdb'}",
                                steps_dir=str(folder / "steps"), report_dir=str(folder / "reports"),
                                cache_dir=str(folder / "cache"))
    return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, instance=instance, tags=tags)


def outcome_metadata(result: dg.ExecuteInProcessResult) -> list[dict]:
    return [{k: v.value for k, v in m.metadata.items()} for m in result.asset_materializations_for_node("landing_reads")
            if m.asset_key == dg.AssetKey(["staging", "stg_file_outcomes"])]


def sensor_tick(landing: Path, instance: dg.DagsterInstance, cursor: str | None):
    sensor = defs.resolve_sensor_def("landing_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, repository_def=defs.get_repository_def(),
                                      resources={"landing": LandingZone(path=str(landing), cache_dir=None)})
    return sensor.evaluate_tick(context)


def test_backfill_sensor_and_incremental_resubmission(two_years):
    folder, manifest = two_years
    instance = dg.DagsterInstance.ephemeral()
    landing = folder / "landing"

    first = sensor_tick(landing, instance, None)
    assert len(first.run_requests) == 1
    tags = first.run_requests[0].tags
    assert (tags["dagster/asset_partition_range_start"], tags["dagster/asset_partition_range_end"]) == (
        "2023-01-01", "2024-12-01")

    full = materialise(folder, instance, {**tags, AS_OF_TAG: manifest.as_of.isoformat()})
    assert full.success and len(instance.get_runs()) == 1  # 24 months, one run
    meta = outcome_metadata(full)  # one materialisation per month partition, from that single run
    assert len(meta) == 24 and meta[0]["months"] == 24 and meta[0]["files_parsed"] == meta[0]["files_used"]

    assert sensor_tick(landing, instance, first.cursor).run_requests == []

    months_dir = folder / "steps" / "staging" / "stg_validated_rows"
    before = {p.name: p.read_bytes() for p in months_dir.glob("*.arrow")}
    original = next(p for p in sorted(landing.glob("410204_*_register.csv")))
    month = original.name.split("_")[1] + "-01"
    corrected = landing / original.name.replace("_register.csv", "_register_v7.csv")
    corrected.write_bytes(original.read_bytes() + b"\n")  # same rows, new content hash

    tick = sensor_tick(landing, instance, first.cursor)
    assert [r.partition_key for r in tick.run_requests] == [month]
    assert corrected.name in tick.run_requests[0].tags["petitions/changed_files"]

    rerun = materialise(folder, instance, {"dagster/partition": month, AS_OF_TAG: manifest.as_of.isoformat()})
    assert rerun.success
    meta = outcome_metadata(rerun)[0]
    assert meta["files_parsed"] == 1 and meta["parsed"] == [corrected.name] and meta["months"] == 1
    after = {p.name: p.read_bytes() for p in months_dir.glob("*.arrow")}
    assert {k for k in before if before[k] != after[k]} == {f"{month}.arrow"}  # source_file changed there only
    con = duckdb.connect(str(folder / "wh.duckdb"), read_only=True)
    status = dict(con.execute("select source_file, status from quality.file_lineage").fetchall())
    con.close()
    assert status[corrected.name] == "used" and status[original.name] == "superseded"


def test_monthly_schedule_reports_on_the_previous_month():
    schedule = defs.resolve_schedule_def("monthly_report_schedule")
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 1, 6, 6, 0),
                                       repository_def=defs.get_repository_def())
    request = schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2024-12-01" and request.tags[AS_OF_TAG] == "2024-12-31"


def test_deadline_check_names_the_county_without_files(two_years, tmp_path):
    folder, _ = two_years
    landing = tmp_path / "landing"
    shutil.copytree(folder / "landing", landing)
    schedule = defs.resolve_schedule_def("submission_deadline_schedule")

    def tick():
        context = dg.build_schedule_context(scheduled_execution_time=datetime(2024, 12, 5, 9, 0),
                                           resources={"landing": LandingZone(path=str(landing))},
                                           repository_def=defs.get_repository_def())
        return schedule.evaluate_tick(context)

    for path in landing.glob("410204_2024-11_*"):
        path.unlink()
    request = tick().run_requests[0]
    missing = request.tags["petitions/missing_submissions"].split(",")
    assert "410204:register" in missing and "410204:system" in missing
    assert "410202:register" not in missing and "410290:register" in missing  # not generated at all
    assert request.partition_key == "2024-11-01" and request.tags[AS_OF_TAG] == "2024-11-30"
