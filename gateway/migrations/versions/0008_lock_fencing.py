"""lock fencing: every acquisition of a named lock writes a new token into its lease row

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_locks") as batch:
        batch.add_column(sa.Column("token", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_locks") as batch:
        batch.drop_column("token")
