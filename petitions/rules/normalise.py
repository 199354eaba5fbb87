"""Value normalisation of contract §4 as polars expressions (never a rejection by itself)."""

from __future__ import annotations

import polars as pl

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_INVISIBLE = r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]"
_EXCEL_EPOCH = pl.date(1899, 12, 30)


def halfwidth(expr: pl.Expr) -> pl.Expr:
    """Full-width ASCII (１２, ＡＢ) to half-width, then trimmed; empty becomes null."""
    text = expr.str.replace_many(list(_FULLWIDTH), list(_FULLWIDTH.values())).str.strip_chars()
    return pl.when(text != "").then(text)


def clean_case_id(expr: pl.Expr) -> pl.Expr:
    """Trimmed, half-width, upper-case, without control or zero-width characters: a trailing NUL or
    an invisible space must not make a second visit of the same case."""
    return halfwidth(expr.str.replace_all(_INVISIBLE, "")).str.to_uppercase()


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Every date form of §4: ISO, slashes, dots, 年月日, compact, Excel serial, datetime."""
    text = halfwidth(expr)
    ymd = (
        text.str.replace(r"[T ].*$", "")
        .str.replace_all(r"[年月/.]", "-")
        .str.replace(r"日$", "")
        .str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3")
    )
    padded = ymd.str.replace(r"^(\d{4})-(\d)-", "$1-0$2-").str.replace(r"-(\d)$", "-0$1")
    serial = text.str.extract(r"^(\d{5})(?:\.0+)?$").cast(pl.Int64, strict=False)
    return pl.coalesce(
        padded.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        _EXCEL_EPOCH + pl.duration(days=serial),
    )


def parse_int(expr: pl.Expr) -> pl.Expr:
    """Whole numbers with full-width digits, a trailing 人 or an Excel '.0'; anything else null."""
    return halfwidth(expr).str.extract(r"^([+-]?\d+)(?:\.0+)?\s*人?$").cast(pl.Int64, strict=False)


def canonical(expr: pl.Expr, lookup: dict[str, str]) -> pl.Expr:
    """Map synonyms and aliases to the canonical reference value; unknown values become null."""
    return halfwidth(expr).replace_strict(lookup, default=None, return_dtype=pl.String)
