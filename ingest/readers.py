"""Read one landing file into raw string rows with canonical field names (contract §2–§3).

Every cell stays a string here; typing and validation are pure rules in ``rules``.
The ``row_number`` column is the row a person sees when opening the file.
"""

from __future__ import annotations

import csv
import io
import re

import fastexcel
import polars as pl

from reference import Reference

HEADER_SEARCH_ROWS = 30
FIELDS = (
    "case_id", "visit_date", "petitioner_name", "id_number", "phone", "visit_kind", "persons", "level",
    "category", "summary", "reception_mode", "receiving_leader", "handling", "accepted_date", "closed_date",
    "extended", "entry_date",
)
_TOTAL_ROW = re.compile(r"^\s*(合计|总计)")
_HEADER_NOISE = re.compile(r"[\s\u3000*＊]")


class UnreadableFile(ValueError):
    """The file cannot be used at all; the message is meant for the county office."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, which is a superset of GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"text is neither UTF-8 nor GBK/GB18030 (bad byte at offset {exc.start})") from exc


def _xlsx_grid(data: bytes) -> pl.DataFrame:
    try:
        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=None, skip_rows=0, dtypes="string")
        return sheet.to_polars()
    except Exception as exc:  # calamine raises several types for damaged workbooks
        raise UnreadableFile(f"not a readable XLSX workbook ({type(exc).__name__})") from exc


def _header_index(rows: list[list[str | None]], kind: str, ref: Reference) -> tuple[int, dict[int, str]]:
    lookup = ref.header_lookup[kind]
    required = set(ref.required_fields[kind])
    best: tuple[int, set[str]] = (-1, set())
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[int, str] = {}
        for j, cell in enumerate(row):
            field = lookup.get(_HEADER_NOISE.sub("", cell or ""))
            if field and field not in mapping.values():
                mapping[j] = field
        found = set(mapping.values())
        if required <= found:
            return i, mapping
        if len(found & required) > len(best[1]):
            best = (i, found & required)
    if best[0] < 0:
        raise UnreadableFile(f"no header row found in the first {HEADER_SEARCH_ROWS} rows (expected columns such as 登记编号, 来访日期)")
    missing = "、".join(sorted(headers_for(required - best[1], ref, kind)))
    raise UnreadableFile(f"header row {best[0] + 1} lacks required column(s) {missing}")


def headers_for(fields: set[str], ref: Reference, kind: str) -> list[str]:
    """The first (preferred) header text of each field, for messages."""
    first: dict[str, str] = {}
    for header, field in ref.header_lookup[kind].items():
        first.setdefault(field, header)
    return [first[f] for f in fields]


def read_rows(data: bytes, ext: str, kind: str, ref: Reference) -> pl.DataFrame:
    """Raw data rows: ``row_number`` plus one string column per mapped field of ``kind``.

    Blank rows and 合计/总计 rows are dropped here: neither is data nor an error.
    """
    if ext == "csv":
        text = decode_text(data)
        head = list(csv.reader(io.StringIO("\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]))))
        idx, mapping = _header_index(head, kind, ref)
        grid = pl.read_csv(
            io.BytesIO(text.encode("utf-8")), skip_lines=idx, has_header=False,
            infer_schema=False, truncate_ragged_lines=True, quote_char='"',
        )
    else:
        grid = _xlsx_grid(data)
        head = [[None if v is None else str(v) for v in r] for r in grid.head(HEADER_SEARCH_ROWS).rows()]
        idx, mapping = _header_index(head, kind, ref)
        grid = grid.slice(idx)
    grid = grid.rename({c: f"c{j}" for j, c in enumerate(grid.columns)})
    fields = set(ref.header_lookup[kind].values())
    cells = [pl.col(c).str.strip_chars() for c in grid.columns]
    return (
        grid.lazy()
        .with_row_index("row_number", offset=idx + 1)
        .slice(1)
        .with_columns(cells)
        .filter(pl.any_horizontal([c.is_not_null() & (c != "") for c in cells]))
        .filter(~pl.coalesce([pl.when(c != "").then(c) for c in cells]).str.contains(_TOTAL_ROW.pattern).fill_null(False))
        .select(
            pl.col("row_number").cast(pl.Int64),
            *[pl.col(f"c{j}").alias(f) for j, f in mapping.items()],
            *[pl.lit(None, pl.String).alias(f) for f in sorted(fields - set(mapping.values()))],
        )
        .collect()
    )
