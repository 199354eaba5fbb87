"""Configuration of a run as Dagster resources, read from the environment where not given."""

from __future__ import annotations

from datetime import date

import dagster as dg
import sqlalchemy as sa
from pydantic import Field, PrivateAttr

from petitions.reference import Reference, load_reference
from petitions.runtime import config
from petitions.runtime.gx import GreatExpectations
from petitions.runtime.io_manager import ArrowIpcIOManager
from petitions.runtime.secrets import hmac_secret
from warehouse.io import connect, separate_restricted

AS_OF_TAG = "petitions/as_of"
DEFAULT = {name: s.default for name, s in config.SETTINGS.items()}


class LandingZone(dg.ConfigurableResource):
    """Where county files land, and which reference tables (city) to read them with."""

    path: str = DEFAULT["landing"]
    reference_dir: str | None = None
    cache_dir: str | None = Field(default=DEFAULT["read_cache"],
                                  description="parsed rows per file content; empty re-parses every run")

    def reference(self) -> Reference:
        return load_reference(self.reference_dir)


class RunSettings(dg.ConfigurableResource):
    """Business parameters of a run: as-of date, entry deadline, handling policy, hashing secret."""

    as_of: str = Field(default=DEFAULT["as_of"], description=config.SETTINGS["as_of"].help)
    entry_deadline_days: int = Field(default=int(DEFAULT["entry_deadline_days"]),
                                     description=config.SETTINGS["entry_deadline_days"].help)
    handling_period: str = Field(default=DEFAULT["handling_period"], pattern=r"^\d+(d|mo)$",
                                 description="办理期限: '1mo' (seed policy) or e.g. '60d' (2022 regulation)")
    extended_handling_period: str = Field(default=DEFAULT["extended_handling_period"], pattern=r"^\d+(d|mo)$",
                                          description="办理期限 when 是否延期 = 是: '2mo' or e.g. '90d'")
    large_group_min: int = Field(default=int(DEFAULT["large_group_min"]), description=config.SETTINGS["large_group_min"].help)
    max_persons: int = Field(default=int(DEFAULT["max_persons"]), description=config.SETTINGS["max_persons"].help)
    report_dir: str = Field(default=DEFAULT["report_dir"], description=config.SETTINGS["report_dir"].help)
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

    url: str = DEFAULT["warehouse"]
    restricted_url: str = ""  # schema restricted in a database of its own; empty: in the warehouse

    def engine(self) -> sa.Engine:
        return connect(self.url)

    def restricted_engine(self) -> sa.Engine | None:
        url = separate_restricted(self.url, self.restricted_url)
        return connect(url) if url else None


def build_resources(landing: str | None = None, warehouse_url: str | None = None, as_of: str | None = None,
                    steps_dir: str | None = None, report_dir: str | None = None,
                    cache_dir: str | None = None) -> dict[str, object]:
    """The run's resources: the arguments given (a CLI invocation), else the settings of ``config``."""
    c = config.settings()
    return {
        "landing": LandingZone(path=landing or c.landing, reference_dir=c.reference_dir or None,
                               cache_dir=c.read_cache if cache_dir is None else cache_dir),
        "settings": RunSettings(
            as_of=as_of if as_of is not None else c.as_of,
            entry_deadline_days=c.entry_deadline_days,
            handling_period=c.handling_period,
            extended_handling_period=c.extended_handling_period,
            max_persons=c.max_persons,
            large_group_min=c.large_group_min,
            report_dir=report_dir or c.report_dir,
        ),
        "warehouse": Warehouse(url=warehouse_url or c.warehouse, restricted_url=c.restricted_warehouse),
        "io_manager": ArrowIpcIOManager(base_dir=steps_dir or c.steps_dir),
        "gx": GreatExpectations(sample_rows=c.gx_sample_rows),
    }
