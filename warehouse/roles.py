"""PostgreSQL roles: ``petitions_bi`` reads marts and quality only; ``petitions_operator`` also reads
the personal data in ``restricted``. Neither can write. Idempotent: run it after every deployment."""

from __future__ import annotations

import re

import sqlalchemy as sa

from warehouse.io import WAREHOUSE_ONLY, ensure_schema
from warehouse.schema import BI_SCHEMAS, SCHEMAS

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(ValueError):
    """Roles cannot be set up on this warehouse; the message says why."""


def _ensure_role(conn: sa.Connection, role: str, login: bool) -> None:
    if not _ROLE_NAME.match(role):
        raise RoleError(f"role name {role!r} must be lower-case letters, digits and underscores")
    exists = conn.execute(sa.text("select 1 from pg_roles where rolname = :r"), {"r": role}).first()
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {role} {'LOGIN' if login else 'NOLOGIN'}")


def _grant_read(conn: sa.Connection, role: str, schemas: tuple[str, ...]) -> None:
    for schema in schemas:
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        # tables the pipeline rebuilds later (a changed column set) keep the grant
        conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}")


def _close(conn: sa.Connection, bi_role: str, schemas: tuple[str, ...]) -> None:
    for schema in schemas:
        if sa.inspect(conn).has_schema(schema):
            conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC")
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {bi_role}")


def grant_bi(engine: sa.Engine, bi_role: str = "petitions_bi", operator_role: str = "petitions_operator",
             restricted: sa.Engine | None = None) -> list[str]:
    """Create (if needed) and grant the two roles; return what was granted, for the user.

    ``restricted``: the database holding schema ``restricted`` when it is not the warehouse. The BI
    role gets no CONNECT there, so not even the catalog shows it a table or column name."""
    if engine.dialect.name != "postgresql" or (restricted is not None and restricted.dialect.name != "postgresql"):
        raise RoleError("DuckDB has no roles: give BI tools the read-only snapshot (<name>.snapshot.duckdb) instead")
    readable = (*BI_SCHEMAS, "bi")
    with engine.begin() as conn:
        ensure_schema(conn, WAREHOUSE_ONLY if restricted is not None else SCHEMAS)
        conn.execute(sa.schema.CreateSchema("bi", if_not_exists=True))
        _ensure_role(conn, bi_role, login=True)
        _ensure_role(conn, operator_role, login=True)
        _close(conn, bi_role, ("staging", "restricted"))
        _grant_read(conn, bi_role, readable)
        _grant_read(conn, operator_role, readable if restricted is not None else (*readable, "restricted"))
        lines = [f"{bi_role}: SELECT on {', '.join(readable)}",
                 f"{operator_role}: SELECT on {', '.join(readable)}" + ("" if restricted is not None else ", restricted"),
                 _database_privileges(conn, (bi_role, operator_role))]
    if restricted is not None:
        with restricted.begin() as conn:
            ensure_schema(conn, ("restricted",))
            _ensure_role(conn, bi_role, login=True)
            _ensure_role(conn, operator_role, login=True)
            _close(conn, bi_role, ("restricted",))
            _grant_read(conn, operator_role, ("restricted",))
            lines += [f"{operator_role}: SELECT on restricted in {conn.engine.url.database}",
                      _database_privileges(conn, (operator_role,))]
    return lines


def _database_privileges(conn: sa.Connection, roles: tuple[str, ...]) -> str:
    """PUBLIC loses TEMP and CONNECT on this database (database-wide: every other role needs CONNECT
    granted by name, as the two roles and the current user get here). Only the owner may; else say so."""
    database = conn.execute(sa.text("select current_database()")).scalar_one()
    quoted = conn.dialect.identifier_preparer.quote(database)
    try:
        with conn.begin_nested():
            for role in (*roles, "CURRENT_USER"):
                conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {quoted} TO {role}")
            conn.exec_driver_sql(f"REVOKE TEMPORARY, CONNECT ON DATABASE {quoted} FROM PUBLIC")
    except sa.exc.DBAPIError:
        return f"PUBLIC keeps TEMP and CONNECT on {database}: only its owner can revoke them"
    return f"PUBLIC: no TEMP and no CONNECT on {database} ({', '.join(roles)} may connect)"
