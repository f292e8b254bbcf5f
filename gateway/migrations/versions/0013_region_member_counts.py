"""current members per region, kept by the database: the issuance report sums a few rows per
region instead of counting 1,000,000 members

The report's member column counted 1,000,000 members on every view: 105-117 ms as an index-only
scan of ``ix_members_active_region`` (migration 0009) on a vacuumed table, 214 ms as the sequential
scan the planner takes before autovacuum has set the visibility map (EXPLAIN ANALYZE, shared test
machine). Statement-level triggers with transition tables append one row per region and statement
with the change of the count (rows a statement left in the same region and state cancel out and
write nothing). Append-only on purpose: a counter row per region updated in place is a row lock
that concurrent member writers (the sync's pipelined pages) would queue on, and a writer waiting
for an earlier page's commit while holding it deadlocked the sync in a test run.
``gateway.sync.member_counts`` reads the sums and folds the rows when they pile up.

PostgreSQL only: an embedded SQLite registry is small enough to count, and alembic's batch mode
(how SQLite alters a table) recreates ``members`` and would drop triggers.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Who counts as a current member: the same rule as the partial index ix_members_active_region.
_CURRENT = "region_id IS NOT NULL AND left_on IS NULL AND deletion_mark IS false"


def _append(changes: str) -> str:
    return (
        "INSERT INTO region_member_counts (region_id, members) "
        f"SELECT region_id, sum(n) FROM ({changes}) AS c GROUP BY region_id HAVING sum(n) <> 0;"
    )


_OLD = f"SELECT region_id, -1 AS n FROM old_rows WHERE {_CURRENT}"
_NEW = f"SELECT region_id, 1 AS n FROM new_rows WHERE {_CURRENT}"

_FUNCTIONS = f"""
CREATE FUNCTION region_member_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_append(_NEW)}
    ELSIF TG_OP = 'UPDATE' THEN
        {_append(_OLD + " UNION ALL " + _NEW)}
    ELSE
        {_append(_OLD)}
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION region_member_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM region_member_counts;
    RETURN NULL;
END $$;

-- PostgreSQL allows transition tables on single-event triggers only: one trigger per event.
CREATE TRIGGER members_count_insert AFTER INSERT ON members
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION region_member_counts_apply();
CREATE TRIGGER members_count_update AFTER UPDATE ON members
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION region_member_counts_apply();
CREATE TRIGGER members_count_delete AFTER DELETE ON members
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION region_member_counts_apply();
CREATE TRIGGER members_count_truncate AFTER TRUNCATE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION region_member_counts_clear();
"""


def upgrade() -> None:
    op.create_table(
        "region_member_counts",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_member_counts")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # The lock makes the initial count and the triggers one step for concurrent writers.
        op.execute("LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE")
        op.execute(_FUNCTIONS)
        op.execute(
            "INSERT INTO region_member_counts (region_id, members) "
            f"SELECT region_id, count(*) FROM members WHERE {_CURRENT} GROUP BY region_id"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS members_count_insert ON members;"
            "DROP TRIGGER IF EXISTS members_count_update ON members;"
            "DROP TRIGGER IF EXISTS members_count_delete ON members;"
            "DROP TRIGGER IF EXISTS members_count_truncate ON members;"
            "DROP FUNCTION IF EXISTS region_member_counts_apply();"
            "DROP FUNCTION IF EXISTS region_member_counts_clear();"
        )
    op.drop_table("region_member_counts")
