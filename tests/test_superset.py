"""The Superset dashboard bundle: every chart reads columns its view has, its SQL runs on the warehouse
as Superset would send it, and the committed export is what the builder writes today."""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from warehouse.superset import CHARTS, ROOT, bundle, to_zip

COMMITTED = Path(__file__).parents[1] / "deploy" / "superset" / "petitions_dashboard.zip"
QUOTED = re.compile(r'"([^"]+)"')


@pytest.fixture(scope="module")
def built(small_run):
    engine = sa.create_engine(small_run[0])
    try:
        return bundle(engine, "duckdb:////tmp/x.snapshot.duckdb?access_mode=read_only"), engine.url
    finally:
        engine.dispose()  # DuckDB allows one process: the command below opens the file again


def _metrics(params: dict) -> list[dict]:
    return [m for m in [params.get("metric"), params.get("timeseries_limit_metric"), *params.get("metrics", [])] if m]


def _columns_read(params: dict) -> set[str]:
    named = {params.get("x_axis"), *params.get("groupby", []), *params.get("all_columns", [])} - {None}
    named |= {QUOTED.search(c.strip("[]")).group(1) for c in params.get("order_by_cols", [])}
    for text in [m["sqlExpression"] for m in _metrics(params)] + [f["sqlExpression"] for f in params["adhoc_filters"]]:
        named |= set(QUOTED.findall(text))
    return named


def _chart_sql(chart: dict, view: str) -> str:
    """The query Superset builds from the chart's form data (dimensions, metrics, filters)."""
    p = chart["params"]
    dims = [f'"{c}"' for c in ([p["x_axis"]] if p.get("x_axis") else []) + p.get("groupby", [])]
    if p.get("query_mode") == "raw":
        select, group = ", ".join(f'"{c}"' for c in p["all_columns"]), ""
    else:
        select = ", ".join(dims + [f'{m["sqlExpression"]} AS "{m["label"]}"' for m in _metrics(p)])
        group = f" GROUP BY {', '.join(dims)}" if dims else ""
    where = " AND ".join(f["sqlExpression"] for f in p["adhoc_filters"]) or "TRUE"
    return f'SELECT {select} FROM bi."{view}" WHERE {where}{group}'


def test_every_chart_reads_columns_of_its_view_and_returns_rows(built):
    files, url = built
    datasets = {d["uuid"]: d for path, d in files.items() if path.startswith("datasets/")}
    charts = [d for path, d in files.items() if path.startswith("charts/")]
    assert len(charts) == len(CHARTS) and all(d["database_uuid"] for d in datasets.values())
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            for chart in charts:
                dataset = datasets[chart["dataset_uuid"]]
                columns = {c["column_name"] for c in dataset["columns"]}
                assert _columns_read(chart["params"]) <= columns, chart["slice_name"]
                rows = conn.execute(sa.text(_chart_sql(chart, dataset["table_name"]))).all()
                assert rows, chart["slice_name"]
    finally:
        engine.dispose()


def test_the_dashboard_places_every_chart_once(built):
    files, _ = built
    position = files[f"dashboards/{ROOT}.yaml"]["position"]
    placed = [node["meta"]["uuid"] for node in position.values() if isinstance(node, dict) and node.get("type") == "CHART"]
    assert sorted(placed) == sorted(d["uuid"] for p, d in files.items() if p.startswith("charts/"))
    rows = [position[r] for r in position["GRID_ID"]["children"]]
    assert all(sum(position[c]["meta"]["width"] for c in row["children"]) <= 12 for row in rows)


def test_the_committed_export_is_what_the_builder_writes(built):
    """Charts and dashboard byte for byte; datasets by column names (types differ by warehouse)."""
    files, _ = built
    with zipfile.ZipFile(COMMITTED) as archive:
        committed = {n.removeprefix(f"{ROOT}/"): yaml.safe_load(archive.read(n)) for n in archive.namelist()}
    assert set(committed) == set(files)
    for path, document in files.items():
        if path.startswith(("charts/", "dashboards/")):
            assert committed[path] == document, path
        elif path.startswith("datasets/"):
            assert [c["column_name"] for c in committed[path]["columns"]] == [c["column_name"] for c in document["columns"]]
    assert committed[f"databases/{ROOT}.yaml"]["sqlalchemy_uri"].startswith("postgresql+psycopg2://petitions_bi@")


def test_the_zip_holds_one_root_folder(built):
    names = zipfile.ZipFile(io.BytesIO(to_zip(built[0]))).namelist()
    assert names and all(n.startswith(f"{ROOT}/") and n.endswith(".yaml") for n in names)


def test_the_command_writes_the_bundle_and_explains_an_empty_warehouse(small_run, tmp_path):
    out = tmp_path / "dash.zip"
    command = [sys.executable, "-m", "pipelines.cli", "warehouse", "superset-bundle", "--bi-uri",
               "postgresql+psycopg2://petitions_bi:secret@bi-host:5432/petitions", "--out", str(out)]
    done = subprocess.run([*command, "--warehouse", small_run[0]], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert zipfile.is_zipfile(out) and "secret" not in done.stdout and "bi-host" in done.stdout
    empty = subprocess.run([*command, "--warehouse", f"duckdb:///{tmp_path / 'empty.duckdb'}"],
                           capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2 and "run the pipeline into it first" in empty.stderr and "Traceback" not in empty.stderr
