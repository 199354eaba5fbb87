"""What is checked before a run starts (one line, exit 2) and what a killed run left behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from petitions.runtime import config
from warehouse.io import WAREHOUSE_ONLY, check_writable, connect, separate_restricted
from warehouse.schema import SCHEMAS

STEPS_PREFIX = "petitions-steps-"


class StartupError(RuntimeError):
    """The run cannot start; the message says why in one line."""


def check_as_of(as_of: date, months: list[date], today: date | None = None) -> None:
    today = today or date.today()
    if as_of > today:
        raise StartupError(f"as-of {as_of} is after today ({today}): statistics cannot cover days that have not happened")
    if months and as_of < min(months):
        raise StartupError(f"as-of {as_of} is before the first month of data in the landing directory "
                           f"({min(months):%Y-%m}): choose a date within the data")


def check_report_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise StartupError(f"report folder {folder} is not writable: {exc.strerror}") from None


def preflight(months: list[date], warehouse_url: str, as_of: date, report_dir: Path) -> None:
    """Configuration, as-of date, warehouse privileges, report folder: everything before any work."""
    config.check_environment()
    check_as_of(as_of, months)
    targets = {warehouse_url: SCHEMAS}
    if restricted := separate_restricted(warehouse_url, config.settings().restricted_warehouse):
        targets = {warehouse_url: WAREHOUSE_ONLY, restricted: ("restricted",)}
    for url, schemas in targets.items():
        engine = connect(url)
        try:
            check_writable(engine, schemas)
        finally:
            engine.dispose()
    check_report_dir(report_dir / as_of.isoformat())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_step_folders(root: str | None = None) -> list[Path]:
    """Step folders of runs that were killed (SIGKILL leaves no chance to clean up): they hold raw
    rows, so the next run removes every one whose process is gone."""
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{STEPS_PREFIX}*"):
        pid = folder.name.removeprefix(STEPS_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir() and not folder.is_symlink():
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
                removed.append(folder)
    return removed
