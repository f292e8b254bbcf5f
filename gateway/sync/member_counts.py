"""Current members per region (not left, not deleted in 1C) for the issuance report.

On PostgreSQL triggers on ``members`` append each statement's change of the count per region to
``region_member_counts`` (migration 0013); the count is their sum. :func:`fold` replaces the rows
by one per region, atomically, so the sum stays a few hundred rows. An embedded SQLite registry is
small and is counted directly.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from gateway.models import Member, RegionMemberCount

# Summing this many rows is about a millisecond; a full sync of 1,000,000 members in pages of
# 1,000 appends about one row per page and region it touched.
FOLD_AT = 2_000

_FOLD = text(
    "WITH gone AS (DELETE FROM region_member_counts RETURNING region_id, members) "
    "INSERT INTO region_member_counts (region_id, members) "
    "SELECT region_id, sum(members) FROM gone GROUP BY region_id HAVING sum(members) <> 0"
)


def members_per_region(session: Session, region_id: int | None = None) -> tuple[dict[int, int], bool]:
    """Members per region (one region's only when ``region_id`` is given), and whether the
    appended rows are many enough to be worth a :func:`fold`."""
    if session.get_bind().dialect.name != "postgresql":
        stmt = (
            select(Member.region_id, func.count())
            .where(Member.region_id.is_not(None), Member.left_on.is_(None), Member.deletion_mark.is_(False))
            .group_by(Member.region_id)
        )
        if region_id is not None:
            stmt = stmt.where(Member.region_id == region_id)
        return {r: n for r, n in session.execute(stmt)}, False
    stmt = select(RegionMemberCount.region_id, func.sum(RegionMemberCount.members), func.count()).group_by(
        RegionMemberCount.region_id
    )
    if region_id is not None:
        stmt = stmt.where(RegionMemberCount.region_id == region_id)
    counts, rows = {}, 0
    for rid, total, n in session.execute(stmt):
        counts[rid] = int(total)
        rows += n
    return counts, rows > FOLD_AT


def fold(connection: Connection) -> None:
    """One row per region instead of many. Safe beside writers and other folds: rows appended
    meanwhile are not seen and stay; a row another fold already took is skipped."""
    connection.execute(_FOLD)
