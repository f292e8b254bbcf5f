"""current members per region, kept by the database: the issuance report reads 80 rows, not 1,000,000

The report's member column counted 1,000,000 members on every view: 105-117 ms as an index-only
scan of ``ix_members_active_region`` (migration 0009) on a vacuumed table, 214 ms as the sequential
scan the planner takes before autovacuum has set the visibility map (EXPLAIN ANALYZE, shared test
machine). Statement-level triggers with transition tables keep one row per region instead: one
grouped upsert per INSERT / UPDATE / DELETE statement, so a sync page of 1,000 members costs one
small statement, not 1,000. PostgreSQL only: an embedded SQLite registry is small enough to count,
and alembic's batch mode (how SQLite alters a table) recreates ``members`` and would drop triggers.

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

# Who counts as a current member: the same rule as the partial index ix_members_active_region.
_CURRENT = "region_id IS NOT NULL AND left_on IS NULL AND deletion_mark IS false"

_FUNCTION = f"""
CREATE FUNCTION region_member_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Regions in id order: two concurrent statements lock the count rows in the same order.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO region_member_counts AS c (region_id, members)
        SELECT region_id, -count(*) FROM old_rows WHERE {_CURRENT} GROUP BY region_id ORDER BY region_id
        ON CONFLICT (region_id) DO UPDATE SET members = c.members + EXCLUDED.members;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO region_member_counts AS c (region_id, members)
        SELECT region_id, count(*) FROM new_rows WHERE {_CURRENT} GROUP BY region_id ORDER BY region_id
        ON CONFLICT (region_id) DO UPDATE SET members = c.members + EXCLUDED.members;
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
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("region_id", name=op.f("pk_region_member_counts")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # The lock makes the initial count and the triggers one step for concurrent writers.
        op.execute("LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE")
        op.execute(_FUNCTION)
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
