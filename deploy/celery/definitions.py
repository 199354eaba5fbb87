"""Code location for a Celery cluster: the same Definitions, every step a Celery task.

    celery -A dagster_celery.app worker -l info            # on each worker, with the project installed
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
