import dagster as dg

from petitions.definitions import defs as load_definitions
from warehouse.schema import metadata

defs = load_definitions()  # as Dagster loads the code location


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("petitions_job") is not None


def test_every_warehouse_table_feeds_the_release():
    graph = defs.resolve_asset_graph()
    release = dg.AssetKey("warehouse_release")
    parents = graph.get(release).parent_keys
    produced = {key for key, t in metadata.tables.items() if "history_of" not in t.info}  # history is derived
    gate = dg.AssetKey(["staging", "stg_case_records_gx_sample"])  # the GX check's asset: it holds the release back
    assert parents == {dg.AssetKey(key.split(".")) for key in produced} | {gate}


def test_the_gx_check_holds_back_the_release_and_nothing_computed_before_it():
    """Blocking on the GX sample, which only the release reads: marts and quality steps run while GX starts."""
    graph = defs.resolve_asset_graph()
    gate = dg.AssetKey(["staging", "stg_case_records_gx_sample"])
    assert graph.get(gate).child_keys == {dg.AssetKey("warehouse_release")}
    spec = graph.get_check_spec(dg.AssetCheckKey(gate, "stg_case_records_meet_expectations"))
    assert spec.blocking


def test_structural_checks_are_blocking():
    graph = defs.resolve_asset_graph()
    checks = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys}
    for name in ("landing_has_usable_files", "stg_used_files_have_case_ids", "file_lineage_accounts_for_every_row",
                 "stg_case_records_meet_expectations", "fact_visit_has_one_row_per_case"):
        assert checks[name].blocking, name


def test_operations_are_defined():
    assert {s.name for s in defs.sensors} == {"landing_sensor"}
    assert {s.name for s in defs.schedules} == {"monthly_report_schedule", "submission_deadline_schedule"}
    graph = defs.resolve_asset_graph()
    partitioned = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).partitions_def}
    assert partitioned == {"staging/stg_file_outcomes", "staging/stg_validated_rows"}
    for key in partitioned:
        assert graph.get(dg.AssetKey.from_user_string(key)).backfill_policy == dg.BackfillPolicy.single_run()


def test_warehouse_table_names_are_unique_across_schemas():
    names = [t.name for t in metadata.sorted_tables]
    assert len(names) == len(set(names))  # the release names its inputs by table
