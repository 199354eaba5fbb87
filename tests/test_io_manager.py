"""Step files: month-partitioned outputs split by month, inputs handed over whole or as lazy scans."""

from datetime import date

import dagster as dg
import duckdb
import polars as pl
import pytest

from petitions.runtime.io_manager import ArrowIpcIOManager
from petitions.runtime.keys import LAZY_FRAME
from warehouse.io import connect, publish

MONTHS = ["2024-01-01", "2024-02-01", "2024-03-01"]
ROWS = pl.DataFrame({"file_month": [date(2024, 1, 1), date(2024, 3, 1), date(2024, 1, 1)], "n": [1, 2, 3]})


@pytest.mark.parametrize("dagster_type, expected", [(dg.PythonObjectDagsterType(pl.DataFrame), pl.DataFrame),
                                                    (LAZY_FRAME, pl.LazyFrame)])
def test_inputs_are_frames_or_lazy_scans_as_annotated(tmp_path, dagster_type, expected):
    manager = ArrowIpcIOManager(base_dir=str(tmp_path))
    manager.handle_output(dg.build_output_context(asset_key=dg.AssetKey(["marts", "t"])), ROWS)
    upstream = dg.build_output_context(asset_key=dg.AssetKey(["marts", "t"]))
    context = dg.build_input_context(asset_key=dg.AssetKey(["marts", "t"]), upstream_output=upstream,
                                     dagster_type=dagster_type)
    loaded = manager.load_input(context)
    assert isinstance(loaded, expected)
    assert loaded.lazy().select("n").collect()["n"].to_list() == [1, 2, 3]


def test_a_partitioned_output_is_one_file_per_month(tmp_path):
    manager = ArrowIpcIOManager(base_dir=str(tmp_path))
    context = dg.build_output_context(asset_key=dg.AssetKey(["staging", "rows"]), partition_key=MONTHS[0],
                                      definition_metadata={"partition_column": "file_month"})
    manager.handle_output(context, ROWS)
    written = pl.read_ipc(tmp_path / "staging" / "rows" / f"{MONTHS[0]}.arrow")
    assert written["n"].to_list() == [1, 3]  # January's rows only


def test_publish_takes_lazy_frames_and_counts_what_it_wrote(tmp_path):
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    engine = connect(url)
    files = pl.DataFrame({"source_file": ["a.csv", "b.csv"], "reason": ["x", "y"]})
    counts = publish(engine, {"quality.rejected_files": files.lazy().filter(pl.col("source_file") == "b.csv")})
    engine.dispose()
    assert counts == {"quality.rejected_files": 1}
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert con.execute("select source_file from quality.rejected_files").fetchall() == [("b.csv",)]
    con.close()


@pytest.mark.parametrize("frame", [ROWS, ROWS.sort("file_month")], ids=["months interleaved", "month order"])
def test_every_month_of_the_run_gets_its_rows_or_an_empty_file(tmp_path, frame):
    """Sliced (month order) or filtered, each month's file holds its rows; a month without rows is
    written empty, replacing what an earlier run left there."""
    manager = ArrowIpcIOManager(base_dir=str(tmp_path))
    folder = tmp_path / "staging" / "rows"
    folder.mkdir(parents=True)
    ROWS.write_ipc(folder / f"{MONTHS[1]}.arrow")  # an earlier run's February
    context = dg.build_output_context(asset_key=dg.AssetKey(["staging", "rows"]),
                                      asset_partition_key_range=dg.PartitionKeyRange(MONTHS[0], MONTHS[2]),
                                      asset_partitions_def=dg.MonthlyPartitionsDefinition("2024-01-01"),
                                      definition_metadata={"partition_column": "file_month"})
    manager.handle_output(context, frame)
    got = {m: pl.read_ipc(folder / f"{m}.arrow")["n"].sort().to_list() for m in MONTHS}
    assert got == {MONTHS[0]: [1, 3], MONTHS[1]: [], MONTHS[2]: [2]}
