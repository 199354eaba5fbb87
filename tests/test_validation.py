from datetime import date

import polars as pl
import pytest

from ingest.landing import RAW_SCHEMA
from rules.validation import validate_rows

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
        ("register", {"visit_date": None}, "来访日期 (visit_date) is empty"),
        ("register", {"visit_date": "2017-13-45"}, "来访日期 (visit_date) '2017-13-45' is not a date"),
        ("register", {"visit_date": "2017-07-01"}, "来访日期 (visit_date) 2017-07-01 is after the file's month 2017-06"),
        ("register", {"persons": "0"}, "人数 (persons) '0' is not a whole number ≥ 1"),
        ("register", {"persons": "若干"}, "人数 (persons) '若干' is not a whole number ≥ 1"),
        ("register", {"visit_kind": "团体访"}, "访别 (visit_kind) '团体访' is not one of"),
        ("register", {"level": "出国"}, "去向 (level) '出国' is not one of"),
        ("register", {"category": "火星类"}, "问题类别 (category) '火星类' is not one of"),
        ("register", {"visit_kind": "集体访", "persons": "4"}, "集体访 needs 人数 (persons) ≥ 5, got 4"),
        ("register", {"persons": "5"}, "个人访 needs 人数 (persons) ≤ 4, got 5"),
        ("system", {"entry_date": None}, "录入日期 (entry_date) is empty"),
        ("system", {"entry_date": "n/a"}, "录入日期 (entry_date) 'n/a' is not a date"),
        ("system", {"entry_date": "2017-06-08"}, "录入日期 (entry_date) 2017-06-08 is before 来访日期 (visit_date) 2017-06-09"),
    ],
)
def test_each_rule_names_column_and_value(ref, kind, changes, expected):
    assert expected in (validate(ref, kind, **changes)["reject_reason"] or "")


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
