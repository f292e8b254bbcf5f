"""Changes the admin endpoint can make to the registry, as 1C users would make them.

Each mutation picks its object deterministically (from the seed and a mutation counter) unless the
caller names one, bumps DataVersion and registers the change on the exchange plan — so tests and
the benchmark can drive incremental sync reproducibly.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..wire import EMPTY_DATE
from .faults_errors import ODataFault
from .generate import new_ref
from .names import FEMALE_NAMES, PATRONYMICS, SURNAMES

Mutation = Callable[[Any, sqlite3.Connection, random.Random, dict[str, Any]], str]


def _pick(conn: sqlite3.Connection, rng: random.Random, table: str, where: str = "1=1") -> str:
    probe = new_ref(rng)
    for sql in (
        f"SELECT ref FROM {table} WHERE ref > ? AND {where} ORDER BY ref LIMIT 1",
        f"SELECT ref FROM {table} WHERE ref <= ? AND {where} ORDER BY ref DESC LIMIT 1",
    ):
        row = conn.execute(sql, (probe,)).fetchone()
        if row:
            return row[0]
    raise ODataFault(400, "9", f"nothing to mutate in {table}")


def _primary_kind(store: Any) -> str:
    return store.mapping.organisations.kinds["primary"]


def _named_or_picked(
    conn: sqlite3.Connection, rng: random.Random, ref: Any, table: str, where: str, what: str
) -> str:
    """The row the caller named (404 if 1C has no such object), or a random one matching ``where``."""
    if ref:
        if not conn.execute(f"SELECT 1 FROM {table} WHERE ref = ?", (ref,)).fetchone():
            raise ODataFault(404, "6", f"{what} not found")
        return str(ref)
    return _pick(conn, rng, table, where)


def _member(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    return _named_or_picked(conn, rng, params.get("member"), "members", "deletion_mark = 0", "member")


def _touch(store: Any, conn: sqlite3.Connection, table: str, ref: str, sets: dict[str, Any]) -> str:
    sets = {**sets, "version": store.next_version(conn)}
    conn.execute(
        f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in sets)} WHERE ref = ?", [*sets.values(), ref]
    )
    store.register_change(conn, table, ref)
    return ref


def member_moved(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    ref = _member(store, conn, rng, params)
    org = params.get("organisation") or _pick(
        conn, rng, "orgs", f"kind = '{_primary_kind(store)}' AND excluded_on = '{EMPTY_DATE}'"
    )
    return _touch(store, conn, "members", ref, {"organisation": org})


def member_left(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    return _touch(store, conn, "members", _member(store, conn, rng, params), {"left_on": store.today()})


def member_marked_deleted(
    store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]
) -> str:
    return _touch(store, conn, "members", _member(store, conn, rng, params), {"deletion_mark": 1})


def member_renamed(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    ref = _member(store, conn, rng, params)
    first, middle = conn.execute(
        "SELECT first_name, middle_name FROM members WHERE ref = ?", (ref,)
    ).fetchone()
    surname = params.get("last_name") or SURNAMES[rng.randrange(len(SURNAMES))][1]
    return _touch(
        store,
        conn,
        "members",
        ref,
        {"last_name": surname, "description": f"{surname} {first} {middle}".rstrip()},
    )


def member_deleted(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    ref = _member(store, conn, rng, params)
    conn.execute("DELETE FROM members WHERE ref = ?", (ref,))
    store.register_change(conn, "members", ref)
    return ref


def member_created(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    ref = new_ref(rng)
    org = params.get("organisation") or _pick(
        conn, rng, "orgs", f"kind = '{_primary_kind(store)}' AND excluded_on = '{EMPTY_DATE}'"
    )
    surname = SURNAMES[rng.randrange(len(SURNAMES))][1]
    first = FEMALE_NAMES[rng.randrange(len(FEMALE_NAMES))]
    middle = PATRONYMICS[rng.randrange(len(PATRONYMICS))][1]
    number = conn.execute("SELECT coalesce(max(record_number), 100000000000) + 1 FROM members").fetchone()[0]
    today = store.today()
    conn.execute(
        "INSERT INTO members VALUES (?,?,0,?,?,?,?,?,?,?,?,1,?,?,?,?)",
        (
            ref,
            store.next_version(conn),
            f"ЧН{number % 10**8:08d}",
            f"{surname} {first} {middle}",
            surname,
            first,
            middle,
            "1990-05-17T00:00:00",
            store.mapping.members.categories["employed"],
            org,
            today,
            today,
            EMPTY_DATE,
            number,
        ),
    )
    store.register_change(conn, "members", ref)
    return ref


def org_excluded(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    ref = params.get("organisation") or _pick(
        conn, rng, "orgs", f"kind = '{_primary_kind(store)}' AND excluded_on = '{EMPTY_DATE}'"
    )
    return _touch(store, conn, "orgs", ref, {"excluded_on": store.today()})


def card_order_created(
    store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]
) -> str:
    ref = new_ref(rng)
    org = params.get("organisation") or _pick(conn, rng, "orgs", f"kind = '{_primary_kind(store)}'")
    members = params.get("members") or [
        _pick(conn, rng, "members", "deletion_mark = 0") for _ in range(rng.randrange(1, 6))
    ]
    number = conn.execute("SELECT count(*) + 1 FROM orders").fetchone()[0]
    conn.execute(
        "INSERT INTO orders VALUES (?,?,0,?,?,1,?,?)",
        (
            ref,
            store.next_version(conn),
            f"ЭП-{number:06d}",
            datetime.now().replace(microsecond=0).isoformat(),
            org,
            "",
        ),
    )
    reason = store.mapping.card_orders.reasons["first_issue"]
    conn.executemany(
        "INSERT INTO order_lines (ref, line_number, member, reason) VALUES (?,?,?,?)",
        [(ref, i, m, reason) for i, m in enumerate(members, start=1)],
    )
    store.register_change(conn, "orders", ref)
    return ref


def _document(store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]) -> str:
    return _named_or_picked(
        conn, rng, params.get("document"), "orders", "deletion_mark = 0 AND posted = 1", "card order"
    )


def card_order_marked_deleted(
    store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]
) -> str:
    # As in 1C: marking a posted document for deletion also cancels its posting.
    ref = _document(store, conn, rng, params)
    return _touch(store, conn, "orders", ref, {"deletion_mark": 1, "posted": 0})


def card_order_unposted(
    store: Any, conn: sqlite3.Connection, rng: random.Random, params: dict[str, Any]
) -> str:
    return _touch(store, conn, "orders", _document(store, conn, rng, params), {"posted": 0})


MUTATIONS: dict[str, Mutation] = {
    "member_moved": member_moved,
    "member_left": member_left,
    "member_marked_deleted": member_marked_deleted,
    "member_renamed": member_renamed,
    "member_deleted": member_deleted,
    "member_created": member_created,
    "org_excluded": org_excluded,
    "card_order_created": card_order_created,
    "card_order_marked_deleted": card_order_marked_deleted,
    "card_order_unposted": card_order_unposted,
}
