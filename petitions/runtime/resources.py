"""Configuration of a run as Dagster resources, read from the environment where not given."""

from __future__ import annotations

import os
from datetime import date

import dagster as dg
import sqlalchemy as sa
from pydantic import Field, PrivateAttr

from petitions.reference import Reference, load_reference
from petitions.runtime import config
from petitions.runtime.io_manager import ArrowIpcIOManager
from petitions.runtime.secrets import hmac_secret
from warehouse.io import connect

DEFAULT_LANDING = "data/landing"
DEFAULT_WAREHOUSE = "duckdb:///data/warehouse.duckdb"
AS_OF_TAG = "petitions/as_of"


class LandingZone(dg.ConfigurableResource):
    """Where county files land, and which reference tables (city) to read them with."""

    path: str = DEFAULT_LANDING
    reference_dir: str | None = None
    cache_dir: str | None = Field(default="data/.read_cache",
                                  description="parsed rows per file content; None re-parses every run")

    def reference(self) -> Reference:
        return load_reference(self.reference_dir)


class RunSettings(dg.ConfigurableResource):
    """Business parameters of a run: as-of date, entry deadline, handling policy, hashing secret."""

    as_of: str = ""
    entry_deadline_days: int = 15
    handling_period: str = Field(default="1mo", pattern=r"^\d+(d|mo)$",
                                 description="办理期限: '1mo' (seed policy) or e.g. '60d' (2022 regulation)")
    extended_handling_period: str = Field(default="2mo", pattern=r"^\d+(d|mo)$",
                                          description="办理期限 when 是否延期 = 是: '2mo' or e.g. '90d'")
    large_group_min: int = Field(default=30, description="规模访: a 集体访 with at least this many persons")
    max_persons: int = Field(default=10_000, description="人数 above this rejects the row (PETITIONS_MAX_PERSONS)")
    report_dir: str = "data/reports"
    _run_as_of: str | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # schedules and sensors set the as-of date per run as a tag: overriding it through run
        # config would reset every other field (the secret included) to its default
        run = context.run
        self._run_as_of = run.tags.get(AS_OF_TAG) if run else None

    def as_of_date(self) -> date:
        text = self._run_as_of or self.as_of
        return date.fromisoformat(text) if text else date.today()

    def petitioner_secret(self) -> str:
        """Read where the hash is computed, never stored in the resource: Dagster keeps no copy."""
        return hmac_secret()

    def year_start(self) -> date:
        return self.as_of_date().replace(month=1, day=1)


class Warehouse(dg.ConfigurableResource):
    """The SQLAlchemy URL of the warehouse (DuckDB file by default, PostgreSQL for shared use)."""

    url: str = DEFAULT_WAREHOUSE

    def engine(self) -> sa.Engine:
        return connect(self.url)


def build_resources(landing: str | None = None, warehouse_url: str | None = None, as_of: str | None = None,
                    steps_dir: str | None = None, report_dir: str | None = None,
                    cache_dir: str | None = None) -> dict[str, object]:
    env, checked = os.environ, config.settings()
    return {
        "landing": LandingZone(path=landing or env.get("PETITIONS_LANDING", DEFAULT_LANDING),
                               reference_dir=env.get("PETITIONS_REFERENCE_DIR"),
                               cache_dir=cache_dir or env.get("PETITIONS_READ_CACHE", "data/.read_cache")),
        "settings": RunSettings(
            as_of=as_of if as_of is not None else env.get("PETITIONS_AS_OF", ""),
            entry_deadline_days=checked.entry_deadline_days,
            handling_period=checked.handling_period,
            extended_handling_period=checked.extended_handling_period,
            max_persons=checked.max_persons,
            large_group_min=checked.large_group_min,
            report_dir=report_dir or env.get("PETITIONS_REPORT_DIR", "data/reports"),
        ),
        "warehouse": Warehouse(url=warehouse_url or env.get("PETITIONS_WAREHOUSE", DEFAULT_WAREHOUSE)),
        "io_manager": ArrowIpcIOManager(base_dir=steps_dir or env.get("PETITIONS_STEPS_DIR", "data/.steps")),
    }
