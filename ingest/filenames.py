"""Landing file names: ``<county_code>_<YYYY-MM>_<kind>[_v<N>].<ext>`` (contract §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reference import Reference

_PATTERN = re.compile(
    r"^(?P<county>\d{6})_(?P<year>\d{4})-(?P<month>\d{2})_(?P<kind>register|system)"
    r"(?:_v(?P<version>\d+))?\.(?P<ext>csv|xlsx)$",
    re.IGNORECASE,
)
EXPECTED = "<county_code>_<YYYY-MM>_<register|system>[_v<N>].<csv|xlsx>"


@dataclass(frozen=True)
class LandingName:
    source_file: str
    county_code: str
    month: date
    kind: str
    version: int
    ext: str


class BadFileName(ValueError):
    """The file name does not identify a county submission; the message says why."""


def parse_file_name(name: str, ref: Reference) -> LandingName:
    m = _PATTERN.match(name)
    if not m:
        raise BadFileName(f"file name does not match {EXPECTED}")
    if m["kind"] != m["kind"].lower():
        raise BadFileName(f"kind '{m['kind']}' must be lower-case 'register' or 'system'")
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise BadFileName(f"month '{m['year']}-{m['month']}' in the file name is not a calendar month")
    if m["county"] not in ref.counties:
        raise BadFileName(f"county code {m['county']} is not in the county reference table")
    version = int(m["version"]) if m["version"] else 1
    if m["version"] and version < 2:
        raise BadFileName(f"resubmission number _v{m['version']} must be 2 or higher (no suffix means version 1)")
    return LandingName(name, m["county"], date(int(m["year"]), month, 1), m["kind"], version, m["ext"].lower())
