"""The Definitions materialised against a temporary DuckDB warehouse, checked against the generator's record."""

import pytest
from tests_support import query

from pipelines.runner import run_pipeline
from warehouse.schema import metadata


def snapshot(url: str) -> dict[str, list[tuple]]:
    return {key: sorted(query(url, f"select * from {key}"), key=repr) for key in metadata.tables}


def test_counts_match_what_the_generator_planted(small_run):
    url, manifest, outcome = small_run
    expected = manifest.expected_counts()
    assert {k: outcome.counts.get(k) for k in expected} == expected
    assert outcome.counts["rows_read"] == (outcome.counts["rows_accepted"] + outcome.counts["rows_rejected"]
                                           + outcome.counts["rows_duplicate"])


def test_rejected_rows_have_visible_row_numbers_and_name_the_column(small_run):
    from petitions.demo.junk import JUNK_SYSTEM

    url, manifest, _ = small_run
    found = {(f, r): reason for f, r, reason in query(url, "select source_file, row_number, reason from quality.rejected_rows")}
    assert set(found) == set(manifest.rejected_rows)
    for key, planted in manifest.rejected_rows.items():
        assert JUNK_SYSTEM[planted] in found[key], (key, planted, found[key])


@pytest.mark.parametrize(
    ("sql", "attribute"),
    [
        ("select source_file, row_number from quality.duplicate_rows", "duplicate_rows"),
        ("select source_file, row_number from quality.invalid_ids", "invalid_id_rows"),
        ("select case_id from quality.unentered_cases", "unentered"),
        ("select case_id from quality.pending_entries", "pending"),
        ("select case_id from quality.late_entries", "late"),
        ("select case_id from quality.system_only_cases", "system_only"),
        ("select case_id, field from quality.field_mismatches", "mismatches"),
        ("select source_file from quality.rejected_files", "rejected_files"),
        ("select source_file from quality.file_lineage where status = 'superseded'", "superseded_files"),
        ("select county_code, month, kind from quality.missing_submissions", "missing_submissions"),
    ],
)
def test_findings_match_the_planted_defects(small_run, sql, attribute):
    url, manifest, _ = small_run
    rows = query(url, sql)
    found = {r[0] if len(r) == 1 else tuple(r) for r in rows}
    assert len(rows) == len(found)
    assert found == set(getattr(manifest, attribute))


def test_fact_visit_values_follow_the_register(small_run):
    url, manifest, _ = small_run
    facts = {(c, i): (d, k, p, lv, cat) for c, i, d, k, p, lv, cat in query(
        url, "select county_code, case_id, visit_date, visit_kind, persons, level, category from marts.fact_visit")}
    truth = {key: (v.visit_date, v.visit_kind, v.persons, v.level, v.category) for key, v in manifest.visits.items()}
    assert facts == truth


def test_rejected_files_say_why(small_run):
    url, _, _ = small_run
    reasons = dict(query(url, "select source_file, reason from quality.rejected_files"))
    assert all(reason and len(reason) > 10 for reason in reasons.values())
    assert any("county reference" in r for r in reasons.values())


@pytest.mark.slow
def test_rerun_gives_identical_tables(small_landing, tmp_path):
    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    assert run_pipeline(directory, url, manifest.as_of.isoformat()).success
    first = snapshot(url)
    assert run_pipeline(directory, url, manifest.as_of.isoformat()).success
    assert snapshot(url) == first


@pytest.mark.slow
def test_failed_publish_leaves_previous_warehouse_intact(small_landing, tmp_path, monkeypatch):
    import warehouse.io

    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    assert run_pipeline(directory, url, manifest.as_of.isoformat()).success
    before = snapshot(url)
    calls = {"n": 0}
    original = warehouse.io._bulk_insert

    def crash_on_fifth(conn, table, frame):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated crash mid-publish")
        original(conn, table, frame)

    monkeypatch.setattr(warehouse.io, "_bulk_insert", crash_on_fifth)
    outcome = run_pipeline(directory, url, "2023-12-15")
    assert not outcome.success and any("simulated crash" in f for f in outcome.failures)
    assert calls["n"] == 5
    assert snapshot(url) == before


def test_blocking_check_stops_publication(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "notes.txt").write_text("not a register", encoding="utf-8")
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    outcome = run_pipeline(landing, url, "2024-01-31")
    assert not outcome.success
    assert any("landing_has_usable_files" in f for f in outcome.failures)
    assert query(url, "select count(*) from information_schema.tables where table_schema = 'marts'") == [(0,)]


def test_findings_are_warnings_with_metadata(small_run):
    url, manifest, outcome = small_run
    unentered = outcome.checks["registered_cases_are_entered_in_system"]
    assert unentered["severity"] == "WARN" and unentered["passed"] is (not manifest.unentered)
    assert unentered["metadata"]["count"] == len(manifest.unentered)
    per_county = unentered["metadata"]["count_per_county_code"]
    assert sum(per_county.values()) == len(manifest.unentered)
    assert unentered["metadata"]["table"] == "quality.unentered_cases"
    assert outcome.checks["file_lineage_accounts_for_every_row"] == {
        "passed": True, "severity": "ERROR", "metadata": {"files_not_adding_up": []}}


def test_gx_suites_pass_on_staged_records(small_run):
    _, _, outcome = small_run
    gx = outcome.checks["stg_case_records_meet_expectations"]
    assert gx["passed"] and gx["severity"] == "ERROR"
    assert gx["metadata"]["failed_expectations"] == 0 and gx["metadata"]["gx_seconds"] > 0


def test_file_without_case_ids_blocks_everything_downstream(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    header = "登记编号,来访日期,信访人,访别,人数,去向,问题类别\n"
    (landing / "410204_2024-01_register.csv").write_text(header + ",2024-01-05,张三,个人访,1,来市,其他\n" * 3,
                                                         encoding="utf-8")
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    outcome = run_pipeline(landing, url, "2024-01-31")
    assert not outcome.success
    check = outcome.checks["stg_used_files_have_case_ids"]
    assert check["severity"] == "ERROR" and not check["passed"]
    assert check["metadata"]["files_without_case_ids"] == ["410204_2024-01_register.csv"]
    assert "fact_visit" not in str(outcome.checks) and "registered_cases_are_entered_in_system" not in outcome.checks
    assert query(url, "select count(*) from information_schema.tables where table_schema = 'marts'") == [(0,)]


@pytest.mark.slow
def test_transient_warehouse_error_is_retried(small_landing, tmp_path, monkeypatch):
    import dagster as dg

    import assets.publish
    import petitions.runtime.resources
    from warehouse.io import WarehouseUnavailable

    directory, manifest = small_landing
    real_connect, calls = petitions.runtime.resources.connect, {"n": 0}

    def flaky(url):
        calls["n"] += 1
        if calls["n"] == 1:
            raise WarehouseUnavailable("server closed the connection unexpectedly")
        return real_connect(url)

    monkeypatch.setattr(petitions.runtime.resources, "connect", flaky)
    monkeypatch.setattr(assets.publish, "RETRY_SECONDS", 0)
    instance = dg.DagsterInstance.ephemeral()
    outcome = run_pipeline(directory, f"duckdb:///{tmp_path / 'wh.duckdb'}", manifest.as_of.isoformat(), instance=instance)
    assert outcome.success and calls["n"] >= 2
    events = [e.dagster_event.event_type_value for e in instance.all_logs(outcome.run_id) if e.dagster_event]
    assert events.count("STEP_UP_FOR_RETRY") == 1


@pytest.mark.slow
def test_data_errors_are_not_retried(small_landing, tmp_path, monkeypatch):
    import dagster as dg

    import warehouse.io

    directory, manifest = small_landing

    def broken(conn, table, frame):
        raise ValueError("a value the warehouse refuses")

    monkeypatch.setattr(warehouse.io, "_bulk_insert", broken)
    instance = dg.DagsterInstance.ephemeral()
    outcome = run_pipeline(directory, f"duckdb:///{tmp_path / 'wh.duckdb'}", manifest.as_of.isoformat(), instance=instance)
    assert not outcome.success
    events = [e.dagster_event.event_type_value for e in instance.all_logs(outcome.run_id) if e.dagster_event]
    assert "STEP_UP_FOR_RETRY" not in events


@pytest.mark.slow  # a whole run (~7 s); the everyday suite stays under two minutes
def test_a_failing_gx_suite_holds_back_the_release(small_landing, tmp_path, monkeypatch):
    """GX's verdict gates publication: with an expectation no record meets, the marts are computed but the
    warehouse is never written, and the run says which check failed."""
    import checks.expectations as expectations

    real = expectations.suite_spec

    def impossible(ref, side, max_persons):
        return [*real(ref, side, max_persons), (expectations.IN_SET, {"column": "level", "value_set": ["到乡"]})]

    monkeypatch.setattr(expectations, "suite_spec", impossible)
    directory, manifest = small_landing
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    outcome = run_pipeline(directory, url, manifest.as_of.isoformat(), report_dir=str(tmp_path / "reports"))
    assert not outcome.success
    assert any("stg_case_records_meet_expectations" in f for f in outcome.failures)
    assert "marts/fact_visit" in outcome.materialized and "warehouse_release" not in outcome.materialized
    assert not (tmp_path / "wh.duckdb").exists() or query(
        url, "select count(*) from information_schema.tables where table_schema = 'marts'") == [(0,)]
