"""The organisation tree: parent links from 1C refs, and each organisation's region.

1C hands organisations out in key order, not tree order, so a child often arrives before its
parent: links are resolved once the organisations are in, and the region of every organisation
(the nearest regional ancestor, itself for a region) is recomputed over the whole tree — at most
~72,000 small rows, well under a second. Members follow their organisation's region: when an
organisation's region changes (it was moved), its members are updated with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from gateway.db.bulk import table_of
from gateway.models import Member, Organisation, OrgKind
from gateway.sync.upsert import Counts

ORGS = table_of(Organisation)
MEMBERS = table_of(Member)


def _update_by_id(
    session: Session, table: str, key: str, column: str, changes: list[dict[str, int | None]], value: str
) -> None:
    """``UPDATE table SET column = change[value] WHERE key = change["oid"]`` for every change.

    On PostgreSQL one statement joins two integer arrays (a first full load relinks tens of
    thousands of organisations); elsewhere an executemany."""
    t = {"organisations": ORGS, "members": MEMBERS}[table]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                f"UPDATE {table} AS t SET {column} = v.val "
                "FROM unnest(CAST(:oids AS int[]), CAST(:vals AS int[])) AS v(oid, val) "
                f"WHERE t.{key} = v.oid"
            ),
            {"oids": [c["oid"] for c in changes], "vals": [c[value] for c in changes]},
        )
        return
    session.execute(
        update(t).where(t.c[key] == bindparam("oid")).values({column: bindparam(value)}),
        changes,
    )


def link_parents(session: Session, parents: Mapping[str, str | None], counts: Counts) -> None:
    """Set ``parent_id`` of the organisations in ``parents`` (1C ref → parent's 1C ref)."""
    if not parents:
        return
    ids = {str(ref): (oid, pid) for ref, oid, pid in session.execute(
        select(Organisation.onec_ref, Organisation.id, Organisation.parent_id))}  # fmt: skip
    changes = []
    for ref, parent_ref in parents.items():
        own = ids.get(ref)
        if own is None:
            continue
        parent = ids.get(parent_ref) if parent_ref else None
        if parent_ref and parent is None:
            counts.add("organisations_parent_unknown")
        parent_id = parent[0] if parent else None
        if parent_id != own[1]:
            changes.append({"oid": own[0], "new_parent": parent_id})
    if changes:
        _update_by_id(session, "organisations", "id", "parent_id", changes, "new_parent")
    counts.add("organisations_relinked", len(changes))


def recompute_regions(session: Session, counts: Counts) -> None:
    """Recompute ``region_id`` of every organisation; carry changes over to their members."""
    rows = session.execute(
        select(Organisation.id, Organisation.parent_id, Organisation.kind, Organisation.region_id)
    ).all()
    parent = {oid: pid for oid, pid, _k, _r in rows}
    kind = {oid: k for oid, _p, k, _r in rows}
    region: dict[int, int | None] = {}

    def find(oid: int) -> int | None:
        path: list[int] = []
        node: int | None = oid
        found: int | None = None
        seen: set[int] = set()
        while node is not None and node not in seen:
            if node in region:
                found = region[node]
                break
            seen.add(node)
            path.append(node)
            if kind.get(node) is OrgKind.REGION:
                found = node
                break
            node = parent.get(node)
        for n in path:  # memoise the whole walk: the tree is four levels deep, so this is linear
            region[n] = found
        return found

    changed = [{"oid": oid, "new_region": find(oid)} for oid, _p, _k, old in rows if find(oid) != old]
    if changed:
        _update_by_id(session, "organisations", "id", "region_id", changed, "new_region")
        # Members of an organisation that changed region change region with it.
        _update_by_id(session, "members", "organisation_id", "region_id", changed, "new_region")
    counts.add("organisations_region_changed", len(changed))
