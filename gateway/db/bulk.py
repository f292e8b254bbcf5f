"""Bulk writes for the hot paths (file intake, batching).

On PostgreSQL rows go in with COPY, several times faster than a multi-row INSERT, and ids are
taken from the table's sequence up front so related rows can reference them. Elsewhere (the
embedded SQLite) a plain multi-row INSERT does the same job.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _pg_type(column: Any) -> str:
    """The PostgreSQL type name binary COPY needs for ``column``."""
    from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, Numeric, Uuid

    t = column.type
    impl = getattr(t, "impl", None)
    for candidate in (t, impl):
        if candidate is None:
            continue
        if isinstance(candidate, JSON) or "JSON" in type(candidate).__name__:
            return "jsonb"
        if isinstance(candidate, BigInteger):
            return "int8"
        if isinstance(candidate, Integer):
            return "int4"
        if isinstance(candidate, Boolean):
            return "bool"
        if isinstance(candidate, DateTime):
            return "timestamptz"
        if isinstance(candidate, Date):
            return "date"
        if isinstance(candidate, Uuid):
            return "uuid"
        if isinstance(candidate, Numeric):
            return "numeric"
    return "text"


def _copy(session: Session, table: Table, columns: list[str], rows: Sequence[dict[str, Any]]) -> None:
    from psycopg.types.json import Jsonb

    cols = [table.c[c] for c in columns]
    types = [_pg_type(c) for c in cols]
    json_idx = [i for i, t in enumerate(types) if t == "jsonb"]
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    # Binary COPY: no text parsing on the server. psycopg adapts str-based enums, UUIDs and
    # datetimes itself; only JSON needs wrapping.
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            values = [row.get(c) for c in columns]
            for i in json_idx:
                if values[i] is not None:
                    values[i] = Jsonb(values[i])
            copy.write_row(values)


def _with_defaults(table: Table, rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Fill Python-side column defaults (COPY does not run them)."""
    columns = [
        c.name
        for c in table.columns
        if not (c.primary_key and c.autoincrement is True and c.name not in rows[0])
    ]
    defaults = {
        c.name: c.default
        for c in table.columns
        if c.default is not None and c.name not in rows[0] and c.name in columns
    }
    if defaults:
        filled = []
        for row in rows:
            r = dict(row)
            for name, default in defaults.items():
                arg = default.arg  # type: ignore[attr-defined]
                r[name] = arg(None) if callable(arg) else arg
            filled.append(r)
        rows = filled
    present = set(rows[0])
    return [c for c in columns if c in present], list(rows)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    if _is_postgres(session):
        columns, full = _with_defaults(table, rows)
        _copy(session, table, columns, full)
    else:
        session.execute(table.insert(), list(rows))


def insert_rows_returning_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their new ids in the same order."""
    if not rows:
        return []
    if _is_postgres(session):
        ids = list(
            session.execute(
                text(
                    f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)"
                ),
                {"n": len(rows)},
            ).scalars()
        )
        with_ids = [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
        columns, full = _with_defaults(table, with_ids)
        _copy(session, table, columns, full)
        return ids
    return list(
        session.scalars(table.insert().returning(table.c.id, sort_by_parameter_order=True), list(rows))
    )


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
