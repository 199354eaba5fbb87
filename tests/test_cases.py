from datetime import date

import polars as pl
import pytest

from petitions.rules.cases import case_records, duplicate_rows, fact_visits, field_mismatches


def rec(kind, case_id, month, row, **values):
    base = {"kind": kind, "county_code": "410204", "case_id": case_id, "source_file": f"{month:%Y-%m}_{kind}",
            "file_month": month, "row_number": row, "visit_date": date(2017, 6, 9), "visit_kind": "个人访",
            "persons": 2, "level": "来市", "category": "其他", "id_number": None, "id_invalid": False,
            "reception_mode": "日常接待", "leader": None, "handling": None, "accepted_date": None, "closed_date": None,
            "extended": False, "entry_date": date(2017, 6, 10) if kind == "system" else None}
    return base | values


MAY, JUN = date(2017, 5, 1), date(2017, 6, 1)


def test_winner_is_latest_month_then_lowest_row():
    rows = pl.LazyFrame([rec("system", "A", MAY, 3), rec("system", "A", JUN, 9), rec("system", "A", JUN, 4),
                         rec("register", "A", MAY, 8)])
    winners = case_records(rows).collect()
    assert winners.filter(pl.col("kind") == "system").select("source_file", "row_number").row(0) == ("2017-06_system", 4)
    dups = duplicate_rows(rows).collect()
    assert set(dups.select("source_file", "row_number").rows()) == {("2017-05_system", 3), ("2017-06_system", 9)}
    assert dups["kept_row_number"].to_list() == [4, 4]


def test_same_case_id_in_two_counties_are_two_visits():
    rows = pl.LazyFrame([rec("register", "A", JUN, 3), rec("register", "A", JUN, 4, county_code="410202")])
    assert duplicate_rows(rows).collect().is_empty()
    assert fact_visits(case_records(rows), "k").collect().height == 2


def test_register_values_win_and_sides_are_flagged():
    rows = pl.LazyFrame([
        rec("register", "A", JUN, 3, persons=3), rec("system", "A", JUN, 5, persons=4),
        rec("register", "B", JUN, 4), rec("system", "C", JUN, 6, entry_date=date(2017, 6, 30)),
    ])
    facts = {r["case_id"]: r for r in fact_visits(case_records(rows), "k").collect().iter_rows(named=True)}
    assert facts["A"]["persons"] == 3 and facts["A"]["in_register"] and facts["A"]["in_system"]
    assert facts["B"]["in_register"] and not facts["B"]["in_system"] and facts["B"]["entry_lag_days"] is None
    assert not facts["C"]["in_register"] and facts["C"]["entry_lag_days"] == 21


def test_petitioner_key_uses_a_valid_id_from_either_side():
    rows = pl.LazyFrame([
        rec("register", "A", JUN, 3, id_number="110105194912310021", id_invalid=True),
        rec("system", "A", JUN, 3, id_number="11010519491231002X"),
        rec("register", "B", JUN, 4, id_number="11010519491231002X"),
        rec("register", "C", JUN, 5, id_number="110105194912310021", id_invalid=True),
    ])
    keys = dict(fact_visits(case_records(rows), "k").collect().select("case_id", "petitioner_key").rows())
    assert keys["A"] == keys["B"] is not None and keys["C"] is None


@pytest.mark.parametrize(
    ("field", "register", "system"),
    [("visit_date", date(2017, 6, 9), date(2017, 6, 8)), ("visit_kind", "集体访", "个人访"), ("persons", 5, 6),
     ("level", "来市", "到省"), ("category", "其他", "政法")],
)
def test_each_differing_field_is_one_mismatch(field, register, system):
    rows = pl.LazyFrame([rec("register", "A", JUN, 3, **{field: register}), rec("system", "A", JUN, 3, **{field: system})])
    found = field_mismatches(case_records(rows)).collect()
    assert found.select("field", "register_value", "system_value").rows() == [(field, str(register), str(system))]
