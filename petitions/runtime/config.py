"""Every setting in one place: its environment variable, default, meaning and check. Read when a run
or a command starts, never at import; ``petitions config`` prints the effective values and where
each came from. A wrong value is one line and exit 2, not a traceback later.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from petitions.reference import ReferenceTableError, load_reference
from petitions.rules.reconcile import ENTRY_DEADLINE_DAYS, EXTENDED_HANDLING_PERIOD, HANDLING_PERIOD
from petitions.rules.summary_stats import LARGE_GROUP_MIN
from petitions.rules.validation import MAX_PERSONS
from petitions.runtime.secrets import DEFAULT_KEY_FILE, SecretError, hmac_secret

_PERIOD = re.compile(r"^[1-9]\d{0,2}(d|mo)$")


class ConfigError(ValueError):
    """A setting is wrong; the message names the variable and what it expects."""


def parse_date(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{name} {text!r} is not a date in the form YYYY-MM-DD") from None


def _int(low: int, high: int) -> Callable[[str, str], int]:
    def parse(name: str, text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ConfigError(f"{name}={text!r} is not a whole number") from None
        if not low <= value <= high:
            raise ConfigError(f"{name}={value} must be from {low} to {high}")
        return value
    return parse


def _period(name: str, text: str) -> str:
    if not _PERIOD.match(text):
        raise ConfigError(f"{name}={text!r} must be a number of days or months such as 60d or 1mo")
    return text


def _month(name: str, text: str) -> date:
    return parse_date(name, text).replace(day=1)


def _optional_date(name: str, text: str) -> str:
    return parse_date(name, text).isoformat() if text else ""


def _text(name: str, text: str) -> str:
    return text


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str
    parse: Callable[[str, str], object] = _text


SETTINGS = {
    "landing": Setting("PETITIONS_LANDING", "data/landing", "landing directory"),
    "warehouse": Setting("PETITIONS_WAREHOUSE", "duckdb:///data/warehouse.duckdb", "warehouse SQLAlchemy URL"),
    "restricted_warehouse": Setting("PETITIONS_RESTRICTED_WAREHOUSE", "",
                                    "database for schema restricted (empty: the warehouse itself)"),
    "as_of": Setting("PETITIONS_AS_OF", "", "as-of date of Dagster runs without a petitions/as_of tag (empty: today)",
                     _optional_date),
    "first_month": Setting("PETITIONS_FIRST_MONTH", "2010-01-01", "earliest month a file may be named for", _month),
    "entry_deadline_days": Setting("PETITIONS_ENTRY_DEADLINE_DAYS", str(ENTRY_DEADLINE_DAYS), "entry deadline (未录入 / 录入不及时), days",
                                   _int(0, 366)),
    "handling_period": Setting("PETITIONS_HANDLING_PERIOD", HANDLING_PERIOD, "办理期限 without extension (1mo, 60d …)", _period),
    "extended_handling_period": Setting("PETITIONS_EXTENDED_HANDLING_PERIOD", EXTENDED_HANDLING_PERIOD, "办理期限 with extension", _period),
    "max_persons": Setting("PETITIONS_MAX_PERSONS", str(MAX_PERSONS), "人数 above this rejects the row", _int(5, 1_000_000)),
    "large_group_min": Setting("PETITIONS_LARGE_GROUP_MIN", str(LARGE_GROUP_MIN), "规模访: 集体访 of at least this many persons",
                               _int(5, 10_000)),
    "submission_day": Setting("PETITIONS_SUBMISSION_DAY", "5", "day of the month the submission-deadline schedule runs",
                              _int(1, 28)),
    "gx_sample_rows": Setting("PETITIONS_GX_SAMPLE_ROWS", "50000",
                              "rows per side GX validates besides every flagged row (0: all rows)", _int(0, 100_000_000)),
    "report_dir": Setting("PETITIONS_REPORT_DIR", "data/reports", "where run reports are written"),
    "read_cache": Setting("PETITIONS_READ_CACHE", "data/.read_cache", "parsed rows per file content (Dagster runs)"),
    "steps_dir": Setting("PETITIONS_STEPS_DIR", "data/.steps", "step outputs of Dagster runs"),
    "reference_dir": Setting("PETITIONS_REFERENCE_DIR", "", "another city's reference tables (empty: the shipped ones)"),
    "hmac_key_file": Setting("PETITIONS_HMAC_KEY_FILE", DEFAULT_KEY_FILE, "petitioner-hash key made once when no secret is set"),
}


def _raw(name: str) -> tuple[str, str]:
    """(text, source): the environment when set and not blank, else the default."""
    setting = SETTINGS[name]
    text = os.environ.get(setting.env, "").strip()
    return (text, f"${setting.env}") if text else (setting.default, "default")


def settings() -> SimpleNamespace:
    """Every setting parsed and checked; raises ``ConfigError`` with one line."""
    return SimpleNamespace(**{name: SETTINGS[name].parse(SETTINGS[name].env, _raw(name)[0]) for name in SETTINGS})


def explain() -> list[tuple[str, str, str, str]]:
    """(setting, environment variable, effective value, where it came from) for ``petitions config``."""
    rows = []
    for name, setting in SETTINGS.items():
        text, source = _raw(name)
        rows.append((name, setting.env, text or "(empty)", source))
    secret = os.environ.get("PETITIONS_HMAC_SECRET")
    rows.append(("hmac_secret", "PETITIONS_HMAC_SECRET", "(hidden)" if secret else "(not set)",
                 "$PETITIONS_HMAC_SECRET" if secret is not None else f"key file {_raw('hmac_key_file')[0]}"))
    return rows


def check_environment() -> SimpleNamespace:
    """Settings, reference tables and the hashing key: all that a run needs before it touches data."""
    checked = settings()
    try:
        load_reference()
        hmac_secret()
    except (ReferenceTableError, SecretError) as exc:
        raise ConfigError(str(exc)) from None
    return checked
