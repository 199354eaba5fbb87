"""Write one register or system file in the messy forms counties really send (contract §2–§4)."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from petitions.reference import Reference

ENCODINGS = {"utf8": "utf-8", "utf8-bom": "utf-8-sig", "gbk": "gbk", "gb18030": "gb18030"}
TEXT_DATE_STYLES = ("iso", "slash", "dot", "cn", "compact", "datetime")
XLSX_DATE_STYLES = ("cell", "serial", "iso", "cn")
UNKNOWN_COLUMNS = ("序号", "备注", "经办人")
FULLWIDTH = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


@dataclass
class Style:
    fmt: str
    title: str | None
    headers: dict[str, str]
    order: list[str]
    date_style: str
    extra_columns: list[str] = field(default_factory=list)
    total_row: bool = False
    trailing_blank_rows: int = 0
    messy_values: bool = True


def format_date(value: object, style: str) -> object:
    if not isinstance(value, date):
        return value
    match style:
        case "iso": return value.isoformat()
        case "slash": return f"{value.year}/{value.month}/{value.day}"
        case "dot": return f"{value.year}.{value.month}.{value.day}"
        case "cn": return f"{value.year}年{value.month}月{value.day}日"
        case "compact": return value.strftime("%Y%m%d")
        case "datetime": return f"{value.isoformat()} 14:30:00"
        case "serial": return (value - date(1899, 12, 30)).days
        case _: return value  # "cell": a real date cell


def messy_text(value: object, fieldname: str, rng: random.Random) -> object:
    """Full-width digits, a trailing 人, stray spaces, lower/full-width case ids: all must be accepted."""
    if fieldname == "persons" and isinstance(value, int):
        roll = rng.random()
        return str(value).translate(FULLWIDTH) if roll < 0.1 else f"{value}人" if roll < 0.2 else value
    if fieldname == "case_id" and isinstance(value, str) and value:
        roll = rng.random()
        return value.lower() if roll < 0.05 else value.translate(FULLWIDTH) if roll < 0.1 else f" {value} " if roll < 0.15 else value
    return value


def random_style(kind: str, ref: Reference, rng: random.Random, title: str) -> Style:
    lookup = ref.header_lookup[kind]
    fields = list(dict.fromkeys(lookup.values()))
    synonyms: dict[str, list[str]] = {}
    for header, f in lookup.items():
        synonyms.setdefault(f, []).append(header)
    fmt = rng.choice(["utf8", "utf8-bom", "gbk", "gb18030", "xlsx", "xlsx"])
    messy = kind == "register"
    headers = {f: (rng.choice(synonyms[f]) if messy else synonyms[f][0]) for f in fields}
    extra = rng.sample(UNKNOWN_COLUMNS, rng.randint(0, 2)) if messy else []
    order = fields + extra
    if messy:
        rng.shuffle(order)
    styles = XLSX_DATE_STYLES if fmt == "xlsx" else TEXT_DATE_STYLES
    return Style(fmt=fmt, title=title if rng.random() < 0.6 else None, headers=headers, order=order,
                 date_style=rng.choice(styles) if messy else styles[0], extra_columns=extra,
                 total_row=rng.random() < 0.5, trailing_blank_rows=rng.randint(0, 2), messy_values=messy)


def _cells(rows: list[dict[str, object]], style: Style, rng: random.Random) -> list[list[object]]:
    out = []
    for n, row in enumerate(rows, start=1):
        cells = []
        for col in style.order:
            if col in style.extra_columns:
                cells.append(str(n) if col == "序号" else "")
                continue
            v = row.get(col)
            v = format_date(v, style.date_style) if isinstance(v, date) else v
            cells.append(messy_text(v, col, rng) if style.messy_values else v)
        out.append(cells)
    return out


def write_file(path: Path, rows: list[dict[str, object]], style: Style, rng: random.Random) -> list[int]:
    """Write ``rows``; return the row number a person sees for each of them, in order."""
    grid: list[list[object]] = []
    if style.title:
        grid += [[style.title], []]
    grid.append([style.headers.get(c, c) for c in style.order])
    first = len(grid) + 1
    grid += _cells(rows, style, rng)
    grid += [[] for _ in range(style.trailing_blank_rows)]
    if style.total_row:
        grid.append(["合计", f"{len(rows)}批"])
    if style.fmt == "xlsx":
        _write_xlsx(path, grid)
    else:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n" if style.fmt == "gbk" else "\n").writerows(
            [["" if v is None else v for v in r] for r in grid])
        path.write_bytes(buf.getvalue().encode(ENCODINGS[style.fmt]))
    return list(range(first, first + len(rows)))


def _write_xlsx(path: Path, grid: list[list[object]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    ws = wb.add_worksheet("台账")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, date):
                ws.write_datetime(r, c, datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, int):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    wb.close()
