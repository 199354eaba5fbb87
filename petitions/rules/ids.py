"""PRC resident ID numbers (GB 11643) and the keyed petitioner hash of contract §7."""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl

from petitions.rules.normalise import halfwidth

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def normalised_id(expr: pl.Expr) -> pl.Expr:
    return halfwidth(expr).str.to_uppercase().str.replace_all(r"\s", "")


def id_is_valid(expr: pl.Expr) -> pl.Expr:
    """18 characters, 17 digits then a digit or X, a real birth date, and the GB 11643 check digit."""
    shaped = expr.str.contains(r"^\d{17}[\dX]$")
    # the 17 digits as one integer, taken apart arithmetically: 17 string slices cost ten times more
    digits = expr.str.slice(0, 17).cast(pl.Int64, strict=False)
    total = pl.sum_horizontal([(digits // 10 ** (16 - i)) % 10 * w for i, w in enumerate(ID_WEIGHTS)])
    check = total.mod(11).replace_strict(dict(enumerate(ID_CHECK_CHARS)), return_dtype=pl.String)
    born = expr.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    return (shaped & (expr.str.slice(17, 1) == check) & born.is_between(date(1900, 1, 1), date(2100, 1, 1))).fill_null(
        False
    )


def _hmac_sha256(secret: str):
    """HMAC-SHA-256 (RFC 2104) with the keyed inner and outer states prepared once and copied per value:
    a third of ``hmac.new`` per value, which rebuilds them every time (326 k IDs: 0.57 s against 1.56 s)."""
    key = secret.encode("utf-8")
    key = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    inner, outer = hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(value: str) -> str:
        i, o = inner.copy(), outer.copy()
        i.update(value.encode("utf-8"))
        o.update(i.digest())
        return o.hexdigest()

    return digest


def petitioner_key(expr: pl.Expr, secret: str) -> pl.Expr:
    """HMAC-SHA-256 hex digest of the normalised ID; the secret never leaves configuration."""
    mac = _hmac_sha256(secret)

    def _digest(values: pl.Series) -> pl.Series:
        # petitioners come back: hash each distinct ID once, and map with two Series (not a dict)
        distinct = values.drop_nulls().unique()
        digests = pl.Series([mac(v) for v in distinct.to_list()], dtype=pl.String)
        return values.replace_strict(distinct, digests, default=None, return_dtype=pl.String)

    return expr.map_batches(_digest, return_dtype=pl.String)
