from datetime import date

import polars as pl

from checks.expectations import validate_case_records


def records(**changes) -> pl.DataFrame:
    base = {"kind": ["register", "system"], "county_code": ["410204", "410204"], "case_id": ["A", "A"],
            "visit_date": [date(2017, 1, 1)] * 2, "visit_kind": ["个人访"] * 2, "persons": [1, 1],
            "level": ["来市"] * 2, "category": ["其他"] * 2, "entry_date": [None, date(2017, 1, 2)],
            "source_file": ["410204_2017-01_register.csv", "410204_2017-01_system.csv"], "row_number": [3, 4]}
    return pl.DataFrame(base | changes, schema_overrides={"entry_date": pl.Date})


def failed(summary: dict, side: str) -> set[tuple[str, str]]:
    return {(f["expectation"], str(f["column"])) for f in summary[side]["failed"]}


def test_clean_records_pass_both_suites(ref):
    summary = validate_case_records(records(), ref)
    assert summary["register"]["success"] and summary["system"]["success"]
    assert summary["register"]["evaluated"] == 13 and summary["system"]["evaluated"] == 14


def test_each_broken_property_is_reported_without_values(ref):
    broken = records(kind=["register", "register"], persons=[0, 2], visit_kind=["个人访", "团体访"],
                     county_code=["410204", "410204"])
    summary = validate_case_records(broken, ref)
    assert failed(summary, "register") == {
        ("expect_column_values_to_be_between", "persons"),
        ("expect_column_values_to_be_in_set", "visit_kind"),
        ("expect_compound_columns_to_be_unique", "['county_code', 'case_id']"),
    }
    assert "团体访" not in str(summary)
    rows = {f["expectation"]: f["first_rows"] for f in summary["register"]["failed"]}
    assert rows["expect_column_values_to_be_between"] == ["410204_2017-01_register.csv row 3"]
    assert rows["expect_column_values_to_be_in_set"] == ["410204_2017-01_system.csv row 4"]


def test_system_records_need_entry_dates(ref):
    summary = validate_case_records(records(entry_date=[None, None]), ref)
    assert failed(summary, "system") == {("expect_column_values_to_not_be_null", "entry_date")}
