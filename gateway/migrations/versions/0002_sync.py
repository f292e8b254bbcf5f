"""sync: runs with checkpoints, the SQLite lock row, lines of 1C card-order documents

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("full", "incremental", name="synckind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum("running", "succeeded", "failed", name="syncstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=True),
        sa.Column("checkpoint", JSON, nullable=False),
        sa.Column("counts", JSON, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
    )
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.create_index("ix_sync_runs_kind_state", ["kind", "state"], unique=False)

    op.create_table(
        "sync_locks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_locks")),
    )

    op.create_table(
        "onec_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_ref", sa.Uuid(), nullable=False),
        sa.Column("document_number", sa.String(length=64), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("member_ref", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("problems", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["card_orders.id"], name=op.f("fk_onec_order_lines_order_id_card_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onec_order_lines")),
        sa.UniqueConstraint("document_ref", "line_number", name="uq_onec_order_lines_document_line"),
    )
    with op.batch_alter_table("onec_order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onec_order_lines_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("onec_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_onec_order_lines_order_id"))
    op.drop_table("onec_order_lines")
    op.drop_table("sync_locks")
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_runs_kind_state")
    op.drop_table("sync_runs")
