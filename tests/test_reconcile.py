from datetime import date, timedelta

import polars as pl
import pytest

from petitions.rules.reconcile import late_entries, overdue_cases, pending_entries, repeat_petitioners, system_only_cases, unentered_cases

AS_OF = date(2017, 6, 30)


def visit(case_id="A", **values):
    return {"case_id": case_id, "county_code": "410204", "visit_date": date(2017, 6, 1), "in_register": True,
            "in_system": False, "entry_date": None, "entry_lag_days": None, "accepted_date": None,
            "closed_date": None, "extended": False, "petitioner_key": None, "persons": 1, "level": "来市"} | values


@pytest.mark.parametrize(("days_ago", "unentered"), [(15, False), (16, True), (0, False)])
def test_entry_deadline_edge(days_ago, unentered):
    frame = pl.LazyFrame([visit(visit_date=AS_OF - timedelta(days=days_ago))])
    assert unentered_cases(frame, AS_OF).collect().height == int(unentered)
    assert pending_entries(frame, AS_OF).collect().height == int(not unentered)


def test_configurable_entry_deadline():
    frame = pl.LazyFrame([visit(visit_date=AS_OF - timedelta(days=20))])
    assert unentered_cases(frame, AS_OF, deadline_days=30).collect().is_empty()


@pytest.mark.parametrize(("lag", "late"), [(15, False), (16, True)])
def test_late_entry_edge(lag, late):
    frame = pl.LazyFrame([visit(in_system=True, entry_lag_days=lag)])
    assert late_entries(frame).collect().height == int(late)


def test_system_only():
    frame = pl.LazyFrame([visit("A", in_register=False, in_system=True), visit("B", in_system=True)])
    assert system_only_cases(frame).collect()["case_id"].to_list() == ["A"]


@pytest.mark.parametrize(
    ("accepted", "extended", "closed", "due", "days_overdue"),
    [
        (date(2017, 1, 31), False, None, date(2017, 2, 28), 122),
        (date(2016, 1, 31), False, date(2016, 3, 1), date(2016, 2, 29), 1),
        (date(2017, 3, 31), True, date(2017, 6, 1), date(2017, 5, 31), 1),
        (date(2017, 5, 3), False, date(2017, 6, 3), date(2017, 6, 3), None),
        (date(2017, 5, 31), False, None, date(2017, 6, 30), None),
    ],
)
def test_handling_deadline_clamps_and_extends(accepted, extended, closed, due, days_overdue):
    frame = pl.LazyFrame([visit(accepted_date=accepted, extended=extended, closed_date=closed)])
    found = overdue_cases(frame, AS_OF).collect()
    if days_overdue is None:
        assert found.is_empty()
    else:
        assert found.select("due_date", "days_overdue").row(0) == (due, days_overdue)


@pytest.mark.parametrize(
    ("extended", "period", "extended_period", "due"),
    [(False, "60d", "90d", date(2017, 4, 29)), (True, "60d", "90d", date(2017, 5, 29)),
     (True, "1mo", "2mo", date(2017, 4, 28))],
)
def test_regulation_2022_policy_is_configuration(extended, period, extended_period, due):
    frame = pl.LazyFrame([visit(accepted_date=date(2017, 2, 28), extended=extended)])
    assert overdue_cases(frame, AS_OF, period, extended_period).collect()["due_date"].to_list() == [due]


def test_repeat_petitioners_count_same_day_visits_and_skip_unknown():
    frame = pl.LazyFrame([
        visit("A", petitioner_key="p1", level="来市"), visit("B", petitioner_key="p1", level="赴京", persons=6),
        visit("C", petitioner_key="p2"), visit("D"), visit("E"),
        visit("F", petitioner_key="p2", visit_date=date(2016, 12, 31)),
    ])
    found = repeat_petitioners(frame, date(2017, 1, 1), AS_OF).collect()
    assert found.select("petitioner_key", "visits", "persons", "levels").rows() == [("p1", 2, 7, "来市、赴京")]
