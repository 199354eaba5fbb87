"""History by as_of: the contract's tables hold the latest as_of, their _history twins one slice per
as_of; a run replaces only its own slice, so a backfill fills history and a re-run never double counts."""

from collections import Counter

import duckdb
import pytest

from pipelines.runner import run_pipeline
from warehouse.bi_views import HISTORY_SUFFIX, VIEWS
from warehouse.schema_history import HISTORY

pytestmark = pytest.mark.slow


def test_month_ends_accumulate_and_a_rerun_replaces_its_slice(small_landing, tmp_path):
    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    for as_of in ("2024-01-31", manifest.as_of.isoformat(), "2024-01-31"):
        assert run_pipeline(directory, url, as_of, report_dir=str(tmp_path / "reports")).success
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    try:
        current = {str(r[0]) for r in con.execute("select distinct as_of from marts.rpt_trend").fetchall()}
        history = Counter(str(r[0]) for r in con.execute("select as_of from marts.rpt_trend_history").fetchall())
        latest = con.execute("select count(*) from quality.unentered_cases").fetchone()[0]
        sliced = con.execute("select count(*) from quality.unentered_cases_history where as_of = '2024-01-31'").fetchone()[0]
        tables = {f"{s}.{t}" for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()}
        latest_slice = {str(r[0]) for r in con.execute("select distinct as_of from marts.rpt_trend_current").fetchall()}
        latest_bi = {str(r[0]) for r in con.execute('select distinct "统计截止日期" from bi."县区数据质量"').fetchall()}
        bi_slices = {name: {str(r[0]) for r in con.execute(f'select distinct "统计截止日期" from bi."{name}"').fetchall()}
                     for name in VIEWS if name.endswith(HISTORY_SUFFIX)}
    finally:
        con.close()
    assert current == {"2024-01-31"}
    assert set(history) == {"2024-01-31", manifest.as_of.isoformat()} and history["2024-01-31"] == 8  # 4 levels × 2 kinds
    assert sliced == latest
    assert {t.fullname for t in HISTORY.values()} <= tables
    # the backfill ran January last: the tables hold the latest run, the _current views the latest month end
    assert latest_slice == latest_bi == {manifest.as_of.isoformat()}
    assert len(bi_slices) == 6
    for name in ("来访趋势_历史", "问题类别占比_历史", "接待情况_历史", "办理指标_历史", "县区数据质量_历史"):
        assert bi_slices[name] == set(history), name
