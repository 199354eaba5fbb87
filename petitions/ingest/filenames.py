"""Landing file names: ``<county_code>_<YYYY-MM>_<kind>[_v<N>].<ext>`` (contract §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from petitions.reference import Reference

# re.ASCII: \d would otherwise accept full-width and other Unicode digits (２０１７), letting a
# look-alike name claim the same submission as the real file
_PATTERN = re.compile(
    r"^(?P<county>\d{6})_(?P<year>\d{4})-(?P<month>\d{2})_(?P<kind>register|system)"
    r"(?:_v(?P<version>\d+))?\.(?P<ext>csv|xlsx)$",
    re.IGNORECASE | re.ASCII,
)
EXPECTED = "<county_code>_<YYYY-MM>_<register|system>[_v<N>].<csv|xlsx>"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


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


def display_name(name: str) -> str:
    """The entry's name as text that any database and terminal can hold, one name to one text.

    Undecodable bytes (``os.fsdecode`` surrogates), control and zero-width characters are written
    as escapes, and so is the backslash itself, so two different names never display alike."""
    def escape(ch: str) -> str:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid UTF-8 in the file system name
            return f"\\x{code - 0xDC00:02x}"
        if ch == "\\":
            return "\\\\"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return "".join(escape(ch) if ch == "\\" or 0xD800 <= ord(ch) <= 0xDFFF or _UNPRINTABLE.match(ch) else ch
                   for ch in name)


def parse_file_name(name: str, ref: Reference) -> LandingName:
    if not name.isascii():
        raise BadFileName(f"file name has non-ASCII characters (names are ASCII: {EXPECTED})")
    if name != name.strip() or _UNPRINTABLE.search(name):
        raise BadFileName(f"file name has leading/trailing spaces or control characters (expected {EXPECTED})")
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
