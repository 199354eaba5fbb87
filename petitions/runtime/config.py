"""Settings from the environment, checked before any work starts: one line and exit 2 when wrong.

Everything that can be known to be wrong before a run (a handling period of ``abc``, a negative
deadline, a broken reference table, an empty secret) is reported here, not as a traceback later.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from petitions.reference import ReferenceTableError, load_reference
from petitions.runtime.secrets import SecretError, hmac_secret

_PERIOD = re.compile(r"^[1-9]\d{0,2}(d|mo)$")


class ConfigError(ValueError):
    """A setting is wrong; the message names the variable and what it expects."""


@dataclass(frozen=True)
class Settings:
    entry_deadline_days: int
    handling_period: str
    extended_handling_period: str
    max_persons: int
    first_month: date
    submission_day: int
    large_group_min: int


def _int(name: str, default: int, low: int, high: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} must be from {low} to {high}")
    return value


def _period(name: str, default: str) -> str:
    text = os.environ.get(name, "").strip() or default
    if not _PERIOD.match(text):
        raise ConfigError(f"{name}={text!r} must be a number of days or months such as 60d or 1mo")
    return text


def parse_date(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{name} {text!r} is not a date in the form YYYY-MM-DD") from None


def settings() -> Settings:
    """Every environment setting, validated; raises ``ConfigError`` with one line."""
    first = parse_date("PETITIONS_FIRST_MONTH", os.environ.get("PETITIONS_FIRST_MONTH") or "2010-01-01")
    if os.environ.get("PETITIONS_AS_OF"):
        parse_date("PETITIONS_AS_OF", os.environ["PETITIONS_AS_OF"])
    return Settings(
        entry_deadline_days=_int("PETITIONS_ENTRY_DEADLINE_DAYS", 15, 0, 366),
        handling_period=_period("PETITIONS_HANDLING_PERIOD", "1mo"),
        extended_handling_period=_period("PETITIONS_EXTENDED_HANDLING_PERIOD", "2mo"),
        max_persons=_int("PETITIONS_MAX_PERSONS", 10_000, 5, 1_000_000),
        first_month=first.replace(day=1),
        submission_day=_int("PETITIONS_SUBMISSION_DAY", 5, 1, 28),
        large_group_min=_int("PETITIONS_LARGE_GROUP_MIN", 30, 5, 10_000),
    )


def check_environment() -> Settings:
    """Settings, reference tables and the hashing key: all that a run needs before it touches data."""
    checked = settings()
    try:
        load_reference()
        hmac_secret()
    except (ReferenceTableError, SecretError) as exc:
        raise ConfigError(str(exc)) from None
    return checked
