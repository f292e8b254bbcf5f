"""members of the union per region: a partial index for the reports' counts

The issuance report counts current members per region (not left, not deleted in 1C) on every view;
over 1,000,000 members that is a full scan of the members table (1.5 s on the shared test machine).
With this index it is an index-only scan (0.56 s there, about a third). Built CONCURRENTLY on
PostgreSQL, so a registry of millions keeps taking writes while it is made.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHERE = sa.text("left_on IS NULL AND deletion_mark IS false")
_WHERE_SQLITE = sa.text("left_on IS NULL AND deletion_mark = 0")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(
                "ix_members_active_region",
                "members",
                ["region_id"],
                postgresql_where=_WHERE,
                postgresql_concurrently=True,
                if_not_exists=True,
            )
    else:
        op.create_index("ix_members_active_region", "members", ["region_id"], sqlite_where=_WHERE_SQLITE)


def downgrade() -> None:
    op.drop_index("ix_members_active_region", table_name="members")
