"""The landing sensor: new or changed files, by content hash, launch runs for exactly their months."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from petitions.ingest.filenames import BadFileName, parse_file_name
from petitions.runtime.partitions import month_key, partition_bounds, range_tags
from petitions.runtime.resources import LandingZone

CHANGED_TAG = "petitions/changed_files"


def _sha256(path: Path) -> str | None:
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # the run reports the file as unreadable; the sensor only watches


def landing_state(directory: Path, previous: dict[str, list]) -> dict[str, list]:
    """{file: [size, mtime_ns, sha256]}; a file whose size and mtime did not change is not re-hashed."""
    state = {}
    with os.scandir(directory) as it:
        files = sorted(e.name for e in it if e.is_file(follow_symlinks=False) and not e.name.startswith("."))
    for path in (directory / name for name in files):
        stat = path.stat(follow_symlinks=False)
        old = previous.get(path.name)
        same = old is not None and old[0] == stat.st_size and old[1] == stat.st_mtime_ns
        state[path.name] = [stat.st_size, stat.st_mtime_ns, old[2] if same else _sha256(path)]
    return state


def affected_months(before: dict[str, list], after: dict[str, list], landing: LandingZone) -> dict[str, list[str]]:
    """Month partition key → the changed, added or removed files named for it."""
    ref, (first, last) = landing.reference(), partition_bounds()
    changed = {n for n in before.keys() | after.keys() if (before.get(n) or [None] * 3)[2] != (after.get(n) or [None] * 3)[2]}
    months: dict[str, list[str]] = {}
    for name in sorted(changed):
        try:
            month = parse_file_name(name, ref).month
        except BadFileName:
            month = None  # reported in quality.rejected_files by the next run of any month
        if month and first <= month <= last:
            months.setdefault(month_key(month), []).append(name)
        else:
            months.setdefault("", []).append(name)
    return months


def build_landing_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
               description="Launches one run per month whose files were added, changed (by sha256) or removed; "
                           "the first tick loads every month in a single run.")
    def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingZone):
        directory = Path(landing.path)
        if not directory.is_dir():
            return dg.SkipReason(f"landing directory {directory} does not exist")
        before = json.loads(context.cursor) if context.cursor else {}
        after = landing_state(directory, before)
        months = affected_months(before, after, landing)
        context.update_cursor(json.dumps(after))
        if not months:
            return dg.SkipReason("no landing file changed")
        digest = hashlib.sha256(json.dumps(after, sort_keys=True).encode()).hexdigest()[:12]
        keys = sorted(k for k in months if k)
        if not before or not keys:
            # first look at the directory (or only badly named files changed): one run, all months
            everything = sorted(k for k in affected_months({}, after, landing) if k) or [month_key(partition_bounds()[1])]
            return [dg.RunRequest(run_key=f"all:{digest}", tags={**range_tags(everything[0], everything[-1]),
                                                                   CHANGED_TAG: f"{sum(map(len, months.values()))} files"})]
        return [dg.RunRequest(run_key=f"{key}:{digest}", partition_key=key,
                              tags={CHANGED_TAG: ",".join(months[key])[:1000]}) for key in keys]

    return landing_sensor
