"""Worker-side Celery settings: ``dagster_celery.app`` imports this module when it is on the path.

The executor submits steps to ``DAGSTER_CELERY_BROKER_URL``; without this file the workers would
listen on the broker of ``DAGSTER_CELERY_BROKER_HOST`` (default localhost) instead.
"""

import os

broker_url = os.environ.get("DAGSTER_CELERY_BROKER_URL", "pyamqp://guest@localhost:5672//")
# one step at a time per worker process: a step already uses both cores (polars) and its memory
worker_prefetch_multiplier = 1
