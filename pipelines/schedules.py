"""Monthly report and submission-deadline schedules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import dagster as dg

from petitions.ingest.filenames import BadFileName, parse_file_name
from petitions.reference import KINDS
from petitions.runtime.partitions import month_key
from petitions.runtime.resources import AS_OF_TAG, LandingZone

MISSING_TAG = "petitions/missing_submissions"


def previous_month(moment: datetime) -> tuple[date, date]:
    """(first day, last day) of the month before ``moment``."""
    last = moment.date().replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def missing_for(landing: LandingZone, month: date) -> list[str]:
    """'county:kind' for each county × kind of ``month`` with no file at all in the landing directory."""
    ref = landing.reference()
    present = set()
    directory = Path(landing.path)
    for path in directory.iterdir() if directory.is_dir() else []:
        try:
            name = parse_file_name(path.name, ref)
        except BadFileName:
            continue
        if name.month == month:
            present.add((name.county_code, name.kind))
    return [f"{c}:{k}" for c in ref.counties for k in KINDS if (c, k) not in present]


def build_schedules(job: dg.UnresolvedAssetJobDefinition, submission_day: int) -> list[dg.ScheduleDefinition]:
    @dg.schedule(job=job, cron_schedule="0 6 6 * *", execution_timezone="Asia/Shanghai",
                 default_status=dg.DefaultScheduleStatus.STOPPED,
                 description="On the 6th, after the submission deadline: re-read last month and write the "
                             "report as of its last day.")
    def monthly_report_schedule(context: dg.ScheduleEvaluationContext):
        first, last = previous_month(context.scheduled_execution_time)
        return dg.RunRequest(run_key=f"report:{first:%Y-%m}", partition_key=month_key(first),
                             tags={AS_OF_TAG: last.isoformat()})

    @dg.schedule(job=job, cron_schedule=f"0 9 {submission_day} * *", execution_timezone="Asia/Shanghai",
                 default_status=dg.DefaultScheduleStatus.STOPPED,
                 description=f"On day {submission_day}: which counties have not sent last month's files? "
                             "Runs last month so quality.missing_submissions and its check name them.")
    def submission_deadline_schedule(context: dg.ScheduleEvaluationContext, landing: LandingZone):
        first, last = previous_month(context.scheduled_execution_time)
        missing = missing_for(landing, first)
        if not missing:
            return dg.SkipReason(f"every county sent both files for {first:%Y-%m}")
        context.log.info(f"missing for {first:%Y-%m}: {', '.join(missing)}")
        return dg.RunRequest(run_key=f"deadline:{first:%Y-%m}:{len(missing)}", partition_key=month_key(first),
                             tags={AS_OF_TAG: last.isoformat(), MISSING_TAG: ",".join(missing)})

    return [monthly_report_schedule, submission_deadline_schedule]
