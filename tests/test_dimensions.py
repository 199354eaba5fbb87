"""Conformed dimensions: built from the reference tables, and every fact key has its dimension row."""

from datetime import date

import polars as pl
import pytest
from tests_support import query

from petitions.rules import dimensions as dims


def test_dimensions_carry_display_names_and_sort_orders(ref):
    assert dims.dim_level()["level"].to_list() == ["赴京", "到省", "来市", "到县"]
    assert dims.dim_visit_kind().rows() == [("集体访", "集访", 1), ("个人访", "个访", 2)]
    assert dims.dim_category(ref).row(0) == ("城乡建设", "城乡建设类", 1)
    county = dims.dim_county(ref)
    assert county.height == 10 and county.row(0) == ("410202", "龙亭区", 1, "开封市")


@pytest.mark.parametrize(("day", "same_day"), [(date(2024, 2, 29), date(2023, 2, 28)), (date(2024, 3, 1), date(2023, 3, 1))])
def test_the_date_dimension_knows_the_same_day_last_year(day, same_day):
    d = dims.dim_date(date(2023, 5, 1), date(2024, 6, 30))
    assert d.height == 731 and d.filter(d["day"] == day)["same_day_last_year"][0] == same_day
    assert d.filter(d["day"] == day)["quarter"][0] == (day.month - 1) // 3 + 1


@pytest.mark.parametrize(("column", "dimension", "key"), [
    ("county_code", "dim_county", "county_code"), ("category", "dim_category", "category"), ("level", "dim_level", "level"),
    ("visit_kind", "dim_visit_kind", "visit_kind"), ("reception_mode", "dim_reception_mode", "reception_mode"),
    ("visit_date", "dim_date", "day"),
])
def test_every_fact_key_has_its_dimension_row(small_run, column, dimension, key):
    url, _, _ = small_run
    orphans = query(url, f"select count(*) from marts.fact_visit f left join marts.{dimension} d "
                         f"on f.{column} = d.{key} where f.{column} is not null and d.{key} is null")[0][0]
    facts = query(url, f"select count({column}) from marts.fact_visit")[0][0]
    assert facts > 0 and orphans == 0


def test_bi_views_speak_chinese_on_duckdb_and_in_the_snapshot(small_run):
    from warehouse.snapshot import snapshot_path

    url, _, _ = small_run
    for path in (url, str(snapshot_path(url))):
        rows = query(path, 'select "去向", "访别", "本期批次", "批次增减%" from bi."来访趋势" order by "去向排序", "访别排序"')
        shares = query(path, 'select max("批次占比%") from bi."问题类别占比"')[0][0]
        assert rows[0][:2] == ("赴京", "集访") and len(rows) == 8
        assert shares is None or shares <= 100


def test_the_scale_generator_writes_the_contract_forms(tmp_path):
    from petitions.demo.scale import visits_frame, write_landing
    from petitions.rules.ids import id_is_valid

    files = write_landing(tmp_path / "landing", 2_000)
    names = sorted(p.name for p in (tmp_path / "landing").iterdir())
    assert files == len(names) == 480 and any(n.endswith(".xlsx") for n in names)
    frame = visits_frame(2_000)
    assert frame["case_id"].n_unique() == frame.height and frame["in_system"].mean() > 0.9
    valid = frame.select(id_is_valid(pl.col("id_number"))).to_series()
    assert 0.97 < valid.mean() < 1.0  # about 1 % planted with a wrong check digit
