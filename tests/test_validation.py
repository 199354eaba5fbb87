from datetime import date

import polars as pl
import pytest

from petitions.ingest.landing import RAW_SCHEMA
from petitions.rules.validation import validate_rows

GOOD = {"case_id": "XF001", "visit_date": "2017-06-09", "petitioner_name": "张三", "visit_kind": "个人访",
        "persons": "2", "level": "来市", "category": "城建", "entry_date": "2017-06-10"}


def validate(ref, kind: str = "register", **changes) -> dict:
    row = {k: None for k in RAW_SCHEMA} | GOOD | changes | {
        "source_file": f"410204_2017-06_{kind}.csv", "kind": kind, "county_code": "410204",
        "file_month": date(2017, 6, 1), "row_number": 7}
    return validate_rows(pl.LazyFrame([row], schema=RAW_SCHEMA), ref).collect().row(0, named=True)


def test_a_good_row_is_accepted_with_canonical_values(ref):
    row = validate(ref, case_id=" ｘｆ００１ ", visit_kind="个访", level="到市", category="城建", persons="2人")
    assert row["reject_reason"] is None
    assert (row["case_id"], row["visit_kind"], row["level"], row["category"], row["persons"]) == (
        "XF001", "个人访", "来市", "城乡建设", 2)
    assert row["reception_mode"] == "日常接待" and row["extended"] is False


@pytest.mark.parametrize(
    ("kind", "changes", "expected"),
    [
        ("register", {"case_id": "  "}, "登记编号 (case_id) is empty"),
        ("register", {"case_id": "\u200b\x00"}, "登记编号 (case_id) is empty"),
        ("register", {"visit_date": None}, "来访日期 (visit_date) is empty"),
        ("register", {"visit_date": "2017-13-45"}, "来访日期 (visit_date) is not a date"),
        ("register", {"visit_date": "2017-07-01"}, "来访日期 (visit_date) is after the file's month"),
        ("register", {"visit_date": "2012-05-31"}, "来访日期 (visit_date) is more than 5 years before the file's month"),
        ("register", {"persons": "0"}, "人数 (persons) is not a whole number from 1 to 10000"),
        ("register", {"persons": "若干"}, "人数 (persons) is not a whole number from 1 to 10000"),
        ("register", {"persons": "10001", "visit_kind": "集体访"}, "人数 (persons) is not a whole number from 1 to 10000"),
        ("register", {"visit_kind": "团体访"}, "访别 (visit_kind) is not one of"),
        ("register", {"level": "出国"}, "去向 (level) is not one of"),
        ("register", {"category": "火星类"}, "问题类别 (category) is not one of"),
        ("register", {"visit_kind": "集体访", "persons": "4"}, "集体访 needs 人数 (persons) ≥ 5"),
        ("register", {"persons": "5"}, "个人访 needs 人数 (persons) ≤ 4"),
        ("system", {"entry_date": None}, "录入日期 (entry_date) is empty"),
        ("system", {"entry_date": "n/a"}, "录入日期 (entry_date) is not a date"),
        ("system", {"entry_date": "2017-06-08"}, "录入日期 (entry_date) is before 来访日期 (visit_date)"),
    ],
)
def test_each_rule_names_file_row_and_column_never_the_value(ref, kind, changes, expected):
    reason = validate(ref, kind, **changes)["reject_reason"] or ""
    assert reason.startswith(f"410204_2017-06_{kind}.csv row 7: ") and expected in reason
    shown = [v for v in changes.values() if v and len(v.strip()) >= 3 and v not in expected]
    assert not [v for v in shown if v in reason]


def test_a_shifted_row_never_puts_personal_data_into_the_reason(ref):
    reason = validate(ref, visit_kind="张三 110105194912310021", level="13800138000")["reject_reason"]
    assert "张三" not in reason and "110105194912310021" not in reason and "13800138000" not in reason


@pytest.mark.parametrize("max_persons", [50, 10_000])
def test_the_persons_ceiling_is_configuration(ref, max_persons):
    row = {k: None for k in RAW_SCHEMA} | GOOD | {"persons": "60", "visit_kind": "集体访", "source_file": "f.csv",
                                                  "kind": "register", "county_code": "410204",
                                                  "file_month": date(2017, 6, 1), "row_number": 2}
    out = validate_rows(pl.LazyFrame([row], schema=RAW_SCHEMA), ref, max_persons).collect().row(0, named=True)
    assert (out["reject_reason"] is None) == (max_persons >= 60)


@pytest.mark.parametrize(("field", "value", "typed"), [
    ("reception_mode", "<img src=x onerror=alert(1)>", None), ("reception_mode", None, "日常接待"),
    ("reception_mode", "领导接访", "领导接访"), ("handling", "张三说处理不公", None), ("handling", "交办", "交办"),
    ("extended", "也许", None), ("extended", "是", True), ("extended", None, False),
])
def test_optional_enumerations_hold_reference_values_or_null(ref, field, value, typed):
    row = validate(ref, **{field: value})
    assert row["reject_reason"] is None and row[field] == typed
    assert row[f"invalid_{field}"] is (typed is None)


def test_invalid_optional_values_are_listed_without_the_value(ref):
    from petitions.rules.validation import invalid_values

    rows = [{k: None for k in RAW_SCHEMA} | GOOD | {"reception_mode": "张三", "handling": "交办", "source_file": "f.csv",
                                                     "kind": "register", "county_code": "410204",
                                                     "file_month": date(2017, 6, 1), "row_number": 9}]
    found = invalid_values(validate_rows(pl.LazyFrame(rows, schema=RAW_SCHEMA), ref)).collect()
    assert found.rows() == [("f.csv", 9, "XF001", "410204", "register", "接待方式 (reception_mode)")]


@pytest.mark.parametrize("raw", ["XF001\x00", "\u200bXF001", "xf００1\u200d", " XF001\ufeff"])
def test_invisible_characters_are_cleaned_from_case_ids(ref, raw):
    assert validate(ref, case_id=raw)["case_id"] == "XF001"


@pytest.mark.parametrize(("kind", "persons"), [("集体访", "5"), ("个人访", "4"), ("个人访", "1")])
def test_kind_person_boundaries_are_accepted(ref, kind, persons):
    assert validate(ref, visit_kind=kind, persons=persons)["reject_reason"] is None


def test_register_rows_need_no_entry_date(ref):
    assert validate(ref, "register", entry_date=None)["reject_reason"] is None


def test_visit_on_the_last_day_of_the_file_month_is_accepted(ref):
    assert validate(ref, visit_date="2017-06-30")["reject_reason"] is None


def test_several_failures_are_all_reported(ref):
    reason = validate(ref, persons="0", level="出国")["reject_reason"]
    assert "人数" in reason and "去向" in reason and "; " in reason


def test_invalid_id_does_not_reject_the_row(ref):
    row = validate(ref, id_number="110105194912310021")
    assert row["reject_reason"] is None and row["id_invalid"] is True
    assert validate(ref, id_number="11010519491231002x")["id_invalid"] is False
    assert validate(ref, id_number=None)["id_invalid"] is False
