"""Organisations and members from 1C records into the gateway's tables, a page at a time.

One statement per page: ``INSERT … ON CONFLICT (onec_ref) DO UPDATE … WHERE data_version IS
DISTINCT FROM excluded.data_version``, so an unchanged row (same DataVersion) costs no write.
On PostgreSQL the page travels as a binary COPY into a session-local staging table and one
``INSERT … SELECT`` moves it (:func:`pg_stage_upsert`); SQLite (the embedded run) gets the same
statement as an executemany.
Parent links and regions are not written here: see :mod:`gateway.sync.tree`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from adapters.onec import MemberRecord, OrgRecord
from gateway.db.base import utcnow
from gateway.models import Member, MemberCategory, Organisation, OrgKind

ORG_KINDS = {
    "central": OrgKind.UNION,
    "region": OrgKind.REGION,
    "territorial": OrgKind.TERRITORIAL,
    "primary": OrgKind.PRIMARY,
}
CATEGORIES = {
    "employed": MemberCategory.WORKING,
    "student": MemberCategory.STUDENT,
    "pensioner": MemberCategory.PENSIONER,
    "not_stated": MemberCategory.NOT_STATED,
}


@dataclass
class Counts:
    """What one page (or one run) did; merged into ``SyncRun.counts``."""

    values: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        if n:
            self.values[key] = self.values.get(key, 0) + n

    def merge_into(self, target: dict[str, Any]) -> dict[str, Any]:
        out = dict(target)
        for k, v in self.values.items():
            out[k] = int(out.get(k, 0)) + v
        return out


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _upsert_generic(session: Session, table: Table, rows: list[dict[str, Any]], update: Sequence[str]) -> int:
    dialect_insert = postgresql.insert if _is_pg(session) else sqlite.insert
    stmt = dialect_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.onec_ref],
        set_={c: stmt.excluded[c] for c in update},
        where=table.c.data_version.is_distinct_from(stmt.excluded.data_version),
    )
    written = 0
    for row in rows:  # executemany does not report rowcount per row on every driver
        written += session.execute(stmt, row).rowcount or 0
    return written


# ---- organisations -----------------------------------------------------------------------------


def org_row(rec: OrgRecord, counts: Counts) -> dict[str, Any]:
    kind = ORG_KINDS.get(rec.kind or "")
    if kind is None:
        # An enumeration value the mapping does not know: keep the organisation (its members
        # need it) as a primary, and say so in the run's counts.
        counts.add("organisations_unknown_kind")
        kind = OrgKind.PRIMARY
    code = (rec.region_code or "").strip() or None
    return {
        "onec_ref": uuid.UUID(rec.ref),
        "code": rec.code[:32],
        "name": rec.name[:500],
        "kind": kind,
        # Only regional organisations own a region code (it is unique: it goes into card numbers).
        "region_code": code if kind is OrgKind.REGION else None,
        "excluded_on": rec.excluded_on,
        "deletion_mark": rec.deletion_mark,
        "data_version": rec.data_version,
        "updated_at": utcnow(),
    }


_ORG_COLUMNS = (
    "onec_ref",
    "code",
    "name",
    "kind",
    "region_code",
    "excluded_on",
    "deletion_mark",
    "data_version",
)
_ORG_PG_TYPES = ("uuid", "text", "text", "text", "text", "date", "bool", "text")
_ORG_UPDATE = (
    "code",
    "name",
    "kind",
    "region_code",
    "excluded_on",
    "deletion_mark",
    "data_version",
    "updated_at",
)


def upsert_organisations(session: Session, records: Sequence[OrgRecord], counts: Counts) -> None:
    if not records:
        return
    rows = [org_row(r, counts) for r in records]
    table = Organisation.__table__
    if _is_pg(session):
        values = [tuple(r[c] for c in _ORG_COLUMNS) for r in rows]
        counts.add(
            "organisations_written",
            pg_stage_upsert(session, "organisations", _ORG_COLUMNS, _ORG_PG_TYPES, values),
        )
    else:
        counts.add("organisations_written", _upsert_generic(session, table, rows, _ORG_UPDATE))  # type: ignore[arg-type]
    counts.add("organisations_seen", len(rows))


# ---- members -----------------------------------------------------------------------------------


OrgIndex = dict[str, tuple[int, int | None]]  # 1C ref (text) → (organisation id, region id)


def org_index(session: Session, refs: Iterable[str] | None = None) -> OrgIndex:
    """Organisation ids and regions by 1C ref: all of them (~72,000 at most), or only ``refs``."""
    stmt = select(Organisation.onec_ref, Organisation.id, Organisation.region_id)
    out: OrgIndex = {}
    if refs is None:
        for ref, oid, rid in session.execute(stmt):
            out[str(ref)] = (oid, rid)
        return out
    wanted = sorted({uuid.UUID(r) for r in refs})
    for i in range(0, len(wanted), 1000):
        for ref, oid, rid in session.execute(stmt.where(Organisation.onec_ref.in_(wanted[i : i + 1000]))):
            out[str(ref)] = (oid, rid)
    return out


_MEMBER_COLUMNS = (
    "onec_ref", "surname", "name", "patronymic", "birth_date", "category", "organisation_id", "region_id",
    "consent", "consent_date", "left_on", "deletion_mark", "data_version", "match_key",
)  # fmt: skip
# Binary COPY types of the staging table, one per ``_MEMBER_COLUMNS`` entry.
_MEMBER_PG_TYPES = (
    "uuid", "text", "text", "text", "date", "text", "int4", "int4",
    "bool", "date", "date", "bool", "text", "text",
)  # fmt: skip
_MEMBER_UPDATE = tuple(c for c in _MEMBER_COLUMNS if c != "onec_ref")


def pg_stage_upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    types: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Upsert ``rows`` into ``table`` (keyed by ``onec_ref``, skipping rows whose DataVersion did
    not change) on PostgreSQL; return how many rows were written.

    The rows travel as a binary COPY into a session-local staging table (no WAL, no indexes), then
    one set-based ``INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE data_version IS DISTINCT
    FROM`` moves them: much cheaper per row than binding parameters, and an unchanged row costs
    no write. ``updated_at`` is set to ``now()`` on the rows written.

    The transaction commits without waiting for its WAL flush (``synchronous_commit = off``, this
    transaction only): a crash can lose the last pages, but each page commits together with the
    run's checkpoint, so the resumed run simply reads them again.
    """
    stage = f"sync_stage_{table}"
    update = [c for c in columns if c != "onec_ref"]
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ("
            + ", ".join(f"{c} {t}" for c, t in zip(columns, types, strict=True))
            + ")"
        )
        # TRUNCATE, not DELETE: nothing vacuums temporary tables, so deleted rows would pile up.
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.copy(f"COPY {stage} FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(types))
            write = copy.write_row
            for row in rows:
                write(row)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, updated_at) "
            f"SELECT {', '.join(columns)}, now() FROM {stage} "
            + "ON CONFLICT (onec_ref) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in update)
            + ", updated_at = excluded.updated_at "
            f"WHERE {table}.data_version IS DISTINCT FROM excluded.data_version"
        )
        return cursor.rowcount or 0


def _squeeze(part: str) -> str:
    # What member_match_key does to a part, with a shortcut for the common case: a part of
    # letters only has no whitespace to collapse.
    return part if part.isalpha() else " ".join(part.split())


def fast_match_key(surname: str, name: str, patronymic: str | None, birth_date: Any) -> str:
    """Same value as :func:`gateway.models.member_match_key` (a test holds them equal), about
    twice as fast: it runs once per member in a full sync."""
    norm = f"{_squeeze(surname)}|{_squeeze(name)}|{_squeeze(patronymic or '')}".lower().replace("ё", "е")
    return f"{norm}|{birth_date.isoformat()}"


def member_tuple(rec: MemberRecord, orgs: OrgIndex, counts: Counts) -> tuple[Any, ...] | None:
    """The row of one member, or None (counted) when the gateway cannot hold it."""
    org = orgs.get(rec.organisation_ref or "")
    if org is None:
        counts.add("members_without_organisation")
        return None
    if rec.birth_date is None:
        # A card needs a date of birth to match people; 1C's empty date arrives as None.
        counts.add("members_without_birth_date")
        return None
    category = CATEGORIES.get(rec.category or "")
    if category is None:
        counts.add("members_unknown_category")
        category = MemberCategory.NOT_STATED
    surname, name, patronymic = rec.last_name[:200], rec.first_name[:200], rec.middle_name[:200] or None
    return (
        uuid.UUID(rec.ref), surname, name, patronymic, rec.birth_date, category.value, org[0], org[1],
        rec.consent, rec.consent_date, rec.left_on, rec.deletion_mark, rec.data_version,
        fast_match_key(surname, name, patronymic, rec.birth_date),
    )  # fmt: skip


@dataclass
class MemberPage:
    """One page of members made ready for the database: built in the full sync's reader thread,
    so the thread that writes only copies tuples into PostgreSQL."""

    last_ref: str
    seen: int
    tuples: list[tuple[Any, ...]]
    counts: Counts


def member_page(records: Sequence[MemberRecord], orgs: OrgIndex) -> MemberPage:
    counts = Counts()
    tuples = [t for t in (member_tuple(r, orgs, counts) for r in records) if t is not None]
    return MemberPage(last_ref=records[-1].ref, seen=len(records), tuples=tuples, counts=counts)


def write_members(session: Session, page: MemberPage, counts: Counts) -> None:
    """Upsert a prepared page; its counts are merged into ``counts``."""
    for key, n in page.counts.values.items():
        counts.add(key, n)
    counts.add("members_seen", page.seen)
    if not page.tuples:
        return
    leaving = _members_leaving(session, page.tuples)
    if _is_pg(session):
        written = pg_stage_upsert(session, "members", _MEMBER_COLUMNS, _MEMBER_PG_TYPES, page.tuples)
    else:
        now = utcnow()
        rows = [{**dict(zip(_MEMBER_COLUMNS, t, strict=True)), "updated_at": now} for t in page.tuples]
        written = _upsert_generic(session, Member.__table__, rows, (*_MEMBER_UPDATE, "updated_at"))  # type: ignore[arg-type]
    counts.add("members_written", written)
    if leaving:
        # Their ЭПБ is void from now on: partners' apps and wallet passes are told (gateway.virtual),
        # by the full sync as by the change feed, once — on the page where the member left.
        from gateway.virtual.changes import members_voided

        members_voided(session, [str(ref) for ref in leaving])


_LEFT_ON, _DELETION_MARK = _MEMBER_COLUMNS.index("left_on"), _MEMBER_COLUMNS.index("deletion_mark")


def _members_leaving(session: Session, tuples: Sequence[tuple[Any, ...]]) -> list[uuid.UUID]:
    """Members of a page who left the union or were marked deleted in 1C while the gateway still
    holds them as active: read before the page is written. Members long gone (most of those a full
    sync sees) and members new to the gateway are not among them."""
    gone = [t[0] for t in tuples if t[_LEFT_ON] is not None or t[_DELETION_MARK]]
    if not gone:
        return []
    return list(
        session.scalars(
            select(Member.onec_ref).where(
                Member.onec_ref.in_(gone), Member.left_on.is_(None), Member.deletion_mark.is_(False)
            )
        )
    )


def upsert_members(session: Session, records: Sequence[MemberRecord], orgs: OrgIndex, counts: Counts) -> None:
    if records:
        write_members(session, member_page(records, orgs), counts)
