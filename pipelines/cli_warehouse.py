"""``petitions warehouse …``: roles for BI tools and a Superset dashboard over the ``bi`` views."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pipelines.errors import UsageError


def cmd_grant_bi(args: argparse.Namespace) -> int:
    from warehouse.io import connect, separate_restricted
    from warehouse.roles import RoleError, grant_bi

    separate = separate_restricted(args.warehouse, args.restricted_warehouse)
    engine, restricted = connect(args.warehouse), None
    try:
        restricted = connect(separate) if separate else None
        for line in grant_bi(engine, args.bi_role, args.operator_role, restricted):
            print(f"granted {line}")
    except RoleError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        engine.dispose()
        if restricted is not None:
            restricted.dispose()
    if not separate:
        print("note: schema restricted shares the warehouse database, so PostgreSQL's catalog lists its table and "
              "column names (never its rows) to petitions_bi; set PETITIONS_RESTRICTED_WAREHOUSE to a database "
              "of its own to hide them")
    return 0


def cmd_superset_bundle(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from warehouse.io import connect
    from warehouse.superset import CHARTS, bundle, to_zip

    engine = connect(args.warehouse)
    try:
        missing = {c.view for c in CHARTS} - set(sa.inspect(engine).get_view_names(schema="bi"))
        if missing:
            raise UsageError(f"the warehouse has no view bi.{sorted(missing)[0]}: run the pipeline into it first")
        data = to_zip(bundle(engine, args.bi_uri))
    finally:
        engine.dispose()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)
    print(f"wrote {out}: {len(CHARTS)} charts on bi views, connecting to {sa.make_url(args.bi_uri).render_as_string(hide_password=True)}; "
          f"import with `superset import-dashboards -p {out} -u <admin>`")
    return 0


def add_warehouse_commands(sub: argparse._SubParsersAction, warehouse_help: str) -> None:
    wh = sub.add_parser("warehouse", help="warehouse administration").add_subparsers(dest="action", required=True)
    grant = wh.add_parser("grant-bi", help="PostgreSQL: create the read-only BI and operator roles and grant them")
    grant.add_argument("--warehouse", default=None, help=warehouse_help)
    grant.add_argument("--bi-role", default="petitions_bi", help="login role that reads marts and quality (default: petitions_bi)")
    grant.add_argument("--operator-role", default="petitions_operator",
                       help="login role that also reads restricted contacts (default: petitions_operator)")
    grant.add_argument("--restricted-warehouse", default=None,
                       help="database of schema restricted, when not the warehouse (default: $PETITIONS_RESTRICTED_WAREHOUSE)")
    grant.set_defaults(func=cmd_grant_bi)
    ss = wh.add_parser("superset-bundle", help="write a Superset 6 dashboard (import ZIP) over the bi views")
    ss.add_argument("--warehouse", default=None, help=warehouse_help)
    ss.add_argument("--bi-uri", required=True,
                    help="how Superset connects: postgresql+psycopg2://petitions_bi:PASSWORD@host:5432/petitions, "
                         "or duckdb:////path/warehouse.snapshot.duckdb?access_mode=read_only")
    ss.add_argument("--out", default="petitions_superset.zip", help="ZIP to write (default: petitions_superset.zip)")
    ss.set_defaults(func=cmd_superset_bundle)
