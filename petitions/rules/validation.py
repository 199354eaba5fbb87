"""Row validation of contract §5: typed columns plus a readable ``reject_reason`` (null = accepted).

A reason names the file, the visible row and the column and says what is wrong; it never quotes
the cell, because a row shifted by one cell puts names and ID numbers into any column.
"""

from __future__ import annotations

import polars as pl
import polars.selectors as cs

from petitions.reference import FIELDS as RAW_FIELDS
from petitions.reference import Reference
from petitions.rules.ids import id_is_valid, normalised_id
from petitions.rules.normalise import canonical, clean_case_id, halfwidth, parse_date, parse_int

LABELS = {
    "case_id": "登记编号", "visit_date": "来访日期", "persons": "人数", "visit_kind": "访别",
    "level": "去向", "category": "问题类别", "entry_date": "录入日期",
    "reception_mode": "接待方式", "handling": "办理方式", "extended": "是否延期",
}
OPTIONAL_ENUMS = ("reception_mode", "handling", "extended")
MIN_GROUP_PERSONS = 5
MAX_PERSONS = 10_000
MAX_YEARS_BEFORE_FILE_MONTH = 5


def label(field: str) -> str:
    return f"{LABELS[field]} ({field})"


def _raw(field: str) -> pl.Expr:
    return pl.col(f"raw_{field}")


def _optional(field: str, ref: Reference) -> pl.Expr:
    return canonical(_raw(field), ref.enum_lookup[field])


def _per_value(ref: Reference) -> dict[str, dict[str, pl.Expr]]:
    """Typed values that depend on one raw cell only, by raw field: computed once per distinct value."""
    enums = ref.enum_lookup

    def blank(field: str) -> pl.Expr:
        return halfwidth(_raw(field)).is_null()

    def optional(field: str, default: pl.Expr, typed: pl.Expr) -> dict[str, pl.Expr]:
        return {field: pl.when(blank(field)).then(default).otherwise(typed),
                f"invalid_{field}": ~blank(field) & _optional(field, ref).is_null()}

    per_value = {
        "visit_date": {"visit_date": parse_date(_raw("visit_date"))},
        "persons": {"persons": parse_int(_raw("persons"))},
        "visit_kind": {"visit_kind": canonical(_raw("visit_kind"), enums["visit_kind"])},
        "level": {"level": canonical(_raw("level"), enums["level"])},
        "category": {"category": canonical(_raw("category"), ref.category_lookup)},
        "reception_mode": optional("reception_mode", pl.lit("日常接待"), _optional("reception_mode", ref)),
        "handling": optional("handling", pl.lit(None, pl.String), _optional("handling", ref)),
        "extended": optional("extended", pl.lit(False), _optional("extended", ref) == "是"),
        # 接待领导 is free text: only a leader of leaders.csv (or an alias) reaches the facts
        "receiving_leader": {"leader": canonical(_raw("receiving_leader"), ref.leader_lookup)},
        "accepted_date": {"accepted_date": parse_date(_raw("accepted_date"))},
        "closed_date": {"closed_date": parse_date(_raw("closed_date"))},
        "entry_date": {"entry_date": parse_date(_raw("entry_date"))},
        "id_number": {"id_number": normalised_id(_raw("id_number"))},
    }
    for field in ("visit_date", "persons", "visit_kind", "level", "category", "entry_date"):
        per_value[field][f"blank_{field}"] = blank(field)
    return per_value


# read the column the first stage wrote: id_is_valid names its input 20 times, and on the expression
# itself each would normalise again (1.4 s instead of 0.2 s for 326 k distinct IDs, measured)
_SECOND_STAGE = {"id_number": {"id_invalid": pl.col("id_number").is_not_null() & ~id_is_valid(pl.col("id_number"))}}


def typed_rows(lf: pl.LazyFrame, ref: Reference) -> pl.LazyFrame:
    """Raw string fields (renamed ``raw_*``) alongside their typed, canonical values, and a
    ``blank_<field>`` flag for each required field.

    An optional enumeration outside the reference list is null and flagged ``invalid_<field>``:
    the visit still counts, and only reference values reach the marts. Registers repeat a few
    hundred dates and a handful of enumerations a million times: each distinct raw value is
    normalised once and joined back."""
    raw = lf.rename({f: f"raw_{f}" for f in RAW_FIELDS})
    columns = [raw.with_columns(clean_case_id(_raw("case_id")).alias("case_id"))]
    for field, outputs in _per_value(ref).items():
        # joined on the one column and put beside the rows: a join of the whole frame would copy
        # every column once per field
        values = raw.select(f"raw_{field}")
        table = values.unique().with_columns(**outputs)
        if field in _SECOND_STAGE:
            table = table.with_columns(**_SECOND_STAGE[field])
        columns.append(values.join(table, on=f"raw_{field}", how="left", nulls_equal=True, maintain_order="left")
                       .drop(f"raw_{field}"))
    return pl.concat(columns, how="horizontal")


def _reasons(ref: Reference, max_persons: int) -> list[pl.Expr]:
    month_end = pl.col("file_month").dt.month_end()
    earliest = pl.col("file_month").dt.offset_by(f"-{MAX_YEARS_BEFORE_FILE_MONTH}y")

    def missing_or(field: str, bad: pl.Expr, what: str) -> pl.Expr:
        return (pl.when(pl.col(f"blank_{field}")).then(pl.lit(f"{label(field)} is empty"))
                .when(bad).then(pl.lit(f"{label(field)} {what}")))

    def unknown(field: str) -> pl.Expr:
        allowed = "、".join(ref.canonical_values(field))
        return missing_or(field, pl.col(field).is_null(), f"is not one of {allowed} (or a listed synonym)")

    def when(condition: pl.Expr, text: str) -> pl.Expr:
        return pl.when(condition).then(pl.lit(text))

    return [
        when(pl.col("case_id").is_null(), f"{label('case_id')} is empty"),
        missing_or("visit_date", pl.col("visit_date").is_null(), "is not a date"),
        when(pl.col("visit_date") > month_end, f"{label('visit_date')} is after the file's month"),
        when(pl.col("visit_date") < earliest,
             f"{label('visit_date')} is more than {MAX_YEARS_BEFORE_FILE_MONTH} years before the file's month"),
        missing_or("persons", ~pl.col("persons").is_between(1, max_persons).fill_null(False),
                   f"is not a whole number from 1 to {max_persons}"),
        unknown("visit_kind"),
        unknown("level"),
        unknown("category"),
        when((pl.col("visit_kind") == "集体访") & (pl.col("persons") < MIN_GROUP_PERSONS),
             f"访别 集体访 needs {label('persons')} ≥ {MIN_GROUP_PERSONS}"),
        when((pl.col("visit_kind") == "个人访") & (pl.col("persons") >= MIN_GROUP_PERSONS),
             f"访别 个人访 needs {label('persons')} ≤ {MIN_GROUP_PERSONS - 1}"),
        pl.when(pl.col("kind") == "system").then(
            missing_or("entry_date", pl.col("entry_date").is_null(), "is not a date")
            .when(pl.col("entry_date") < pl.col("visit_date"))
            .then(pl.lit(f"{label('entry_date')} is before {label('visit_date')}"))),
    ]


def validate_rows(lf: pl.LazyFrame, ref: Reference, max_persons: int = MAX_PERSONS) -> pl.LazyFrame:
    """Every row with its typed values and ``reject_reason``: the file, the row and all failed rules."""
    failed = pl.concat_str(_reasons(ref, max_persons), separator="; ", ignore_nulls=True)
    return typed_rows(lf, ref).with_columns(
        pl.when(failed != "")
        .then(pl.format("{} row {}: {}", "source_file", "row_number", failed))
        .alias("reject_reason")
    ).drop(cs.starts_with("blank_"))


def invalid_values(validated: pl.LazyFrame) -> pl.LazyFrame:
    """One row per accepted row × optional enumeration whose value is not in the reference list."""
    return (
        validated.filter(pl.col("reject_reason").is_null())
        .unpivot(index=["source_file", "row_number", "case_id", "county_code", "kind"],
                 on=[f"invalid_{f}" for f in OPTIONAL_ENUMS], variable_name="column", value_name="invalid")
        .filter(pl.col("invalid"))
        .with_columns(pl.col("column").str.strip_prefix("invalid_")
                      .replace_strict({f: label(f) for f in OPTIONAL_ENUMS}, return_dtype=pl.String))
        .select("source_file", "row_number", "case_id", "county_code", "kind", "column")
        .sort("source_file", "row_number", "column")
    )


def rejected_row_values(validated: pl.LazyFrame) -> pl.LazyFrame:
    """The raw cells of every rejected row, for the restricted schema only (they may hold anything)."""
    return (
        validated.filter(pl.col("reject_reason").is_not_null())
        .unpivot(index=["source_file", "row_number"], on=[f"raw_{f}" for f in RAW_FIELDS],
                 variable_name="column", value_name="value")
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.col("column").str.strip_prefix("raw_"))
        .sort("source_file", "row_number", "column")
    )
