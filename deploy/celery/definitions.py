"""Code location for a Celery cluster: the same Definitions, every step a Celery task.

    PYTHONPATH=.:deploy/celery celery -A dagster_celery.app worker -P solo -l info   # each worker
    DAGSTER_HOME=deploy/celery dagster-webserver -f deploy/celery/definitions.py
    DAGSTER_HOME=deploy/celery dagster-daemon run -f deploy/celery/definitions.py
"""

import dagster as dg
from dagster_celery import celery_executor

from pipelines.definitions import build_definitions

CELERY = celery_executor.configured({
    "broker": {"env": "DAGSTER_CELERY_BROKER_URL"},
    "backend": "rpc://",
    "include": ["petitions.definitions"],
})


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(executor=CELERY)


def petitions_celery_job() -> dg.JobDefinition:
    """The job with the Celery executor, importable by name: workers rebuild it for each step."""
    return build_definitions(executor=CELERY).resolve_job_def("petitions_job")
