"""The one Definitions object: assets, their checks, the job, and resources from the environment."""

from __future__ import annotations

import dagster as dg

from assets import landing, marts, publish, quality, report, scorecard, staging
from checks.expectations import GX_CHECKS
from checks.findings import FINDING_CHECKS
from pipelines.resources import build_resources
from pipelines.schedules import build_schedules
from pipelines.sensors import build_landing_sensor

ALL_ASSETS = dg.load_assets_from_modules([landing, staging, marts, quality, scorecard, publish, report])
ALL_CHECKS = [*FINDING_CHECKS, *GX_CHECKS]
petitions_job = dg.define_asset_job(
    "petitions_job",
    selection=dg.AssetSelection.all(),
    description="Ingest the landing directory, validate, reconcile and publish the warehouse.",
)


def build_definitions(**resource_overrides: object) -> dg.Definitions:
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[petitions_job],
        sensors=[build_landing_sensor(petitions_job)],
        schedules=build_schedules(petitions_job),
        resources=build_resources(**resource_overrides),
    )


defs = build_definitions()
