"""Parsed rows of each landing file, kept by content hash: a file is parsed once, whatever re-runs.

The key is the file's sha256 plus a fingerprint of how it is read (reader version, header
synonyms, fields), so a changed reference table or reader never serves stale rows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl

from ingest.readers import FIELDS, read_rows
from reference import Reference

READER_VERSION = 1


def fingerprint(ref: Reference) -> str:
    spec = json.dumps([READER_VERSION, FIELDS, ref.header_lookup, ref.required_fields], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]


class ReadCache:
    def __init__(self, directory: str | Path | None, ref: Reference):
        self.ref = ref
        self.folder = Path(directory, fingerprint(ref)) if directory else None

    def read(self, path: Path, sha256: str, ext: str, kind: str) -> tuple[pl.DataFrame, bool]:
        """The file's raw rows, and whether they came from the cache."""
        cached = self.folder / f"{sha256}-{kind}.arrow" if self.folder else None
        if cached is not None and cached.exists():
            return pl.read_ipc(cached), True
        rows = read_rows(path.read_bytes(), ext, kind, self.ref)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f".{cached.name}.tmp")
            rows.write_ipc(tmp)
            tmp.replace(cached)
        return rows, False

    def prune(self, keep: set[str]) -> int:
        """Drop parsed rows of files no longer in the landing directory; the cache never outgrows it."""
        if self.folder is None or not self.folder.exists():
            return 0
        stale = [p for p in self.folder.glob("*.arrow") if p.name.split("-", 1)[0] not in keep]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)
