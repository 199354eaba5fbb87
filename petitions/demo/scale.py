"""A landing folder of N visits in seconds, for benchmarks: vectorised polars, no row loop.

Shaped like the contract: counties × 24 months from 2023-01, register files 80 % UTF-8 CSV, 10 % GBK
CSV, 10 % XLSX, system exports for ~95 % of cases, ~0.5 % bad rows. More counties than the reference
table holds need a reference folder that lists them (``write_reference``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from petitions.reference import LEVELS, load_reference
from petitions.rules.ids import ID_CHECK_CHARS, ID_WEIGHTS

REGISTER = {"case_id": "登记编号", "visit_date": "来访日期", "name": "信访人", "id_number": "身份证号", "phone": "联系电话",
            "visit_kind": "访别", "persons": "人数", "level": "去向", "category": "问题类别", "summary": "诉求摘要"}
SYSTEM = {"case_id": "登记编号", "visit_date": "来访日期", "name": "信访人", "id_number": "身份证号", "visit_kind": "访别",
          "persons": "人数", "level": "去向", "category": "问题类别", "entry_date": "录入日期"}


def county_codes(counties: int) -> list[str]:
    codes = list(load_reference().counties)
    return codes[:counties] if counties <= len(codes) else [f"{419000 + i}" for i in range(counties)]


def write_reference(directory: Path, counties: int) -> Path:
    """A copy of the reference tables listing ``counties`` synthetic county codes."""
    import shutil

    from petitions.reference import DEFAULT_DIR

    shutil.copytree(DEFAULT_DIR, directory, dirs_exist_ok=True)
    rows = "".join(f"{c},县{c},开封市\n" for c in county_codes(counties))
    (directory / "counties.csv").write_text("county_code,county_name,city\n" + rows, encoding="utf-8")
    return directory


def _slots(counties: int, months: int) -> list[tuple[str, date]]:
    return [(code, date(2023 + m // 12, m % 12 + 1, 1)) for code in county_codes(counties) for m in range(months)]


def _id_number(person: pl.Expr, wrong_check: pl.Expr) -> pl.Expr:
    """A GB 11643 number per person (born 1950..1999), its check digit wrong where ``wrong_check``."""
    born = (pl.date(1950, 1, 1) + pl.duration(days=person % 18_000)).dt.strftime("%Y%m%d")
    body = pl.concat_str(pl.lit("410202"), born, (person // 18_000 % 1000).cast(pl.String).str.zfill(3))
    total = pl.sum_horizontal([body.str.slice(i, 1).cast(pl.Int64) * w for i, w in enumerate(ID_WEIGHTS)])
    check = (total % 11 + wrong_check.cast(pl.Int64)) % 11
    return body + check.replace_strict(dict(enumerate(ID_CHECK_CHARS)), return_dtype=pl.String)


def visits_frame(n: int, counties: int = 10, months: int = 24, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    slots = _slots(counties, months)
    slot = rng.integers(0, len(slots), n)
    group = rng.random(n) < 0.2
    categories = load_reference().categories
    frame = pl.DataFrame({
        "slot": slot, "day": rng.integers(1, 29, n), "person": rng.integers(0, max(n // 3, 1), n),
        "persons": np.where(group, rng.integers(5, 41, n), rng.integers(1, 5, n)), "group": group,
        "level": rng.choice(list(LEVELS), n, p=[1 / 13, 2 / 13, 4 / 13, 6 / 13]),
        "category": rng.choice(list(categories), n), "lag": rng.integers(0, 20, n), "bad": rng.random(n) < 0.005,
        "bad_id": rng.random(n) < 0.01,
        "in_system": rng.random(n) < 0.95,
    })
    month = pl.Series("month", [m for _, m in slots])[frame["slot"]]
    county = pl.Series("county", [c for c, _ in slots])[frame["slot"]]
    return frame.with_columns(month.alias("month"), county.alias("county")).with_columns(
        pl.format("S{}-{}", pl.col("slot"), pl.int_range(pl.len()).over("slot")).alias("case_id"),
        (pl.col("month") + pl.duration(days=pl.col("day") - 1)).alias("visit_date"),
        pl.format("测试{}", pl.col("person")).alias("name"),
        _id_number(pl.col("person"), pl.col("bad_id")).alias("id_number"),
        pl.format("139{}", pl.col("person").cast(pl.String).str.zfill(8)).alias("phone"),
        pl.when(pl.col("group")).then(pl.lit("集体访")).otherwise(pl.lit("个人访")).alias("visit_kind"),
        pl.when(pl.col("bad")).then(pl.lit("若干")).otherwise(pl.col("persons").cast(pl.String)).alias("persons"),
        pl.lit("反映问题").alias("summary"),
    ).with_columns((pl.col("visit_date") + pl.duration(days=pl.col("lag"))).alias("entry_date"))


def write_landing(directory: str | Path, n: int, counties: int = 10, months: int = 24, seed: int = 1) -> int:
    """Write the files; returns how many."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    frame = visits_frame(n, counties, months, seed)
    written = 0
    for (slot,), part in frame.partition_by(["slot"], as_dict=True, maintain_order=True).items():
        county, month = part["county"][0], part["month"][0]
        stem = f"{county}_{month:%Y-%m}"
        register = part.select([pl.col(k).cast(pl.String).alias(v) for k, v in REGISTER.items()])
        system = part.filter(pl.col("in_system")).select([pl.col(k).cast(pl.String).alias(v) for k, v in SYSTEM.items()])
        form = slot % 10
        if form == 9:
            register.write_excel(directory / f"{stem}_register.xlsx", autofit=False)
        else:
            text = register.write_csv()
            (directory / f"{stem}_register.csv").write_bytes(text.encode("gbk" if form == 8 else "utf-8"))
        (directory / f"{stem}_system.csv").write_text(system.write_csv(), encoding="utf-8")
        written += 2
    return written
