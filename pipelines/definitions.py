"""The one Definitions object: assets, their checks, the job, and resources from the environment."""

from __future__ import annotations

import dagster as dg

from assets import dimensions, landing, marts, publish, quality, report, restricted, scorecard, staging, summary_marts
from checks.expectations import GX_CHECKS
from petitions.runtime import config
from petitions.runtime.resources import build_resources
from pipelines.progress import PROGRESS
from pipelines.schedules import build_schedules
from pipelines.sensors import build_landing_sensor

ALL_ASSETS = dg.load_assets_from_modules([landing, staging, marts, summary_marts, dimensions, quality, scorecard,
                                          restricted, publish, report])


@dg.success_hook(name="step_progress")
def step_progress(context: dg.HookContext) -> None:
    """One line per finished step, so a run of many minutes is never silent between the reads and the end."""
    PROGRESS.info(f"done {context.step_key.replace('__', '/')}")


ALL_CHECKS = GX_CHECKS  # the other checks travel with their assets (check_specs)
petitions_job = dg.define_asset_job(
    "petitions_job",
    selection=dg.AssetSelection.all(),
    description="Ingest the landing directory, validate, reconcile and publish the warehouse.",
    hooks={step_progress},
)


def build_definitions(executor: dg.ExecutorDefinition | None = None, **resource_overrides: object) -> dg.Definitions:
    """``executor`` is for deployments (e.g. Celery, ``deploy/celery``); the default runs steps in
    separate processes locally, which the Arrow step files and the warehouse pool allow."""
    return dg.Definitions(
        executor=executor,
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[petitions_job],
        sensors=[build_landing_sensor(petitions_job)],
        schedules=build_schedules(petitions_job, config.settings().submission_day),
        resources=build_resources(**resource_overrides),
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Loaded when Dagster asks for it (not at import): configuration is read then, once."""
    return build_definitions()


def petitions_job_definition() -> dg.JobDefinition:
    """The resolved job, importable by name so subprocess executors can rebuild it."""
    return build_definitions().resolve_job_def("petitions_job")
