"""The Dagster path on one landing, as a deployment runs it: the sensor's first tick and the full run it
requests, a tick with nothing changed, then a resubmitted file for one county-month and the one
partition run the sensor requests for it. Prints one JSON line of wall times (seconds).

    uv run python bench/dagster_path.py LANDING WORKDIR AS_OF

Called by ``bench_scale.py``; the landing folder is changed (one ``_v2`` file is added).
"""

import json
import sys
import time
from pathlib import Path

import dagster as dg

from petitions.runtime.resources import AS_OF_TAG, LandingZone
from pipelines.definitions import build_definitions


def main(landing: Path, work: Path, as_of: str) -> None:
    overrides = {"landing": str(landing), "warehouse_url": f"duckdb:///{work / 'dagster.duckdb'}", "as_of": as_of,
                 "steps_dir": str(work / "steps"), "report_dir": str(work / "reports"), "cache_dir": str(work / "cache")}
    job = dg.build_reconstructable_job("pipelines.runner", "overridden_job", reconstructable_kwargs=overrides)
    defs = build_definitions(**overrides)
    sensor, instance = defs.resolve_sensor_def("landing_sensor"), dg.DagsterInstance.ephemeral()

    def tick(cursor: str | None):
        context = dg.build_sensor_context(instance=instance, cursor=cursor, repository_def=defs.get_repository_def(),
                                          resources={"landing": LandingZone(path=str(landing))})
        started = time.perf_counter()
        result = sensor.evaluate_tick(context)
        return result, time.perf_counter() - started

    def run(tags: dict[str, str]) -> float:
        started = time.perf_counter()
        result = dg.execute_job(job, instance=instance, tags={AS_OF_TAG: as_of, **tags},
                                run_config={"execution": {"config": {"in_process": {}}}})
        if not result.success:
            raise SystemExit(f"run {tags} failed")
        return time.perf_counter() - started

    first, _ = tick(None)
    full = run(first.run_requests[0].tags)
    unchanged, no_change_tick = tick(first.cursor)
    assert not unchanged.run_requests, "a tick with nothing changed requested a run"
    original = sorted(landing.glob("*_register.csv"))[len(list(landing.glob("*_register.csv"))) // 2]
    resubmitted = landing / original.name.replace("_register.csv", "_register_v2.csv")
    resubmitted.write_bytes(original.read_bytes() + b"\n")
    changed, _ = tick(first.cursor)
    [request] = changed.run_requests
    partition = run({"dagster/partition": request.partition_key, **request.tags})
    print(json.dumps({"dagster_full_s": round(full, 1), "no_change_tick_s": round(no_change_tick, 2),
                      "partition_run_s": round(partition, 1), "partition/full": round(partition / full, 2),
                      "no_change/full": round(no_change_tick / full, 4)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
