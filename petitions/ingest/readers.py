"""Read one landing file into raw string rows with canonical field names (contract §2–§3).

Every cell stays a string here; typing and validation are pure rules in ``rules``.
The ``row_number`` column is the row a person sees when opening the file. Whatever goes wrong
becomes an ``UnreadableFile`` whose message names the line, never a cell's content.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import fastexcel
import polars as pl

from petitions.ingest.cleaning import MAX_CELL_BYTES, Grid
from petitions.ingest.decode import BOM, decode_text, unterminated_quote_line
from petitions.ingest.errors import UnreadableFile
from petitions.reference import FIELDS, Reference

HEADER_SEARCH_ROWS = 30
MAX_SHEET_BYTES, MAX_SHEET_RATIO, RATIO_FLOOR = 200 * 1024 * 1024, 100, 1024 * 1024
_HEADER_NOISE = re.compile(r"[\s\u3000*＊]")

__all__ = ["FIELDS", "MAX_CELL_BYTES", "UnreadableFile", "decode_text", "parse_grid"]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _guard_xlsx(data: bytes) -> None:
    """Refuse zip bombs by the sizes the zip directory declares, before anything is inflated."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile("not a readable XLSX workbook (not a zip archive)") from None
    for m in members:
        if m.file_size > MAX_SHEET_BYTES or (m.file_size > RATIO_FLOOR and m.file_size > MAX_SHEET_RATIO * max(m.compress_size, 1)):
            raise UnreadableFile(f"XLSX part {m.filename} would inflate to {m.file_size} bytes from {m.compress_size} "
                                 f"(limits: {MAX_SHEET_BYTES} bytes, {MAX_SHEET_RATIO}× compressed); not read")


def _xlsx_grid(data: bytes) -> pl.DataFrame:
    _guard_xlsx(data)
    try:
        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=None, skip_rows=0, dtypes="string")
        return sheet.to_polars()
    except Exception as exc:  # calamine raises several types for damaged workbooks; their text may quote cells
        raise UnreadableFile(f"not a readable XLSX workbook ({type(exc).__name__})") from None


def _resolve(candidates: dict[str, list[tuple[int, bool]]], ref: Reference, kind: str) -> dict[int, str]:
    """Header precedence of §5: an exact canonical header beats synonyms; two equals are ambiguous."""
    mapping = {}
    for field, columns in candidates.items():
        exact = [j for j, canonical in columns if canonical]
        chosen = exact if exact else [j for j, _ in columns]
        if len(chosen) > 1:
            where = " and ".join(column_letter(j) for j in chosen)
            raise UnreadableFile(f"two columns map to {headers_for({field}, ref, kind)[0]} ({field}): {where}")
        mapping[chosen[0]] = field
    return mapping


def _header_index(rows: list[list[str | None]], kind: str, ref: Reference) -> tuple[int, dict[int, str]]:
    lookup, canonical = ref.header_lookup[kind], set(headers_for(set(ref.header_lookup[kind].values()), ref, kind))
    required = set(ref.required_fields[kind])
    best: tuple[int, set[str]] = (-1, set())
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates: dict[str, list[tuple[int, bool]]] = {}
        for j, cell in enumerate(row):
            text = _HEADER_NOISE.sub("", cell or "")
            if text in lookup:
                candidates.setdefault(lookup[text], []).append((j, text in canonical))
        if required <= candidates.keys():
            return i, _resolve(candidates, ref, kind)
        if len(candidates.keys() & required) > len(best[1]):
            best = (i, candidates.keys() & required)
    if best[0] < 0:
        raise UnreadableFile(f"no header row found in the first {HEADER_SEARCH_ROWS} rows (expected columns such as 登记编号, 来访日期)")
    missing = "、".join(sorted(headers_for(required - best[1], ref, kind)))
    raise UnreadableFile(f"header row {best[0] + 1} lacks required column(s) {missing}")


def headers_for(fields: set[str], ref: Reference, kind: str) -> list[str]:
    """The first (canonical) header text of each field, for messages and header precedence."""
    first: dict[str, str] = {}
    for header, field in ref.header_lookup[kind].items():
        first.setdefault(field, header)
    return [first[f] for f in fields]


def _lenient_grid(text: str, skip: int) -> pl.DataFrame:
    """The slow path for files polars refuses (a quote inside a cell, ``x"y``): Python's csv reader,
    which reads them as a spreadsheet does, or names the line it cannot read."""
    if (line := unterminated_quote_line(text)) is not None:
        raise UnreadableFile(f"line {line}: a quoted field opens and never closes (unbalanced \")")
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [row for i, row in enumerate(reader) if i >= skip]
    except csv.Error as exc:  # its messages describe the problem, never the cell
        raise UnreadableFile(f"line {reader.line_num + 1}: not valid CSV ({exc})") from None
    width = max((len(r) for r in rows), default=1)
    columns = list(zip(*[r + [None] * (width - len(r)) for r in rows])) or [()] * width
    return pl.DataFrame({f"column_{j + 1}": list(c) for j, c in enumerate(columns)}, schema={
        f"column_{j + 1}": pl.String for j in range(width)})


def _polars_grid(data: bytes, skip: int) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(data), skip_lines=skip, has_header=False, infer_schema=False,
                       truncate_ragged_lines=True, quote_char='"')


def _csv_grid(data: bytes, kind: str, ref: Reference) -> tuple[pl.DataFrame, int, dict[int, str]]:
    data = data.removeprefix(BOM)
    head_text = decode_text(b"\n".join(data.split(b"\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]))
    head = []
    try:
        for row in csv.reader(io.StringIO(head_text)):
            head.append(row)
    except csv.Error as exc:
        raise UnreadableFile(f"line {len(head) + 1}: not valid CSV ({exc})") from None
    idx, mapping = _header_index(head, kind, ref)
    if b"\r" not in data and _utf8(head_text, data):
        # most registers are UTF-8 with \n: polars parses (and checks) the bytes as they are, without
        # a decode and re-encode in Python; anything it refuses takes the full path below
        try:
            return _polars_grid(data, idx), idx, mapping
        except Exception:  # noqa: BLE001 - the full path decodes line by line and names the line
            pass
    text = decode_text(data)
    try:
        grid = _polars_grid(text.encode("utf-8"), idx)
    except Exception:  # polars' message quotes the offending text; the slow path names the line instead
        grid = _lenient_grid(text, idx)
    return grid, idx, mapping


def _utf8(head_text: str, data: bytes) -> bool:
    """The header lines were UTF-8 as written (not GBK decoded into the same characters)."""
    return data.startswith(head_text[:64].encode("utf-8"))


def parse_grid(data: bytes, ext: str, kind: str, ref: Reference) -> Grid:
    """The file's cells below its header row, with the row numbers a person sees and the header's
    column mapping; cleaning follows in ``clean_grids``, for many files at once."""
    if ext == "csv":
        grid, idx, mapping = _csv_grid(data, kind, ref)
    else:
        grid = _xlsx_grid(data)
        head = [[None if v is None else str(v) for v in r] for r in grid.head(HEADER_SEARCH_ROWS).rows()]
        idx, mapping = _header_index(head, kind, ref)
        grid = grid.slice(idx)
    grid.columns = [f"c{j}" for j in range(grid.width)]  # set in place: a rename is a plan of its own
    return Grid(grid.with_row_index("row_number", offset=idx + 1).slice(1), mapping, kind)
