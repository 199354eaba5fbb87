from datetime import date, timedelta

import polars as pl
import pytest

from petitions.reference import load_reference
from petitions.report.text import category_sections, trend_sentences
from petitions.rules.marts import category_share, trend

AS_OF = date(2017, 12, 31)


def visits(spec: list[tuple[int, str, str, int, str]]) -> pl.LazyFrame:
    """(year, level, kind, persons, category) → one visit each, dated within the year-to-date span."""
    return pl.LazyFrame(
        [{"visit_date": date(y, 3, 1) + timedelta(days=i % 200), "level": lv, "visit_kind": k, "persons": p,
          "category": c, "reception_mode": "日常接待"} for i, (y, lv, k, p, c) in enumerate(spec)],
    )


def batches(year: int, n: int, persons_total: int, level="赴京", kind="集体访", category="其他"):
    if n == 0:
        return []
    each, rest = divmod(persons_total, n)
    return [(year, level, kind, each + (1 if i < rest else 0), category) for i in range(n)]


def sentences(spec, as_of=AS_OF) -> list[str]:
    return trend_sentences(trend(visits(spec), as_of).collect())


def test_the_bureaus_own_example():
    spec = batches(2017, 63, 316) + batches(2016, 49, 363)
    assert sentences(spec) == ["赴京集访63批316人,与去年同期49批363人相比,批数上升28.6%,人数下降12.9%"]


@pytest.mark.parametrize(
    ("cur", "prev", "expected"),
    [
        ((10, 50), (10, 50), "赴京集访10批50人,与去年同期10批50人相比,批数持平0.0%,人数持平0.0%"),
        ((3, 15), (0, 0), "赴京集访3批15人,去年同期无此类来访"),
        ((0, 0), (4, 20), "赴京集访0批0人,与去年同期4批20人相比,批数下降100.0%,人数下降100.0%"),
        # 1/8 = 12.5 %, 1/40 = 2.5 %: exact halves round up
        ((9, 41), (8, 40), "赴京集访9批41人,与去年同期8批40人相比,批数上升12.5%,人数上升2.5%"),
        # 49/400 = 12.25 % → 12.3 half-up (banker's rounding would say 12.2); 245/2000 likewise
        ((449, 2245), (400, 2000), "赴京集访449批2245人,与去年同期400批2000人相比,批数上升12.3%,人数上升12.3%"),
        # 1/3 = 33.33… % and 2/3 = 66.66… %
        ((4, 50), (3, 150), "赴京集访4批50人,与去年同期3批150人相比,批数上升33.3%,人数下降66.7%"),
    ],
)
def test_wording_cases(cur, prev, expected):
    assert sentences(batches(2017, *cur) + batches(2016, *prev)) == [expected]


def test_half_up_at_x_x5():
    # 400 → 401.8 would be 0.45 %; use 2000 → 2001: 0.05 % rounds half-up to 0.1
    spec = batches(2017, 2001, 10005) + batches(2016, 2000, 10000)
    assert sentences(spec) == ["赴京集访2001批10005人,与去年同期2000批10000人相比,批数上升0.1%,人数上升0.1%"]


def test_rows_without_visits_are_left_out_and_order_is_level_then_kind():
    spec = batches(2017, 1, 1, "到县", "个人访") + batches(2017, 5, 30, "到省", "集体访") + batches(2017, 2, 2, "到省", "个人访")
    got = sentences(spec)
    assert [s[:4] for s in got] == ["到省集访", "到省个访", "到县个访"]


@pytest.mark.parametrize(
    ("as_of", "dates"),
    [
        # as of Feb 28: last year's span ends Feb 28, so Feb 29 and Mar 1 of 2016 are outside it
        (date(2017, 2, 28), [date(2017, 2, 28), date(2016, 2, 28), date(2016, 2, 29), date(2016, 3, 1)]),
        # as of a leap day: last year's span is clamped to Feb 28
        (date(2016, 2, 29), [date(2016, 2, 29), date(2015, 2, 28), date(2015, 3, 1)]),
    ],
)
def test_previous_period_is_the_same_span_last_year(as_of, dates):
    frame = pl.LazyFrame([{"visit_date": d, "level": "来市", "visit_kind": "个人访", "persons": 1} for d in dates])
    row = trend(frame, as_of).collect().filter(pl.col("level") == "来市", pl.col("visit_kind") == "个人访")
    assert (row["batches"].item(), row["prev_batches"].item()) == (1, 1)


def test_category_lines_largest_first_ties_in_reference_order():
    ref = load_reference()
    spec = (batches(2017, 3, 3, "来市", "个人访", "环境保护") + batches(2017, 3, 3, "来市", "个人访", "城乡建设")
            + batches(2017, 2, 2, "来市", "个人访", "其他"))
    shares = category_share(visits(spec), AS_OF, ref.categories).collect()
    assert category_sections(shares) == [("来市个访", [
        "城乡建设类3批3人,占比37.5%", "环境保护类3批3人,占比37.5%", "其他类2批2人,占比25.0%"])]


def test_summary_markdown_puts_trend_first_then_categories():
    from tests_support import facts

    from petitions.report.compose import ReportOptions, compose, markdown

    ref = load_reference()
    spec = batches(2017, 63, 316) + batches(2016, 49, 363)
    frame = facts([{"visit_date": v["visit_date"], "level": v["level"], "visit_kind": v["visit_kind"],
                    "persons": v["persons"], "category": v["category"]} for v in visits(spec).collect().iter_rows(named=True)])
    empty = pl.DataFrame(schema={"county_code": pl.String})
    md = markdown(compose(frame, empty, empty, AS_OF, ref, ReportOptions()))
    lines = md.splitlines()
    trend_at = lines.index("赴京集访63批316人,与去年同期49批363人相比,批数上升28.6%,人数下降12.9%")
    assert lines.index("### 赴京集访") > trend_at
    assert "其他类63批316人,占比100.0%" in lines
