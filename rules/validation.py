"""Row validation of contract §5: typed columns plus a readable ``reject_reason`` (null = accepted)."""

from __future__ import annotations

import polars as pl

from ingest.readers import FIELDS as RAW_FIELDS
from reference import Reference
from rules.ids import id_is_valid, normalised_id
from rules.normalise import canonical, halfwidth, parse_date, parse_int

LABELS = {
    "case_id": "登记编号", "visit_date": "来访日期", "persons": "人数", "visit_kind": "访别",
    "level": "去向", "category": "问题类别", "entry_date": "录入日期",
}
MIN_GROUP_PERSONS = 5


def _label(field: str) -> str:
    return f"{LABELS[field]} ({field})"


def _raw(field: str) -> pl.Expr:
    return pl.col(f"raw_{field}")


def typed_rows(lf: pl.LazyFrame, ref: Reference) -> pl.LazyFrame:
    """Raw string fields (renamed ``raw_*``) alongside their typed, canonical values."""
    enums = ref.enum_lookup
    return lf.rename({f: f"raw_{f}" for f in RAW_FIELDS}).with_columns(
        halfwidth(_raw("case_id")).str.to_uppercase().alias("case_id"),
        parse_date(_raw("visit_date")).alias("visit_date"),
        parse_int(_raw("persons")).alias("persons"),
        canonical(_raw("visit_kind"), enums["visit_kind"]).alias("visit_kind"),
        canonical(_raw("level"), enums["level"]).alias("level"),
        canonical(_raw("category"), ref.category_lookup).alias("category"),
        pl.coalesce(canonical(_raw("reception_mode"), enums["reception_mode"]), halfwidth(_raw("reception_mode")),
                    pl.lit("日常接待")).alias("reception_mode"),
        pl.coalesce(canonical(_raw("handling"), enums["handling"]), halfwidth(_raw("handling"))).alias("handling"),
        parse_date(_raw("accepted_date")).alias("accepted_date"),
        parse_date(_raw("closed_date")).alias("closed_date"),
        (canonical(_raw("extended"), enums["extended"]) == "是").fill_null(False).alias("extended"),
        parse_date(_raw("entry_date")).alias("entry_date"),
        normalised_id(_raw("id_number")).alias("id_number"),
    ).with_columns(
        (pl.col("id_number").is_not_null() & ~id_is_valid(pl.col("id_number"))).alias("id_invalid"),
    )


def _shown(field: str) -> pl.Expr:
    return pl.format("'{}'", _raw(field).str.strip_chars())


def _reasons(ref: Reference) -> list[pl.Expr]:
    month_end = pl.col("file_month").dt.month_end()

    def missing_or(field: str, bad: pl.Expr, what: str) -> pl.Expr:
        empty = halfwidth(_raw(field)).is_null()
        return (
            pl.when(empty).then(pl.lit(f"{_label(field)} is empty"))
            .when(bad).then(pl.format(f"{_label(field)} {{}} {what}", _shown(field)))
        )

    def unknown(field: str) -> pl.Expr:
        allowed = "、".join(ref.canonical_values(field))
        return missing_or(field, pl.col(field).is_null(), f"is not one of {allowed} (or a listed synonym)")

    return [
        pl.when(pl.col("case_id").is_null()).then(pl.lit(f"{_label('case_id')} is empty")),
        missing_or("visit_date", pl.col("visit_date").is_null(), "is not a date"),
        pl.when(pl.col("visit_date") > month_end).then(
            pl.format(f"{_label('visit_date')} {{}} is after the file's month {{}}",
                      pl.col("visit_date"), pl.col("file_month").dt.strftime("%Y-%m"))),
        missing_or("persons", pl.col("persons").is_null() | (pl.col("persons") < 1), "is not a whole number ≥ 1"),
        unknown("visit_kind"),
        unknown("level"),
        unknown("category"),
        pl.when((pl.col("visit_kind") == "集体访") & (pl.col("persons") < MIN_GROUP_PERSONS)).then(
            pl.format(f"访别 集体访 needs {_label('persons')} ≥ {MIN_GROUP_PERSONS}, got {{}}", pl.col("persons"))),
        pl.when((pl.col("visit_kind") == "个人访") & (pl.col("persons") >= MIN_GROUP_PERSONS)).then(
            pl.format(f"访别 个人访 needs {_label('persons')} ≤ {MIN_GROUP_PERSONS - 1}, got {{}}", pl.col("persons"))),
        pl.when(pl.col("kind") == "system").then(
            missing_or("entry_date", pl.col("entry_date").is_null(), "is not a date")
            .when(pl.col("entry_date") < pl.col("visit_date")).then(
                pl.format(f"{_label('entry_date')} {{}} is before {_label('visit_date')} {{}}",
                          pl.col("entry_date"), pl.col("visit_date")))),
    ]


def validate_rows(lf: pl.LazyFrame, ref: Reference) -> pl.LazyFrame:
    """Every row with its typed values and ``reject_reason``: all failed rules joined by '; '."""
    return typed_rows(lf, ref).with_columns(
        pl.concat_str(_reasons(ref), separator="; ", ignore_nulls=True).alias("reject_reason")
    ).with_columns(pl.when(pl.col("reject_reason") != "").then(pl.col("reject_reason")).alias("reject_reason"))
